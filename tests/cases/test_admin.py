"""The admin is no side door: its saves go through cases.services (version check,
timeline), the workflow moves only through its actions, and nothing is added there."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.models import Case, CaseStatus, Consent, HomeReturn, Participant
from tests.conftest import client_for
from tests.factories import make_case, make_consent, make_participant, record_departure


def form_data(response) -> dict:
    """What the admin's change form would post back unchanged (inlines left out)."""
    form = response.context["adminform"].form
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        if isinstance(value, datetime.date):
            value = value.strftime("%d-%m-%Y")
        data[field.html_name] = str(getattr(value, "pk", value))
    for formset in response.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def change_url(obj) -> str:
    return f"/admin/cases/{obj._meta.model_name}/{obj.pk}/change/"


def shown_messages(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def test_an_admin_save_goes_through_the_service_bumps_the_version_and_writes_the_timeline(caseworker, supervisor):
    case = make_case(caseworker)
    admin = client_for(supervisor, language="en")
    data = form_data(admin.get(change_url(case)))
    response = admin.post(change_url(case), {**data, "priority": "high", "summary": "Ringkasan baru."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.priority, case.summary, case.version) == ("high", "Ringkasan baru.", 2)
    entry = case.timeline.get(kind="updated")
    assert entry.actor == supervisor
    assert entry.params == {"fields": ["priority", "summary"]}


@pytest.mark.parametrize("model", ["case", "participant"])
def test_a_stale_admin_form_is_refused_and_never_overwrites(caseworker, supervisor, model):
    case = make_case(caseworker)
    obj = case if model == "case" else case.participant
    admin = client_for(supervisor, language="en")
    stale = form_data(admin.get(change_url(obj)))  # the supervisor opens the page...
    # ... meanwhile the caseworker saves the same record in the app.
    if model == "case":
        services.case_update(actor=caseworker, case=case, fields=[], expected_version=case.version)
        case.summary = "Caseworker's summary."
        services.case_update(actor=caseworker, case=case, fields=["summary"], expected_version=case.version)
        changes = {"summary": "Supervisor's summary."}
    else:
        participant = case.participant
        participant.alias = "Caseworker's alias"
        services.participant_update(
            actor=caseworker, participant=participant, fields=["alias"], expected_version=participant.version
        )
        changes = {"alias": "Supervisor's alias"}
    response = admin.post(change_url(obj), {**stale, **changes})
    assert response.status_code == 302
    assert "changed by someone else" in shown_messages(response)
    obj.refresh_from_db()
    assert "Caseworker's" in (obj.summary if model == "case" else obj.alias)


def test_the_workflow_fields_are_read_only_in_the_admin(caseworker, caseworker2, supervisor):
    case = make_case(caseworker)
    admin = client_for(supervisor)
    data = form_data(admin.get(change_url(case)))
    forged = {"status": "closed", "caseworker": str(caseworker2.pk), "closed_on": "01-01-2026", "archived_at": "x"}
    assert admin.post(change_url(case), {**data, **forged}).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.caseworker, case.closed_on, case.archived_at) == (
        CaseStatus.INTAKE,
        caseworker,
        None,
        None,
    )


@pytest.mark.parametrize(
    "model", ["participant", "case", "homereturn", "commitment", "followup", "referral", "consent", "timelineentry"]
)
def test_no_add_page_is_offered(supervisor, admin_user, model):
    for user in (supervisor, admin_user):
        client = client_for(user)
        assert client.get(f"/admin/cases/{model}/add/").status_code == 403
        assert client.post(f"/admin/cases/{model}/add/", {}).status_code == 403
        assert f"/admin/cases/{model}/add/" not in client.get(f"/admin/cases/{model}/").content.decode()


def test_reassigning_refuses_someone_who_is_not_a_caseworker(caseworker, supervisor, inspector):
    case = make_case(caseworker)
    for not_a_caseworker in (supervisor, inspector):
        with pytest.raises(ValidationError):
            services.case_reassign(
                actor=supervisor, case=case, caseworker=not_a_caseworker, expected_version=case.version
            )
    caseworker.is_active = False
    caseworker.save()
    other = make_case(supervisor, make_participant(supervisor))
    with pytest.raises(ValidationError):
        services.case_reassign(actor=supervisor, case=other, caseworker=caseworker, expected_version=other.version)
    case.refresh_from_db()
    assert case.caseworker == caseworker
    assert not case.timeline.filter(kind="reassigned").exists()


def test_the_admin_reassigns_through_its_action_with_a_reason(caseworker, caseworker2, supervisor):
    cases = [make_case(caseworker), make_case(caseworker, make_participant(caseworker, full_name="Rina"))]
    admin = client_for(supervisor, language="en")
    selected = {"action": "reassign", ACTION_CHECKBOX_NAME: [str(case.pk) for case in cases]}
    page = admin.post("/admin/cases/case/", selected)
    assert page.status_code == 200
    assert cases[0].number in page.content.decode()
    refused = admin.post("/admin/cases/case/", {**selected, "apply": "1", "caseworker": str(supervisor.pk)})
    assert "Select a valid choice" in refused.content.decode()
    done = admin.post(
        "/admin/cases/case/", {**selected, "apply": "1", "caseworker": str(caseworker2.pk), "reason": "Cuti."}
    )
    assert done.status_code == 302
    assert "2 cases reassigned" in shown_messages(done)
    for case in cases:
        case.refresh_from_db()
        assert case.caseworker == caseworker2
        assert case.version == 2
        entry = case.timeline.get(kind="reassigned")
        assert entry.params == {"old": "Caseworker", "new": "Caseworker2", "reason": "Cuti."}
        assert entry.text.endswith("Cuti.")


def test_the_admins_closure_actions_call_the_services(caseworker, supervisor):
    case = make_case(caseworker)
    waiting = make_case(caseworker, make_participant(caseworker, full_name="Rina"))
    for step in (CaseStatus.ACTIVE, CaseStatus.RETURNED_HOME, CaseStatus.MONITORING):
        services.case_transition(actor=caseworker, case=waiting, to_status=step, expected_version=waiting.version)
    services.case_request_closure(actor=caseworker, case=waiting, reason="Mandiri.", expected_version=waiting.version)
    admin = client_for(supervisor, language="en")
    response = admin.post(
        "/admin/cases/case/", {"action": "approve_closure", ACTION_CHECKBOX_NAME: [case.pk, waiting.pk]}
    )
    text = shown_messages(response)
    assert "1 case closed" in text
    assert f"{case.number}: No closure was requested" in text
    waiting.refresh_from_db()
    assert waiting.status == CaseStatus.CLOSED
    assert waiting.timeline.filter(kind="closure_approved", actor=supervisor).exists()
    admin.post("/admin/cases/case/", {"action": "archive", ACTION_CHECKBOX_NAME: [waiting.pk]})
    waiting.refresh_from_db()
    assert waiting.archived_at is not None


def test_a_caseworker_cannot_use_the_admins_actions(caseworker, caseworker2):
    case = make_case(caseworker)
    data = {"action": "reassign", ACTION_CHECKBOX_NAME: [case.pk], "apply": "1", "caseworker": caseworker2.pk}
    assert client_for(caseworker).post("/admin/cases/case/", data).status_code == 302  # to the admin's login
    case.refresh_from_db()
    assert case.caseworker == caseworker


def test_a_home_return_saved_in_the_admin_goes_through_its_service(caseworker, supervisor):
    case = make_case(caseworker, status=CaseStatus.ACTIVE)
    home_return = record_departure(caseworker, case)
    admin = client_for(supervisor)
    data = form_data(admin.get(change_url(home_return)))
    arrived = timezone.localdate().strftime("%d-%m-%Y")
    response = admin.post(change_url(home_return), {**data, "arrived_on": arrived, "arrival_confirmed_how": "Telepon"})
    assert response.status_code == 302
    assert HomeReturn.objects.get().arrived_on == timezone.localdate()
    entry = case.timeline.filter(kind="return").first()
    assert (entry.params["updated"], entry.actor) == (True, supervisor)


def test_a_consent_is_withdrawn_in_the_admin_through_its_service_once(caseworker, supervisor):
    consent = make_consent(caseworker, make_participant(caseworker))
    admin = client_for(supervisor)
    data = form_data(admin.get(change_url(consent)))
    assert admin.post(change_url(consent), data).status_code == 302
    assert Consent.objects.get().is_active  # saving without a withdrawal changes nothing
    today = timezone.localdate().strftime("%d-%m-%Y")
    assert admin.post(change_url(consent), {**data, "withdrawn_on": today}).status_code == 302
    assert not Consent.objects.get().is_active
    assert 'name="withdrawn_on"' not in admin.get(change_url(consent)).content.decode()  # read-only now


def test_every_save_of_a_versioned_model_bumps_its_version(caseworker):
    participant = make_participant(caseworker)
    assert participant.version == 1
    participant.alias = "Nur"
    participant.save()
    assert Participant.objects.get().version == participant.version == 2
    participant.save(update_fields=["alias"])
    assert Participant.objects.get().version == 3
    case = make_case(caseworker, participant)
    Case.objects.get(pk=case.pk).save()
    case.refresh_from_db()
    assert case.version == 2
