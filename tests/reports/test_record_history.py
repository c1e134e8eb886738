"""A record's history from its admin page: the audit log filtered to that record, for supervisors only."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse

from core.models import Regency, User
from tests.conftest import client_for
from tests.factories import make_case
from tests.trainings.factories import make_cohort
from tests.venue_factories import make_venue


@pytest.fixture
def records(caseworker, coordinator, supervisor):
    case = make_case(caseworker)
    make_case(caseworker)  # another case: its entries must not show
    return {
        "cases_case": case,
        "cases_participant": case.participant,
        "trainings_cohort": make_cohort(coordinator),
        "venues_venue": make_venue(supervisor),
    }


@pytest.mark.parametrize("model", ["cases_case", "cases_participant", "trainings_cohort", "venues_venue"])
def test_the_history_button_opens_the_audit_log_of_that_record(records, supervisor, model):
    record = records[model]
    client = client_for(supervisor)
    history = reverse(f"admin:{model}_history", args=[record.pk])
    page = client.get(reverse(f"admin:{model}_change", args=[record.pk]))
    assert page.status_code == 200
    assert history.encode() in page.content
    response = client.get(history)
    assert response.status_code == 302
    log = client.get(response["Location"])
    assert log.status_code == 200
    shown = list(log.context["cl"].result_list)
    expected = LogEntry.objects.get_for_object(record)
    assert len(shown) == expected.count() >= 1  # its creation at least (and reads of its page, where audited)
    assert {(entry.content_type_id, entry.object_id) for entry in shown} == {(expected[0].content_type_id, record.pk)}


def test_staff_who_may_not_read_the_audit_log_get_no_history(records):
    clerk = User.objects.create_user(username="clerk", password="x", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_case"))
    client = client_for(clerk)
    case = records["cases_case"]
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.status_code == 200
    assert reverse("admin:cases_case_history", args=[case.pk]).encode() not in page.content
    assert client.get(reverse("admin:cases_case_history", args=[case.pk])).status_code == 403


def test_an_unknown_record_has_no_history(supervisor):
    assert client_for(supervisor).get(reverse("admin:cases_case_history", args=[999999])).status_code == 404


def test_a_record_that_is_not_audited_keeps_the_admins_own_history(supervisor):
    regency = Regency.objects.get(code="62.71")
    response = client_for(supervisor).get(reverse("admin:core_regency_history", args=[regency.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["caseworker", "inspector", "coordinator", "anonymous"])
def test_other_roles_are_sent_to_the_login(personas, persona):
    case = make_case(personas["caseworker"])
    response = client_for(personas.get(persona)).get(reverse("admin:cases_case_history", args=[case.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
