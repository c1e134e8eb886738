"""The admin is no side door: what the services guard is read-only, every save goes through a service
(version check, audit), and the enforcement steps run the app's forms and services (venues.steps)."""

import datetime
import importlib

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from tests.conftest import client_for, make_user
from tests.venue_factories import make_inspection, make_license, make_team, make_venue
from venues import services
from venues.models import (
    ChangeReason,
    EnforcementAction,
    InspectionTeam,
    LicenseStatus,
    LicenseStatusChange,
    Stage,
)

TODAY = timezone.localdate()
DAY = TODAY.strftime("%d-%m-%Y")


@pytest.fixture
def venue(supervisor, inspector):
    venue = make_venue(supervisor, make_team(inspector))
    make_license(supervisor, venue)
    return venue


@pytest.fixture
def opened(inspector, venue) -> EnforcementAction:
    return make_inspection(inspector, venue, violation=True).enforcement


@pytest.fixture
def reported(supervisor, opened) -> EnforcementAction:
    return services.enforcement_report(
        actor=supervisor, action=opened, reported_on=TODAY, report_number="300/2", expected_version=opened.version
    )


def step_url(action: EnforcementAction, step: str) -> str:
    return f"/admin/venues/enforcementaction/{action.pk}/{step}/"


def state(action: EnforcementAction) -> tuple:
    action = EnforcementAction.objects.get(pk=action.pk)
    return action.stage, action.version, action.warning_number, action.report_number, action.decree_number


def audited_updates(action: EnforcementAction, actor) -> int:
    return LogEntry.objects.get_for_object(action).filter(action=LogEntry.Action.UPDATE, actor=actor).count()


STEPS = {
    "warn": ({"warned_on": DAY, "warning_number": "300/1"}, Stage.WARNED),
    "report": ({"reported_on": DAY, "report_number": "300/2"}, Stage.REPORTED),
    "close": ({"note": "Bilik pribadi sudah dibongkar."}, Stage.CLOSED),
}


@pytest.mark.parametrize("step", STEPS)
def test_a_supervisor_takes_a_step_in_the_admin_through_the_service(step, supervisor, opened):
    data, stage = STEPS[step]
    client = client_for(supervisor)
    page = client.get(step_url(opened, step))
    assert page.status_code == 200 and 'data-testid="enforcement-step"' in page.content.decode()

    response = client.post(step_url(opened, step), {**data, "version": opened.version})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:venues_enforcementaction_change", args=[opened.pk])
    action = EnforcementAction.objects.get(pk=opened.pk)
    assert (action.stage, action.version) == (stage, opened.version + 1)
    assert audited_updates(action, supervisor) == 1


def test_a_supervisor_records_the_agencys_revocation_in_the_admin(supervisor, reported, venue):
    data = {
        "replied_on": DAY,
        "decision": "revocation",
        "decree_number": "503/DPMPTSP/77",
        "effective_on": DAY,
        "version": reported.version,
    }
    response = client_for(supervisor).post(step_url(reported, "decide"), data)

    assert response.status_code == 302
    action = EnforcementAction.objects.get(pk=reported.pk)
    assert (action.stage, action.decision, action.decree_number) == (Stage.DECIDED, "revocation", "503/DPMPTSP/77")
    license = venue.licenses.get()
    assert license.status == LicenseStatus.REVOKED
    change = license.status_changes.get(to_status=LicenseStatus.REVOKED)
    assert (change.reference, change.reason) == ("503/DPMPTSP/77", ChangeReason.DECISION)
    assert change.recorded_by == supervisor
    assert audited_updates(action, supervisor) == 1
    assert LogEntry.objects.get_for_object(license).filter(actor=supervisor).exists()


def test_a_step_the_rules_refuse_writes_nothing_and_says_why(supervisor, inspector, venue):
    make_inspection(inspector, venue, violation=True)
    make_inspection(inspector, venue, violation=True)  # a repeat: no warning, straight to the report
    action = venue.enforcement_actions.get()
    before = state(action)

    response = client_for(supervisor).post(step_url(action, "warn"), {**STEPS["warn"][0], "version": action.version})

    assert response.status_code == 200
    assert "langsung ke rekomendasi pencabutan" in response.content.decode()
    assert state(action) == before


def test_a_stale_step_page_is_refused(supervisor, opened):
    client = client_for(supervisor)
    client.post(step_url(opened, "warn"), {**STEPS["warn"][0], "version": opened.version})
    before = state(opened)

    response = client.post(step_url(opened, "report"), {**STEPS["report"][0], "version": opened.version})

    assert response.status_code == 200
    body = response.content.decode()
    assert "diubah oleh pengguna lain" in body and "Tahap: Teguran tertulis dikirim" in body  # the stored stage
    assert state(opened) == before


