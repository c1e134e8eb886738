import io

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

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

    for demo in DEMO_USERS:  # through the login page: login throttling needs the request
        response = Client().post(reverse("login"), {"username": demo.username, "password": settings.DEMO_PASSWORD})
        assert response.status_code == 302, demo.username


def test_seed_demo_scale_adds_synthetic_cases(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", scale=30)
    assert Participant.objects.count() == 51  # 20 + 30 + one referred from a venue inspection
    assert Case.objects.count() == 51
    assert FollowUp.objects.count() >= 30 * 5


def test_the_demos_sample_scans_download_only_for_those_who_may_see_the_case(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    commitment = Commitment.objects.exclude(scan="").select_related("case__caseworker").first()
    consent = Consent.objects.exclude(scan="").filter(participant__cases__caseworker=commitment.case.caseworker).first()
    assert Commitment.objects.filter(scan="").count() == 0 and Consent.objects.filter(scan="").count() == 0
    owner = commitment.case.caseworker.username
    other = "caseworker2" if owner == "caseworker" else "caseworker"
    urls = {
        "pdf": reverse("cases:commitment-scan", args=[commitment.pk]),
        "png": reverse("cases:consent-scan", args=[consent.pk]),
    }

    for kind, url in urls.items():
        response = client(owner).get(url)
        assert response.status_code == 200, kind
        body = b"".join(response.streaming_content)
        assert body.startswith(b"%PDF-" if kind == "pdf" else b"\x89PNG"), kind
        assert response["Content-Disposition"].startswith("attachment;")
        if kind == "pdf":
            assert "CONTOH / SAMPLE" in " ".join(PdfReader(io.BytesIO(body)).pages[0].extract_text().split())
        # Another caseworker, and the roles without cases, are told it does not exist.
        for username in (other, "inspector", "coordinator"):
            assert client(username).get(url).status_code == 404, (kind, username)
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    # Each download the owner made is in the audit trail.
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__event="download").count() == 2


def client(username: str) -> Client:
    logged_in = Client()
    logged_in.force_login(User.objects.get(username=username))
    return logged_in
