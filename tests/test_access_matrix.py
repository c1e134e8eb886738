import datetime

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, CaseStatus, Participant
from core.models import User
from tests.access_matrix import ADMIN_POST_EXCEPTIONS, ADMIN_POSTS, MATRIX, PERSONAS, POSTS
from tests.conftest import client_for
from tests.factories import (
    login_attempts,
    make_case,
    make_commitment,
    make_consent,
    make_participant,
    make_referral,
    make_referral_without_identity,
    make_sharing_request,
    record_departure,
)
from tests.routes import all_routes
from tests.trainings.factories import training_samples
from tests.venue_factories import make_inspection, make_license, make_team, make_venue, png_upload
from venues import services as venue_services
from venues.models import Venue


def unlisted_routes(urlconf: str | None = None) -> list[str]:
    return [route for route in all_routes(urlconf) if route not in MATRIX]


def test_every_url_pattern_has_a_row():
    assert unlisted_routes() == []


def test_no_row_for_a_url_that_no_longer_exists():
    assert sorted(set(MATRIX) - set(all_routes())) == []


def test_a_url_missing_from_the_table_fails_the_matrix():
    # The same check, run on the project's URLs plus one new view without a row.
    assert unlisted_routes("tests.urls_with_unlisted_route") == ["unlisted/"]


def case_under_monitoring(worker: User, name: str) -> Case:
    """A case of its own participant, moved along the workflow up to monitoring."""
    case = make_case(worker, make_participant(worker, full_name=name))
    for status in (CaseStatus.ACTIVE, CaseStatus.RETURNED_HOME, CaseStatus.MONITORING):
        case = Case.objects.get(pk=case.pk)
        if status in case.allowed_transitions():
            services.case_transition(actor=worker, case=case, to_status=status, expected_version=case.version)
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def samples(personas) -> dict[str, object]:
    """One of everything, belonging to `caseworker` (so `caseworker2` must get 404)."""
    worker = personas["caseworker"]
    case = make_case(worker)
    record_departure(worker, case)
    commitment = make_commitment(worker, case)
    referral = make_referral(worker, case)
    monitoring = case_under_monitoring(worker, "Rina")
    closing = case_under_monitoring(worker, "Wati")
    services.case_request_closure(actor=worker, case=closing, reason="Stabil.", expected_version=closing.version)
    declining = case_under_monitoring(worker, "Tuti")
    services.case_request_closure(actor=worker, case=declining, reason="Stabil.", expected_version=declining.version)
    closed = case_under_monitoring(worker, "Ani")
    services.case_request_closure(actor=worker, case=closed, reason="Stabil.", expected_version=closed.version)
    closed = Case.objects.get(pk=closed.pk)
    services.case_approve_closure(actor=personas["supervisor"], case=closed, expected_version=closed.version)
    reopening = case_under_monitoring(worker, "Sari")
    services.case_request_closure(actor=worker, case=reopening, reason="Stabil.", expected_version=reopening.version)
    reopening = Case.objects.get(pk=reopening.pk)
    services.case_approve_closure(actor=personas["supervisor"], case=reopening, expected_version=reopening.version)
    case.refresh_from_db()
    today = timezone.localdate()
    return {
        **training_samples(worker, personas["coordinator"], case),
        "case": case.pk,
        "participant": case.participant_id,
        "home_return": case.home_return.pk,
        "commitment": commitment.pk,
        "referral": referral.pk,
        # A referral sent without identity, whose caseworker asked a supervisor to share it.
        "sharing_referral": make_sharing_request(worker, monitoring).pk,
        # One sent without identity for a participant who has not consented, nobody asked yet.
        "unshared_referral": make_referral_without_identity(worker, make_case(worker)).pk,
        "consent": case.participant.consents.first().pk,
        "follow_up": case.follow_ups.first().pk,
        "timeline_entry": case.timeline.first().pk,
        "log_entry": LogEntry.objects.first().pk,
        **login_attempts(),
        "user": personas["caseworker"].pk,
        "user_ct": ContentType.objects.get_for_model(User).pk,
        "group": Group.objects.get(name="Caseworker").pk,
        "caseworker2": personas["caseworker2"].pk,
        "caseworker": worker.pk,
        "case_version": case.version,
        "next_status": case.allowed_transitions()[0],
        "participant_version": case.participant.version,
        "free_participant": make_participant(worker, full_name="Dewi").pk,
        "monitoring_case": monitoring.pk,
        "monitoring_version": monitoring.version,
        "closing_case": closing.pk,
        "closing_version": Case.objects.get(pk=closing.pk).version,
        "declining_case": declining.pk,
        "declining_version": Case.objects.get(pk=declining.pk).version,
        "closed_case": closed.pk,
        "closed_version": closed.version,
        "reopen_case": reopening.pk,
        # Withdrawn by the POST column, so the admin's consent page keeps a consent in force.
        "withdrawn_consent": make_consent(worker, monitoring.participant).pk,
        "reopen_version": Case.objects.get(pk=reopening.pk).version,
        "today": today.strftime("%d-%m-%Y"),
        "next_week": (today + datetime.timedelta(days=7)).strftime("%d-%m-%Y"),
        "yesterday": (today - datetime.timedelta(days=1)).strftime("%d-%m-%Y"),
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
    extra = {}
    for name in ("opened_enforcement", "closable_enforcement"):
        other = make_venue(supervisor, venue.team)
        make_license(supervisor, other)
        extra[name] = make_inspection(inspector, other, violation=True).enforcement.pk
    extra["unlicensed_venue"] = make_venue(supervisor, venue.team).pk
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
        "now": timezone.localtime().strftime("%d-%m-%Y %H.%M"),
        **extra,
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


# --- The POST column ------------------------------------------------------------------------------


def snapshot() -> dict[str, list[dict]]:
    """Every row a POST to these routes could write: the cases app, users, groups and the audit trail."""
    models = [*apps.get_app_config("cases").get_models(), User, Group, LogEntry]
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in models}


