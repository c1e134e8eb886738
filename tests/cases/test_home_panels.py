"""The caseworker's "my open cases" panel: her active cases by workflow step."""

import datetime

from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseStatus
from tests.conftest import client_for
from tests.factories import make_case


def my_cases_panel(user) -> dict:
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 200
    panels = dict(response.context["app_panels"])
    return panels["cases/panels/my_cases.html"]


def set_status(case: Case, status: str, **fields) -> None:
    Case.objects.filter(pk=case.pk).update(status=status, **fields)


def test_counts_her_open_cases_by_step(caseworker, caseworker2):
    for status in (CaseStatus.ACTIVE, CaseStatus.ACTIVE, CaseStatus.MONITORING):
        set_status(make_case(caseworker), status)
    make_case(caseworker)  # intake
    today = timezone.localdate()
    set_status(make_case(caseworker), CaseStatus.CLOSED, closed_on=today, closure_reason="Kembali ke keluarga.")
    archived = make_case(caseworker)
    set_status(archived, CaseStatus.CLOSED, closed_on=today, closure_reason="Pindah.", archived_at=timezone.now())
    set_status(make_case(caseworker2), CaseStatus.ACTIVE)  # not hers

    panel = my_cases_panel(caseworker)
    assert dict(panel["steps"]) == {
        CaseStatus.INTAKE: 1,
        CaseStatus.ACTIVE: 2,
        CaseStatus.RETURNED_HOME: 0,
        CaseStatus.MONITORING: 1,
    }
    assert panel["total"] == 4
    page = client_for(caseworker).get(reverse("home")).content.decode()
    assert f'href="{reverse("cases:case-list")}?status=active"' in page


def test_an_archived_open_case_is_not_counted(caseworker):
    set_status(make_case(caseworker), CaseStatus.ACTIVE, archived_at=timezone.now() - datetime.timedelta(days=1))
    assert my_cases_panel(caseworker)["total"] == 0


def test_supervisors_have_no_such_panel(supervisor):
    response = client_for(supervisor).get(reverse("home"))
    assert "cases/panels/my_cases.html" not in dict(response.context["app_panels"])