@pytest.mark.parametrize(
    ("step", "data"),
    [
        ("warn", {}),
        ("warn", {"warned_on": "31-02-2026", "warning_number": "300/1"}),
        ("warn", {"warned_on": "01-01-2999", "warning_number": "300/1"}),
        ("report", {"reported_on": DAY, "report_number": "   "}),
        ("decide", {"replied_on": DAY, "decision": "revocation"}),
        ("decide", {"replied_on": DAY, "decision": "pardon"}),
        ("close", {"note": ""}),
    ],
)
def test_bad_input_on_a_step_page_gives_a_message_and_writes_nothing(step, data, supervisor, opened):
    action = opened
    if step == "decide":
        action = services.enforcement_report(
            actor=supervisor, action=opened, reported_on=TODAY, report_number="300/2", expected_version=opened.version
        )
    before = state(action)

    response = client_for(supervisor).post(step_url(action, step), {**data, "version": action.version})

    assert response.status_code == 200
    body = response.content.decode()
    assert "text-red-600" in body
    assert state(action) == before


@pytest.mark.parametrize("step", ["warn", "report", "decide", "close"])
@pytest.mark.parametrize("persona", ["anonymous", "caseworker", "inspector", "coordinator"])
def test_roles_outside_the_admin_are_sent_to_its_login(step, persona, request, opened):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    before = state(opened)
    response = client_for(user).post(step_url(opened, step), {**STEPS.get(step, ({}, None))[0]})
    login_pages = (reverse("admin:login"), reverse("login"))
    assert response.status_code == 302 and response["Location"].split("?")[0] in login_pages
    assert state(opened) == before


@pytest.mark.parametrize("step", ["warn", "report", "decide", "close"])
def test_staff_without_the_permission_are_refused(step, opened):
    clerk = make_user("clerk", Role.CASEWORKER, is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_enforcementaction"))
    before = state(opened)

    client = client_for(clerk)
    assert client.get(step_url(opened, step)).status_code == 403
    assert client.post(step_url(opened, step), {**STEPS.get(step, ({}, None))[0]}).status_code == 403
    assert state(opened) == before


def test_escalating_is_not_deciding(reported):
    escalator = make_user("escalator", is_staff=True)
    escalator.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_enforcementaction", "escalate_enforcement", "view_all_venues"])
    )
    data = {"replied_on": DAY, "decision": "declined", "version": reported.version}
    assert client_for(escalator).post(step_url(reported, "decide"), data).status_code == 403
    assert state(reported)[0] == Stage.REPORTED


def test_the_change_page_offers_the_steps_to_a_supervisor(supervisor, opened):
    body = client_for(supervisor).get(reverse("admin:venues_enforcementaction_change", args=[opened.pk])).content
    for step in ("warn", "report", "decide", "close"):
        assert step_url(opened, step).encode() in body


def test_the_enforcement_fields_are_read_only_in_the_admin(supervisor, opened):
    client_for(supervisor).post(
        reverse("admin:venues_enforcementaction_change", args=[opened.pk]),
        {"stage": Stage.CLOSED, "note": "x", "version": opened.version},
    )
    assert state(opened)[:2] == (Stage.OPENED, opened.version)


def test_the_licence_status_cannot_be_changed_in_the_admin(supervisor, venue):
    license = venue.licenses.get()
    url = reverse("admin:venues_license_change", args=[license.pk])
    client_for(supervisor).post(
        url,
        {
            "number": "CHANGED",
            "issuing_agency": license.issuing_agency,
            "kind": license.kind,
            "expires_on": "",
            "status": LicenseStatus.REVOKED,
            "version": license.version,
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        },
    )
    license.refresh_from_db()
    assert (license.status, license.number, license.version) == (LicenseStatus.ACTIVE, "CHANGED", 2)


