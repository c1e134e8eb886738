"""Escalation: warning -> report to the licensing agency -> the agency's decision."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.venue_factories import make_inspection, make_license, make_team, make_venue
from venues import services
from venues.models import Decision, EnforcementAction, LicenseStatus, Stage

TODAY = timezone.localdate()


@pytest.fixture
def team(inspector):
    return make_team(inspector)


@pytest.fixture
def venue(supervisor, team):
    venue = make_venue(supervisor, team)
    make_license(supervisor, venue, issued_on=datetime.date(2024, 1, 10))
    return venue


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def licence_status(venue) -> str:
    return venue.licenses.get().status


def warn(supervisor, action, on=None):
    return services.enforcement_warn(
        actor=supervisor,
        action=action,
        warned_on=on or days_ago(50),
        warning_number="300/1/DINSOS/2026",
        expected_version=action.version,
    )


def report(supervisor, action, on=None):
    return services.enforcement_report(
        actor=supervisor,
        action=action,
        reported_on=on or days_ago(40),
        report_number="300/2/DINSOS/2026",
        expected_version=action.version,
    )


def decide(supervisor, action, decision=Decision.REVOCATION, on=None):
    return services.enforcement_decide(
        actor=supervisor,
        action=action,
        replied_on=on or days_ago(5),
        decision=decision,
        decree_number="503/9/DPMPTSP/2026",
        effective_on=on or days_ago(5),
        expected_version=action.version,
    )


def test_a_compliant_inspection_opens_nothing(inspector, venue):
    inspection = make_inspection(inspector, venue)
    assert not EnforcementAction.objects.filter(inspection=inspection).exists()


def test_full_escalation_and_the_licence_status_after_each_step(supervisor, inspector, venue):
    inspection = make_inspection(inspector, venue, at=timezone.now() - datetime.timedelta(days=60), violation=True)
    action = inspection.enforcement
    assert (action.stage, action.repeat, licence_status(venue)) == (Stage.OPENED, False, LicenseStatus.ACTIVE)
    action = warn(supervisor, action)
    assert (action.stage, licence_status(venue)) == (Stage.WARNED, LicenseStatus.ACTIVE)
    action = report(supervisor, action)
    # The office only recommends: the licence stays active until the agency decides.
    assert (action.stage, licence_status(venue)) == (Stage.REPORTED, LicenseStatus.ACTIVE)
    action = decide(supervisor, action)
    assert (action.stage, action.decision) == (Stage.DECIDED, "revocation")
    assert licence_status(venue) == LicenseStatus.REVOKED
    change = venue.licenses.get().status_changes.last()
    assert (change.from_status, change.to_status, change.reference, change.effective_on) == (
        "active",
        "revoked",
        "503/9/DPMPTSP/2026",
        days_ago(5),
    )
    assert action.next_steps() == []


def test_a_suspension_suspends_and_a_declined_report_changes_nothing(supervisor, inspector, team):
    venues = []
    for decision in (Decision.SUSPENSION, Decision.DECLINED):
        venue = make_venue(supervisor, team)
        make_license(supervisor, venue)
        action = make_inspection(inspector, venue, violation=True).enforcement
        action = report(supervisor, warn(supervisor, action, TODAY), TODAY)
        decide(supervisor, action, decision, TODAY)
        venues.append(venue)
    assert [licence_status(v) for v in venues] == [LicenseStatus.SUSPENDED, LicenseStatus.ACTIVE]


def test_a_sanction_needs_the_decree_and_its_date(supervisor, inspector, venue):
    action = report(supervisor, make_inspection(inspector, venue, violation=True).enforcement, TODAY)
    with pytest.raises(ValidationError):
        services.enforcement_decide(
            actor=supervisor,
            action=action,
            replied_on=TODAY,
            decision=Decision.REVOCATION,
            decree_number="",
            effective_on=TODAY,
            expected_version=action.version,
        )
    action.refresh_from_db()
    assert (action.stage, licence_status(venue)) == (Stage.REPORTED, LicenseStatus.ACTIVE)


def test_steps_go_in_order(supervisor, inspector, venue):
    action = make_inspection(inspector, venue, violation=True).enforcement
    with pytest.raises(ValidationError):
        decide(supervisor, action)  # no decision before a report
    action = warn(supervisor, action, TODAY)
    with pytest.raises(ValidationError):
        warn(supervisor, action, TODAY)
    assert EnforcementAction.objects.get(pk=action.pk).stage == Stage.WARNED


def test_a_second_violation_within_12_months_goes_straight_to_the_recommendation(supervisor, inspector, venue):
    first = make_inspection(inspector, venue, at=timezone.now() - datetime.timedelta(days=200), violation=True)
    warned = warn(supervisor, first.enforcement, days_ago(190))
    services.enforcement_close(actor=supervisor, action=warned, note="Patuh.", expected_version=warned.version)
    second = make_inspection(inspector, venue, violation=True).enforcement
    assert second.repeat and second.next_steps() == [Stage.REPORTED]
    with pytest.raises(ValidationError, match="12"):
        warn(supervisor, second, TODAY)
    second = report(supervisor, second, TODAY)
    assert second.stage == Stage.REPORTED and second.warned_on is None


def test_a_violation_more_than_12_months_later_starts_over(supervisor, inspector, venue):
    first = make_inspection(inspector, venue, at=timezone.now() - datetime.timedelta(days=400), violation=True)
    warned = warn(supervisor, first.enforcement, days_ago(390))
    services.enforcement_close(actor=supervisor, action=warned, note="Patuh.", expected_version=warned.version)
    second = make_inspection(inspector, venue, violation=True).enforcement
    assert not second.repeat and Stage.WARNED in second.next_steps()


def test_a_violation_while_an_action_is_open_makes_it_a_repeat(supervisor, inspector, venue):
    earlier = make_inspection(inspector, venue, at=timezone.now() - datetime.timedelta(days=3), violation=True)
    action = warn(supervisor, earlier.enforcement, TODAY)
    make_inspection(inspector, venue, violation=True)
    action.refresh_from_db()
    assert action.repeat and action.next_steps() == [Stage.REPORTED]
    assert EnforcementAction.objects.filter(venue=venue).count() == 1


def test_one_open_action_per_venue_in_the_database(inspector, venue):
    inspection = make_inspection(inspector, venue, violation=True)
    other = make_inspection(inspector, venue)
    with pytest.raises(IntegrityError), transaction.atomic():
        EnforcementAction.objects.create(venue=venue, inspection=other)
    assert inspection.enforcement.is_open


def test_a_report_waiting_more_than_30_days_is_overdue(supervisor, inspector, team):
    actions = {}
    for days in (30, 31):
        venue = make_venue(supervisor, team)
        make_license(supervisor, venue)
        at = timezone.now() - datetime.timedelta(days=40)
        action = make_inspection(inspector, venue, at=at, violation=True).enforcement
        actions[days] = report(supervisor, action, days_ago(days))
    assert not actions[30].is_overdue() and actions[31].is_overdue()
    assert list(EnforcementAction.objects.overdue()) == [actions[31]]
    decide(supervisor, actions[31], Decision.DECLINED, TODAY)
    assert not EnforcementAction.objects.overdue().exists()


def test_only_supervisors_escalate_and_decide(inspector, venue, supervisor):
    action = make_inspection(inspector, venue, violation=True).enforcement
    with pytest.raises(PermissionDenied):
        warn(inspector, action, TODAY)
    action = report(supervisor, action, TODAY)
    with pytest.raises(PermissionDenied):
        decide(inspector, action, on=TODAY)
    assert licence_status(venue) == LicenseStatus.ACTIVE


def test_an_inspector_records_only_for_her_own_team(inspector, supervisor, venue):
    other_team = make_team(supervisor)
    with pytest.raises(PermissionDenied):
        make_inspection(inspector, venue, team=other_team)


def test_a_serious_finding_cannot_be_compliant_in_the_database(inspector, venue):
    inspection = make_inspection(inspector, venue)
    inspection.prostitution_signs = True
    with pytest.raises(IntegrityError), transaction.atomic():
        inspection.save()
