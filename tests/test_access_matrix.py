import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from core.models import User
from tests.access_matrix import MATRIX, PERSONAS
from tests.conftest import client_for
from tests.factories import make_case, make_commitment, make_referral, record_departure
from tests.routes import all_routes
from tests.venue_factories import make_inspection, make_license, make_team, make_venue, png_upload
from venues import services as venue_services


def unlisted_routes(urlconf: str | None = None) -> list[str]:
    return [route for route in all_routes(urlconf) if route not in MATRIX]


def test_every_url_pattern_has_a_row():
    assert unlisted_routes() == []


def test_no_row_for_a_url_that_no_longer_exists():
    assert sorted(set(MATRIX) - set(all_routes())) == []


def test_a_url_missing_from_the_table_fails_the_matrix():
    # The same check, run on the project's URLs plus one new view without a row.
    assert unlisted_routes("tests.urls_with_unlisted_route") == ["unlisted/"]


@pytest.fixture
def samples(personas) -> dict[str, object]:
    """One of everything, belonging to `caseworker` (so `caseworker2` must get 404)."""
    worker = personas["caseworker"]
    case = make_case(worker)
    record_departure(worker, case)
    commitment = make_commitment(worker, case)
    referral = make_referral(worker, case)
    return {
        "case": case.pk,
        "participant": case.participant_id,
        "home_return": case.home_return.pk,
        "commitment": commitment.pk,
        "referral": referral.pk,
        "consent": case.participant.consents.first().pk,
        "follow_up": case.follow_ups.first().pk,
        "timeline_entry": case.timeline.first().pk,
        "log_entry": LogEntry.objects.first().pk,
        "user": personas["caseworker"].pk,
        "user_ct": ContentType.objects.get_for_model(User).pk,
        "group": Group.objects.get(name="Caseworker").pk,
        "province": "62",
        "regency": "62.71",
        "district": "62.71.01",
        "village": "62.71.01.1001",
        **venue_samples(personas),
    }


def venue_samples(personas) -> dict[str, object]:
    """A venue of `inspector`'s team with a violation, warned and reported."""
    supervisor, inspector = personas["supervisor"], personas["inspector"]
    venue = make_venue(supervisor, make_team(inspector))
    make_license(supervisor, venue)
    inspection = make_inspection(inspector, venue, violation=True, files=[png_upload()])
    action = inspection.enforcement
    today = timezone.localdate()
    action = venue_services.enforcement_warn(
        actor=supervisor, action=action, warned_on=today, warning_number="300/1", expected_version=action.version
    )
    action = venue_services.enforcement_report(
        actor=supervisor, action=action, reported_on=today, report_number="300/2", expected_version=action.version
    )
    plan = venue_services.round_assign(actor=supervisor, venue=venue, month=today, team=venue.team, planned_on=today)
    referral = venue_services.person_refer(actor=inspector, inspection=inspection, full_name="Nur", sex="F")
    license = venue.licenses.get()
    return {
        "team": venue.team_id,
        "license": license.pk,
        "license_change": license.status_changes.first().pk,
        "planned_visit": plan.pk,
        "person_referral": referral.pk,
        "venue": venue.pk,
        "inspection": inspection.pk,
        "evidence": inspection.evidence.get().pk,
        "enforcement": action.pk,
    }


def answer(response) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        login_pages = (reverse("login"), reverse("admin:login"), settings.LOGIN_URL)
        return "302" if location.split("?")[0] in login_pages else "R"
    return str(response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_route_answers_the_persona_as_the_table_says(persona, personas, samples):
    client = client_for(personas[persona])
    actual, expected = {}, {}
    for path, answers in MATRIX.values():
        url = path.format(**samples)
        actual[url] = answer(client.get(url))
        expected[url] = answers[persona]
    assert actual == expected
