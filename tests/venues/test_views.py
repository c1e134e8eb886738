"""The venues app over HTTP: who may do what, bad input writes nothing, hostile query strings never 500."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.models import Case, CaseStatus
from core.models import User
from core.roles import Role
from tests.conftest import client_for, make_persona, make_user
from tests.venue_factories import make_inspection, make_license, make_team, make_venue, png_upload
from venues import services
from venues.models import EnforcementAction, Evidence, Inspection, LicenseStatus, PersonReferral, PlannedVisit, Stage
from venues.rounds import current_month, next_month


@pytest.fixture
def team(inspector):
    return make_team(inspector)


@pytest.fixture
def venue(supervisor, team):
    venue = make_venue(supervisor, team)
    make_license(supervisor, venue)
    return venue


@pytest.fixture
def other_venue(supervisor):
    venue = make_venue(supervisor, make_team(make_user("inspector2", Role.INSPECTOR)))
    make_license(supervisor, venue)
    return venue


def inspection_data(**overrides) -> dict:
    now = timezone.localtime() - datetime.timedelta(hours=1)
    data = {
        "inspected_at": now.strftime("%d-%m-%Y %H.%M"),
        "purpose": "routine",
        "venue_operating": "on",
        "opening_hours_kept": "on",
        "license_displayed": "on",
        "findings": "",
        "outcome": "compliant",
    }
    return {**data, **overrides}


def test_an_inspector_records_a_violation_with_a_photo(inspector, venue, team):
    data = inspection_data(team=team.pk, prostitution_signs="on", outcome="violation", photos=png_upload())
    response = client_for(inspector).post(reverse("venues:inspection-create", args=[venue.pk]), data)
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == inspection.get_absolute_url()
    assert inspection.is_violation and inspection.recorded_by == inspector
    assert Evidence.objects.get().inspection == inspection
    assert EnforcementAction.objects.get().stage == Stage.OPENED


def test_the_inspection_form_is_one_column_with_the_camera(inspector, venue):
    html = client_for(inspector).get(reverse("venues:inspection-create", args=[venue.pk])).content.decode()
    assert 'capture="environment"' in html and 'data-testid="inspection-form"' in html


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"inspected_at": "31-02-2026 21.00"}, "inspected_at"),
        ({"inspected_at": "01-01-2099 21.00"}, "inspected_at"),
        ({"prostitution_signs": "on", "outcome": "compliant"}, "outcome"),
        ({"outcome": "maybe"}, "outcome"),
        ({"findings": "x" * 5001}, "findings"),
        ({"photos": "not-a-file"}, None),
    ],
)
def test_bad_inspection_input_is_refused_and_writes_nothing(overrides, field, inspector, venue, team):
    data = inspection_data(team=team.pk, **overrides)
    if overrides.get("photos") == "not-a-file":
        from django.core.files.uploadedfile import SimpleUploadedFile

        data["photos"] = SimpleUploadedFile("foto.png", b"MZ\x90\x00 not a png", content_type="image/png")
        field = "photos"
    response = client_for(inspector).post(reverse("venues:inspection-create", args=[venue.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Inspection.objects.exists() and not Evidence.objects.exists()


def test_another_teams_team_cannot_be_chosen(inspector, venue, other_venue):
    response = client_for(inspector).post(
        reverse("venues:inspection-create", args=[venue.pk]), inspection_data(team=other_venue.team.pk)
    )
    assert response.status_code == 200 and "team" in response.context["form"].errors
    assert not Inspection.objects.exists()


@pytest.mark.parametrize("persona", ["inspector", "caseworker", "coordinator"])
def test_another_teams_venue_is_404_and_nothing_is_written(persona, request, other_venue):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    create = reverse("venues:inspection-create", args=[other_venue.pk])
    for url in (reverse("venues:venue-detail", args=[other_venue.pk]), create):
        assert client.get(url).status_code == 404
    response = client.post(create, inspection_data(team=other_venue.team.pk))
    assert response.status_code == 404
    assert not Inspection.objects.exists()


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    data=st.fixed_dictionaries(
        {
            "inspected_at": st.text(max_size=30),
            "team": st.text(max_size=8),
            "purpose": st.text(max_size=15),
            "outcome": st.sampled_from(["compliant", "violation", "", "x"]),
            "prostitution_signs": st.sampled_from(["", "on"]),
            "findings": st.text(max_size=50),
            "other_findings": st.text(max_size=50),
        }
    )
)
def test_generated_inspection_input_never_500s_nor_saves_a_bad_inspection(data):
    # Hypothesis runs every example in the one test transaction: the personas are made once.
    inspector = User.objects.filter(username="inspector").first() or make_persona("inspector")
    supervisor = User.objects.filter(username="supervisor").first() or make_persona("supervisor")
    venue = make_venue(supervisor, make_team(inspector))
    response = client_for(inspector).post(reverse("venues:inspection-create", args=[venue.pk]), data)
    assert response.status_code in (200, 302, 400)  # 400: a NUL character, refused by the middleware
    if response.status_code == 400:
        assert not venue.inspections.exists()
    elif response.status_code == 200:
        assert response.context["form"].errors
        assert not venue.inspections.exists()
    else:
        inspection = venue.inspections.get()
        assert not (inspection.prostitution_signs and inspection.outcome == "compliant")


def step(client, action, name, **data):
    return client.post(reverse(f"venues:enforcement-{name}", args=[action.pk]), {"version": action.version, **data})


def test_a_supervisor_escalates_and_records_the_revocation_over_http(supervisor, inspector, venue):
    action = make_inspection(inspector, venue, violation=True).enforcement
    client = client_for(supervisor)
    today = timezone.localdate().strftime("%d-%m-%Y")
    assert step(client, action, "warn", warned_on=today, warning_number="300/1/DINSOS/2026").status_code == 302
    action.refresh_from_db()
    assert step(client, action, "report", reported_on=today, report_number="300/2/DINSOS/2026").status_code == 302
    action.refresh_from_db()
    letter = client.get(reverse("venues:report-letter", args=[action.pk])).content.decode()
    assert "300/2/DINSOS/2026" in letter and "rekomendasi pencabutan izin" in letter.lower()
    decision = {"replied_on": today, "decision": "revocation", "decree_number": "503/9", "effective_on": today}
    response = step(client, action, "decide", **decision)
    assert response.status_code == 302
    assert venue.licenses.get().status == LicenseStatus.REVOKED


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("warn", {"warned_on": "", "warning_number": "300/1"}),
        ("warn", {"warned_on": "01-01-2099", "warning_number": "300/1"}),
        ("warn", {"warned_on": "01-01-2026", "warning_number": "  "}),
        ("decide", {"replied_on": "01-01-2026", "decision": "revocation", "decree_number": "", "effective_on": ""}),
        ("close", {"note": ""}),
    ],
)
def test_bad_step_input_changes_nothing(name, data, supervisor, inspector, venue):
    action = make_inspection(inspector, venue, violation=True).enforcement
    response = step(client_for(supervisor), action, name, **data)
    assert response.status_code == 200 and response.context["form"].errors
    action.refresh_from_db()
    assert (action.stage, action.version) == (Stage.OPENED, 1)


@pytest.mark.parametrize("name", ["warn", "report", "decide", "close"])
def test_inspectors_may_not_escalate(name, inspector, venue):
    action = make_inspection(inspector, venue, violation=True).enforcement
    assert step(client_for(inspector), action, name, warned_on="01-01-2026", warning_number="1").status_code == 403
    action.refresh_from_db()
    assert action.stage == Stage.OPENED


def test_a_stale_version_is_refused(supervisor, inspector, venue):
    action = make_inspection(inspector, venue, violation=True).enforcement
    response = client_for(supervisor).post(
        reverse("venues:enforcement-warn", args=[action.pk]),
        {"version": 7, "warned_on": timezone.localdate().strftime("%d-%m-%Y"), "warning_number": "1"},
    )
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.stage == Stage.OPENED


def test_a_supervisor_plans_a_venue_for_a_team(supervisor, venue, team):
    month = current_month()
    url = reverse("venues:plan-assign") + f"?month={month:%Y-%m}"
    planned_on = month.replace(day=20).strftime("%d-%m-%Y")
    response = client_for(supervisor).post(url, {"venue": venue.pk, "team": team.pk, "planned_on": planned_on})
    assert response.status_code == 302
    assert PlannedVisit.objects.get().planned_on == month.replace(day=20)


@pytest.mark.parametrize("planned_on", ["", "45-01-2026", "01-01-2001"])
def test_a_bad_plan_date_plans_nothing(planned_on, supervisor, venue, team):
    url = reverse("venues:plan-assign") + f"?month={current_month():%Y-%m}"
    data = {"venue": venue.pk, "team": team.pk, "planned_on": planned_on}
    response = client_for(supervisor).post(url, data, follow=True)
    assert list(response.context["messages"])[0].level_tag == "error"
    assert not PlannedVisit.objects.exists()


def test_the_assignment_page_lists_the_open_venues_by_state_the_first_ones_only(
    supervisor, inspector, venue, other_venue, team, monkeypatch
):
    monkeypatch.setattr("venues.views.plan.PLAN_ROWS", 1)
    third = make_venue(supervisor, team)
    make_license(supervisor, third)
    make_inspection(inspector, third)  # inspected: not to assign
    month = current_month()
    last_day = next_month(month) - datetime.timedelta(days=1)
    services.round_assign(actor=supervisor, venue=venue, month=month, team=team, planned_on=last_day)
    url = reverse("venues:plan-assign")
    client = client_for(supervisor)

    def names(query: dict) -> list[str]:
        page = client.get(url, {"month": f"{month:%Y-%m}", **query})
        assert page.status_code == 200
        return [row.venue.name for row in page.context["rows"]]

    everything = client.get(url, {"month": f"{month:%Y-%m}"})
    assert everything.context["open_count"] == 2 and everything.context["limited"]
    assert b'data-testid="plan-limited"' in everything.content
    assert names({}) == [other_venue.name]  # not yet planned before planned; one row shown
    assert names({"state": "planned"}) == [venue.name]
    assert names({"state": "inspected"}) == [other_venue.name]  # not a state to assign: all
    response = client.post(
        url + f"?month={month:%Y-%m}&state=planned",
        {"venue": other_venue.pk, "team": team.pk, "planned_on": last_day.strftime("%d-%m-%Y")},
    )
    assert response.url.endswith("&state=planned")  # back to the same view of the list
    assert PlannedVisit.objects.filter(venue=other_venue).exists()


def test_inspectors_may_not_plan(inspector, venue, team):
    url = reverse("venues:plan-assign")
    data = {"venue": venue.pk, "team": team.pk, "planned_on": "01-01-2026"}
    assert client_for(inspector).post(url, data).status_code == 403
    assert not PlannedVisit.objects.exists()


def test_the_plan_shows_the_month_and_its_coverage(inspector, venue, other_venue):
    make_inspection(inspector, venue)
    html = client_for(inspector).get(reverse("venues:plan")).content.decode()
    assert venue.name in html and other_venue.name not in html  # her team's venues only
    assert 'data-testid="coverage">1 / 1<' in html


def test_the_inspector_home_shows_her_round(inspector, venue):
    html = client_for(inspector).get("/").content.decode()
    assert 'data-testid="panel-inspector"' in html and venue.name in html


def test_an_inspector_refers_a_person_and_never_sees_the_case(inspector, supervisor, venue, caseworker):
    inspection = make_inspection(inspector, venue)
    client = client_for(inspector)
    response = client.post(
        reverse("venues:person-refer", args=[inspection.pk]),
        {"full_name": "Nur", "sex": "F", "estimated_age": "23", "note": "Ingin pulang."},
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.status, case.caseworker, case.source) == (CaseStatus.INTAKE, None, "venue_inspection")
    assert PersonReferral.objects.get().case == case
    # The inspector: no case list, no case page, no participant, and no trace of it on her pages.
    assert client.get(reverse("cases:case-list")).status_code == 403
    assert client.get(case.get_absolute_url()).status_code == 404
    assert client.get(case.participant.get_absolute_url()).status_code == 404
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert case.number not in page and case.participant.code not in page and "Nur" not in page
    # A caseworker does not see it either until assigned; the supervisor does, to assign it.
    assert client_for(caseworker).get(case.get_absolute_url()).status_code == 404
    assert case.number in client_for(supervisor).get(reverse("cases:case-list")).content.decode()


def test_a_referral_from_an_english_page_writes_the_case_summary_in_the_offices_language(inspector, venue):
    inspection = make_inspection(inspector, venue)
    client_for(inspector, "en").post(
        reverse("venues:person-refer", args=[inspection.pk]), {"full_name": "Nur", "sex": "F", "note": "Pulang."}
    )
    assert Case.objects.get().summary.startswith(f"Ditemui saat pemeriksaan {venue.name}")


@pytest.mark.parametrize(
    "data",
    [
        {"full_name": "", "sex": "F"},
        {"full_name": "  ", "sex": "X"},
        {"full_name": "A", "sex": "F", "phone": "12"},
        {"full_name": "A" * 151, "sex": "F"},
        {"full_name": "Nur\x00", "sex": "F"},
    ],
)
def test_a_bad_referral_writes_nothing(data, inspector, venue):
    inspection = make_inspection(inspector, venue)
    response = client_for(inspector).post(reverse("venues:person-refer", args=[inspection.pk]), data)
    # A NUL character is refused by the middleware (400) before the form sees it.
    assert response.status_code == 400 or (response.status_code == 200 and response.context["form"].errors)
    assert not Case.objects.exists() and not PersonReferral.objects.exists()


def test_evidence_downloads_are_audited(inspector, venue):
    inspection = make_inspection(inspector, venue, files=[png_upload()])
    evidence = inspection.evidence.get()
    response = client_for(inspector).get(reverse("venues:evidence-download", args=[evidence.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert LogEntry.objects.filter(additional_data__event="download", object_pk=str(evidence.pk)).exists()


HOSTILE = [
    "month=2026-13",
    "month=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-01",
    "month=\x00",
    "district=99",
    "district=%00",
    "license_status=bogus",
    "overdue=1",
    "outcome=%00",
    "after=garbage",
    "before=W1siYSJdXQ",
    "sort=../../",
    "team=-1",
    "q=" + "x" * 5000,
    "stage=opened&overdue=yes",
    "format=xlsx",
    "month=2026-11&format=pdf",
]
LISTS = [
    *("venue-list", "venue-export", "inspection-list", "inspection-export"),
    *("enforcement-list", "license-list", "plan", "plan-assign"),
]


@pytest.mark.parametrize("name", LISTS)
def test_hostile_query_strings_never_500(name, supervisor, venue):
    client = client_for(supervisor)
    for query in HOSTILE:
        response = client.get(reverse(f"venues:{name}") + "?" + query)
        assert response.status_code in (200, 400), (query, response.status_code)
