import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from cases.models import Case, Commitment, Consent, FollowUp, HomeReturn, Participant, Referral
from core.demo import DEMO_USERS
from core.models import User


def test_seed_demo_refuses_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refused with DEBUG off"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_tells_the_office_story_once_and_every_login_works(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = {model: model.objects.count() for model in (User, Participant, Case, FollowUp, Referral, Consent)}
    call_command("seed_demo")  # a second run keeps what is there
    assert {model: model.objects.count() for model in counts} == counts

    # 20 in the cases story, and one person referred from a venue inspection (an unassigned intake case).
    assert counts[Participant] == 21
    cases_story = Case.objects.exclude(source="venue_inspection")
    assert set(cases_story.values_list("caseworker__username", flat=True)) == {"caseworker", "caseworker2"}
    returns = HomeReturn.objects.all()
    assert returns.filter(arrangement="self_funded").count() > returns.filter(arrangement="facilitated").count() > 0
    assert set(returns.values_list("travel_mode", flat=True)) == {"land", "sea", "air"}
    assert Commitment.objects.count() == returns.filter(arrangement="self_funded").count()
    assert FollowUp.objects.filter(done_on__isnull=False).exists()
    assert FollowUp.objects.due().filter(due_on__lt=timezone.localdate()).exists()  # overdue
    assert Referral.objects.filter(status="acknowledged").exists()
    assert Consent.objects.filter(withdrawn_on__isnull=False).count() == 1
    provinces = set(Participant.objects.values_list("origin_regency__province", flat=True))
    assert len(provinces) >= 5

    for demo in DEMO_USERS:
        client = Client()
        assert client.login(username=demo.username, password=settings.DEMO_PASSWORD), demo.username


def test_seed_demo_scale_adds_synthetic_cases(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", scale=30)
    assert Participant.objects.count() == 51  # 20 + 30 + one referred from a venue inspection
    assert Case.objects.count() == 51
    assert FollowUp.objects.count() >= 30 * 5