def test_a_licence_cannot_expire_before_it_is_issued_in_the_admin(supervisor, venue):
    license = venue.licenses.get()
    response = client_for(supervisor).post(
        reverse("admin:venues_license_change", args=[license.pk]),
        {
            "number": license.number,
            "issuing_agency": license.issuing_agency,
            "kind": license.kind,
            "expires_on": "01-01-2020",
            "version": license.version,
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    license.refresh_from_db()
    assert (license.expires_on, license.version) == (None, 1)


def venue_data(venue, **changes) -> dict:
    data = {
        "name": venue.name,
        "kind": venue.kind,
        "address": venue.address,
        "district": venue.district_id,
        "booth_count": venue.booth_count,
        "team": venue.team_id,
        "version": venue.version,
        "licenses-TOTAL_FORMS": "0",
        "licenses-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


def test_a_venue_saved_in_the_admin_goes_through_the_service(supervisor, venue):
    url = reverse("admin:venues_venue_change", args=[venue.pk])
    client = client_for(supervisor)
    assert client.post(url, venue_data(venue, name="Karaoke Baru Nama")).status_code == 302
    venue.refresh_from_db()
    assert (venue.name, venue.version) == ("Karaoke Baru Nama", 2)

    stale = client.post(url, venue_data(venue, name="Karaoke Basi", version=1))

    assert stale.status_code == 302
    venue.refresh_from_db()
    assert (venue.name, venue.version) == ("Karaoke Baru Nama", 2)
    messages = [str(message) for message in client.get(stale["Location"]).context["messages"]]
    assert any("diubah oleh pengguna lain" in message for message in messages)


def test_a_team_saved_in_the_admin_goes_through_the_service(supervisor, inspector):
    client = client_for(supervisor)
    response = client.post(reverse("admin:venues_inspectionteam_add"), {"name": "Tim Timur", "is_active": "on"})
    assert response.status_code == 302
    team = InspectionTeam.objects.get(name="Tim Timur")
    url = reverse("admin:venues_inspectionteam_change", args=[team.pk])

    client.post(url, {"name": "Tim Timur", "members": [inspector.pk], "is_active": "on", "version": team.version})

    team.refresh_from_db()
    assert (list(team.members.all()), team.version) == ([inspector], 2)
    # Who joined the team, and who added her, is in the audit log.
    joined = LogEntry.objects.get_for_object(team).filter(changes__members__isnull=False).get()
    assert (joined.actor, joined.changes["members"]["objects"]) == (supervisor, [str(inspector)])
    entry_page = client.get(reverse("admin:auditlog_logentry_change", args=[joined.pk])).content.decode()
    assert f"ditambahkan: {inspector}" in entry_page
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200
    client.post(url, {"name": "Tim Basi", "members": [], "is_active": "on", "version": 1})
    team.refresh_from_db()
    assert (team.name, list(team.members.all())) == ("Tim Timur", [inspector])


@pytest.mark.parametrize("model", ["inspection", "enforcementaction", "plannedvisit", "licensestatuschange", "license"])
def test_workflow_records_have_no_add_page(model, supervisor):
    assert client_for(supervisor).get(reverse(f"admin:venues_{model}_add")).status_code == 403


@pytest.mark.parametrize(("language", "text"), [("id", "Izin diterbitkan."), ("en", "Licence issued.")])
def test_a_status_change_reason_is_shown_in_the_readers_language(language, text, supervisor, venue):
    change = venue.licenses.get().status_changes.get()
    assert (change.reason, change.note) == (ChangeReason.ISSUED, "")

    body = client_for(supervisor, language).get(reverse("admin:venues_licensestatuschange_change", args=[change.pk]))

    assert text in body.content.decode()


@pytest.mark.parametrize("language", ["id", "en"])
def test_audit_record_names_hold_no_translated_text(language, supervisor, opened):
    client_for(supervisor, language).post(step_url(opened, "warn"), {**STEPS["warn"][0], "version": opened.version})
    names = set(LogEntry.objects.filter(content_type__app_label="venues").values_list("object_repr", flat=True))
    stage_labels = {"Teguran tertulis dikirim", "Written warning sent", "Pelanggaran ditemukan", "Violation found"}
    assert not any(label in name for name in names for label in stage_labels)
    assert str(opened) in names and str(opened).startswith(opened.venue.name)


def test_the_migration_turns_stored_notes_into_reasons_and_renames_old_audit_records(supervisor, opened):
    migration = importlib.import_module("venues.migrations.0004_license_change_reason_data")
    license = opened.venue.licenses.get()
    issued = license.status_changes.get()
    LicenseStatusChange.objects.filter(pk=issued.pk).update(reason="", note="Izin diterbitkan.")
    english = LicenseStatusChange.objects.create(
        license=license,
        to_status=LicenseStatus.EXPIRED,
        effective_on=datetime.date(2025, 1, 1),
        reference="X",
        note="Replaced by a new licence.",
        recorded_by=supervisor,
    )
    entries = LogEntry.objects.get_for_object(opened)
    entries.update(object_repr=f"{opened.venue.name}: Pelanggaran ditemukan")

    migration.notes_to_reasons(apps, None)
    migration.rename_audit_records(apps, None)

    issued.refresh_from_db()
    english.refresh_from_db()
    assert (issued.reason, issued.note) == (ChangeReason.ISSUED, "")
    assert (english.reason, english.note) == (ChangeReason.REPLACED, "")
    assert set(entries.values_list("object_repr", flat=True)) == {str(opened)}
    assert ContentType.objects.get_for_model(EnforcementAction).model == "enforcementaction"

    migration.reasons_to_notes(apps, None)
    issued.refresh_from_db()
    assert (issued.reason, issued.note) == ("", "Izin diterbitkan.")


def test_a_step_the_stage_does_not_allow_shows_no_form(supervisor, reported):
    body = client_for(supervisor).get(step_url(reported, "warn")).content.decode()
    assert 'data-testid="step-closed"' in body and 'name="warning_number"' not in body
    body = client_for(supervisor).get(step_url(reported, "decide")).content.decode()
    assert 'data-testid="step-closed"' not in body and 'name="decree_number"' in body