def fill(data: dict[str, str], samples: dict[str, object]) -> dict[str, str]:
    """The row's data with the sample ids, and the versions as they are now (an earlier POST may have saved)."""
    versions = {
        "venue_version": Venue.objects.get(pk=samples["venue"]).version,
        "case_version": Case.objects.get(pk=samples["case"]).version,
        "participant_version": Participant.objects.get(pk=samples["participant"]).version,
    }
    return {name: value.format(**{**samples, **versions}) for name, value in data.items()}


def post_rows() -> dict[str, tuple[str, dict[str, str], dict[str, str]]]:
    rows = {**POSTS, **ADMIN_POSTS}
    for route, code in ADMIN_POST_EXCEPTIONS.items():
        path, data, answers = rows[route]
        rows[route] = path, data, {persona: code if value == "200" else value for persona, value in answers.items()}
    return rows


def post_client(user):
    client = client_for(user)
    client.raise_request_exception = False  # a server error is an answer too ("500"), never expected
    return client


def test_no_post_row_for_a_url_that_no_longer_exists():
    assert sorted(set(post_rows()) - set(all_routes())) == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_post_endpoint_answers_the_persona_as_the_table_says(persona, personas, samples):
    """A POST with valid data, as every persona; refused (403, 404) it writes nothing."""
    actual, expected, written = {}, {}, []
    for path, data, answers in post_rows().values():
        url = path.format(**samples)
        refused = answers[persona] in ("403", "404")
        client = post_client(personas[persona])  # a fresh one each time: one POST logs out
        before = snapshot() if refused else None  # after the login, which writes last_login
        actual[url] = answer(client.post(url, fill(data, samples)))
        expected[url] = answers[persona]
        if refused and snapshot() != before:
            written.append(url)
    assert actual == expected
    assert written == []


def posts_taken_without_a_row(persona: str, user, samples, rows) -> dict[str, str]:
    """The routes missing from `rows` that take a POST from `persona`: any view the administrator gets
    something else than 405 or 404 from, or that gives anyone a page or a redirect for a POST."""
    taken = {}
    for route, (path, _answers) in MATRIX.items():
        if route in rows:
            continue
        code = answer(post_client(user).post(path.format(**samples), {}))
        if not (code in ("405", "404") or (code in ("302", "403") and persona != "admin")):
            taken[route] = code
    return taken


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_route_without_a_post_row_refuses_every_post(persona, personas, samples):
    assert posts_taken_without_a_row(persona, personas[persona], samples, post_rows()) == {}


def test_a_post_endpoint_missing_from_the_table_fails_the_matrix(personas, samples):
    rows = {route: row for route, row in post_rows().items() if route != "cases/<int:pk>/status/"}
    assert posts_taken_without_a_row("admin", personas["admin"], samples, rows) == {"cases/<int:pk>/status/": "R"}


def test_the_posted_data_is_valid(personas, samples):
    """The owner's (or the supervisor's) POST of the same data does write: so caseworker2's 404 refused
    a real change, not a form that would have failed anyway."""
    wrote_nothing = []
    # The reassignment last: after it the case is no longer caseworker's.
    for route, (path, data, answers) in sorted(POSTS.items(), key=lambda item: item[0].endswith("reassign/")):
        if not route.startswith("cases/"):
            continue
        persona = "caseworker" if answers["caseworker"] == "R" else "supervisor"
        client = post_client(personas[persona])
        before = snapshot()
        response = client.post(path.format(**samples), fill(data, samples))
        assert answer(response) == "R", (route, persona)
        if snapshot() == before:
            wrote_nothing.append(route)
    assert wrote_nothing == []
