"""The admin is no side door: workflow fields are read-only, writes go through admin actions that call the services."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.venue_factories import make_inspection, make_license, make_team, make_venue
from venues.models import LicenseStatus, Stage


@pytest.fixture
def venue(supervisor, inspector):
    venue = make_venue(supervisor, make_team(inspector))
    make_license(supervisor, venue)
    return venue


def test_the_close_action_goes_through_the_service(supervisor, inspector, venue):
    action = make_inspection(inspector, venue, violation=True).enforcement
    response = client_for(supervisor).post(
        reverse("admin:venues_enforcementaction_changelist"),
        {"action": "close_complied", "_selected_action": [action.pk]},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.stage, action.version) == (Stage.CLOSED, 2)
    assert "admin" in action.note.lower()


def test_a_repeat_violation_cannot_be_closed_from_the_admin(supervisor, inspector, venue):
    make_inspection(inspector, venue, violation=True)
    make_inspection(inspector, venue, violation=True)
    action = venue.enforcement_actions.get()
    client_for(supervisor).post(
        reverse("admin:venues_enforcementaction_changelist"),
        {"action": "close_complied", "_selected_action": [action.pk]},
    )
    action.refresh_from_db()
    assert action.stage == Stage.OPENED


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
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        },
    )
    license.refresh_from_db()
    assert license.status == LicenseStatus.ACTIVE


@pytest.mark.parametrize("model", ["inspection", "enforcementaction", "plannedvisit", "licensestatuschange"])
def test_workflow_records_have_no_add_page(model, supervisor):
    assert client_for(supervisor).get(reverse(f"admin:venues_{model}_add")).status_code == 403
