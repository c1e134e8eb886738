"""The venues demo story: what seed_demo promises for the venues app."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case
from venues.demo import ESCALATED
from venues.models import EnforcementAction, Evidence, Inspection, LicenseStatus, PersonReferral, Venue
from venues.rounds import VisitState, current_month, monthly_round


@pytest.fixture
def seeded(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")


def test_the_venues_story(seeded):
    assert Venue.objects.count() == 12
    assert Venue.objects.values("district").distinct().count() == 5
    assert Inspection.objects.count() >= 120
    revoked = Venue.objects.get(name=ESCALATED)
    assert revoked.licenses.get().status == LicenseStatus.REVOKED
    action = EnforcementAction.objects.get(venue=revoked, stage="decided")
    assert action.warning_number and action.report_number and action.decree_number and action.repeat
    assert revoked.inspections.filter(purpose="confirmation", venue_operating=False).exists()
    referral = PersonReferral.objects.get()
    assert referral.case.caseworker is None and referral.case.status == "intake"
    assert Case.objects.filter(source="venue_inspection").count() == 1
    photo = Evidence.objects.first()
    with photo.file.open("rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"


def test_this_months_round_has_a_few_overdue(seeded):
    rows = monthly_round(Venue.objects.all(), current_month())
    assert ESCALATED not in [row.venue.name for row in rows if row.kind == "routine"]
    if timezone.localdate().day > 2:
        assert 1 <= sum(row.state == VisitState.OVERDUE for row in rows) <= 4
        assert any(row.state == VisitState.INSPECTED for row in rows)


def test_a_second_run_adds_nothing(seeded):
    counts = (Venue.objects.count(), Inspection.objects.count())
    call_command("seed_demo")
    assert (Venue.objects.count(), Inspection.objects.count()) == counts


def test_scale_adds_venues_and_inspections_in_proportion(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", scale=100)
    synthetic = Venue.objects.filter(name__startswith="Karaoke Sintetis")
    assert synthetic.count() == 2
    assert Inspection.objects.filter(venue__in=synthetic).count() == 2 * 12
    assert all(venue.licenses.get().current_status() == "active" for venue in synthetic)
