import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases import services
from cases.models import Case, CaseStatus
from core.locking import ConcurrentEditError
from tests.conftest import client_for
from tests.factories import make_case, make_participant


def test_caseworker_opens_a_case_for_herself(caseworker, caseworker2):
    participant = make_participant(caseworker)
    response = client_for(caseworker).post(
        reverse("cases:case-create"),
        # A caseworker cannot assign someone else: the field is disabled.
        {"participant": participant.pk, "opened_on": "01-11-2026", "source": "closure_bukit_sungkai",
         "priority": "normal", "caseworker": caseworker2.pk},
    )  # fmt: skip
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.caseworker == caseworker
    assert case.number.startswith("KS-2026-")
    assert case.timeline.get().kind == "opened"


def test_a_caseworker_cannot_open_a_case_for_another_caseworkers_participant(caseworker, caseworker2):
    other = make_participant(caseworker2, full_name="Rina")
    response = client_for(caseworker, language="en").post(
        reverse("cases:case-create"), {"participant": other.pk, "opened_on": "01-11-2026", "source": "outreach",
                                       "priority": "normal"},
    )  # fmt: skip
    assert "Select a valid choice" in str(response.context["form"].errors["participant"])
    assert Case.objects.count() == 0


def test_the_workflow_allows_only_the_next_step(caseworker):
    case = make_case(caseworker)
    with pytest.raises(ValidationError):
        services.case_transition(actor=caseworker, case=case, to_status=CaseStatus.MONITORING,
                                 expected_version=case.version)  # fmt: skip
    for step in (CaseStatus.ACTIVE, CaseStatus.RETURNED_HOME, CaseStatus.MONITORING):
        services.case_transition(actor=caseworker, case=case, to_status=step, expected_version=case.version)
    case.refresh_from_db()
    assert case.status == CaseStatus.MONITORING
    assert case.timeline.filter(kind="status").count() == 3


def test_closing_needs_a_request_and_a_supervisors_approval(caseworker, supervisor):
    case = make_case(caseworker)
    with pytest.raises(ValidationError):
        services.case_transition(actor=caseworker, case=case, to_status=CaseStatus.CLOSED,
                                 expected_version=case.version)  # fmt: skip
    for step in (CaseStatus.ACTIVE, CaseStatus.RETURNED_HOME, CaseStatus.MONITORING):
        services.case_transition(actor=caseworker, case=case, to_status=step, expected_version=case.version)
    client = client_for(caseworker)
    client.post(reverse("cases:case-request-closure", args=[case.pk]), {"reason": "Stabil.", "version": case.version})
    case.refresh_from_db()
    assert case.closure_pending
    # The caseworker cannot approve her own request.
    assert client.post(reverse("cases:case-approve-closure", args=[case.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.case_approve_closure(actor=caseworker, case=case, expected_version=case.version)
    client_for(supervisor).post(reverse("cases:case-approve-closure", args=[case.pk]), {"version": case.version})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closed_on is not None
    assert case.closure_reason == "Stabil."


def test_a_closure_request_needs_a_reason(caseworker):
    case = make_case(caseworker, status=CaseStatus.MONITORING)
    client_for(caseworker).post(reverse("cases:case-request-closure", args=[case.pk]), {"reason": "", "version": 1})
    case.refresh_from_db()
    assert not case.closure_pending


def test_a_closed_case_is_archived_not_deleted(caseworker, supervisor):
    case = make_case(caseworker, status=CaseStatus.MONITORING)
    services.case_request_closure(actor=caseworker, case=case, reason="Selesai.", expected_version=case.version)
    services.case_approve_closure(actor=supervisor, case=case, expected_version=case.version)
    client_for(supervisor).post(reverse("cases:case-archive", args=[case.pk]), {"version": case.version})
    case.refresh_from_db()
    assert case.archived_at is not None
    assert Case.objects.filter(pk=case.pk).exists()
    # Archived cases leave the lists but keep their page.
    assert case.number not in client_for(supervisor).get(reverse("cases:case-list")).content.decode()
    assert client_for(supervisor).get(case.get_absolute_url()).status_code == 200


def test_supervisor_reassigns_a_case(caseworker, caseworker2, supervisor):
    case = make_case(caseworker)
    client_for(supervisor).post(
        reverse("cases:case-reassign", args=[case.pk]), {"caseworker": caseworker2.pk, "version": case.version}
    )
    case.refresh_from_db()
    assert case.caseworker == caseworker2
    assert client_for(caseworker).get(case.get_absolute_url()).status_code == 404
    assert client_for(caseworker2).get(case.get_absolute_url()).status_code == 200


def test_a_stale_edit_is_refused_and_overwrites_nothing(caseworker, supervisor):
    case = make_case(caseworker, summary="first")
    url = reverse("cases:case-edit", args=[case.pk])
    first, second = client_for(caseworker, language="en"), client_for(supervisor, language="en")
    loaded = first.get(url).context["form"]["version"].value()
    assert second.get(url).context["form"]["version"].value() == loaded
    data = {"source": "outreach", "priority": "high", "version": loaded}
    assert first.post(url, {**data, "summary": "from the caseworker"}).status_code == 302
    response = second.post(url, {**data, "summary": "from the supervisor"})
    assert response.status_code == 200
    assert "changed by someone else" in str(response.context["form"].non_field_errors())
    case.refresh_from_db()
    assert case.summary == "from the caseworker"
    assert case.version == loaded + 1


def test_a_stale_status_change_is_refused(caseworker):
    case = make_case(caseworker)
    stale = case.version
    services.case_transition(actor=caseworker, case=case, to_status=CaseStatus.ACTIVE, expected_version=stale)
    with pytest.raises(ConcurrentEditError):
        services.case_transition(
            actor=caseworker, case=Case.objects.get(pk=case.pk), to_status=CaseStatus.RETURNED_HOME,
            expected_version=stale,
        )  # fmt: skip
