"""The monthly round at month boundaries (Asia/Jakarta) and as licences change mid-month."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from core.roles import Role
from tests.conftest import make_user
from tests.venue_factories import make_inspection, make_license, make_team, make_venue, wib
from venues import services
from venues.models import Decision, License, LicenseStatus, Venue
from venues.rounds import VisitState, coverage, month_bounds, month_of, monthly_round, parse_month

NOV = datetime.date(2025, 11, 1)
DEC = datetime.date(2025, 12, 1)
TODAY = datetime.date(2026, 6, 15)  # every month below is in the past


@pytest.fixture
def team(inspector):
    return make_team(inspector)


@pytest.fixture
def venue(supervisor, team):
    venue = make_venue(supervisor, team)
    make_license(supervisor, venue, issued_on=datetime.date(2024, 1, 10))
    return venue


def states(month, today=TODAY):
    return {row.venue.name: (row.kind, row.state) for row in monthly_round(Venue.objects.all(), month, today)}


def test_month_bounds_are_wib():
    start, end = month_bounds(NOV)
    assert start.utcoffset() == datetime.timedelta(hours=7)
    assert start.astimezone(datetime.UTC) == datetime.datetime(2025, 10, 31, 17, tzinfo=datetime.UTC)
    assert end.astimezone(datetime.UTC) == datetime.datetime(2025, 11, 30, 17, tzinfo=datetime.UTC)


def test_23_30_wib_on_the_last_day_counts_for_that_month(inspector, venue):
    make_inspection(inspector, venue, at=wib(2025, 11, 30, 23, 30))
    assert month_of(wib(2025, 11, 30, 23, 30)) == NOV
    assert states(NOV)[venue.name] == ("routine", VisitState.INSPECTED)
    assert states(DEC)[venue.name] == ("routine", VisitState.OVERDUE)


def test_00_30_wib_on_the_first_counts_for_the_next_month(inspector, venue):
    # 00:30 WIB on 1 December is still 30 November in UTC.
    at = wib(2025, 12, 1, 0, 30)
    assert at.astimezone(datetime.UTC).day == 30
    make_inspection(inspector, venue, at=at)
    assert states(NOV)[venue.name] == ("routine", VisitState.OVERDUE)
    assert states(DEC)[venue.name] == ("routine", VisitState.INSPECTED)


def test_planned_then_overdue_once_the_date_passed(supervisor, venue, team):
    services.round_assign(actor=supervisor, venue=venue, month=NOV, team=team, planned_on=datetime.date(2025, 11, 20))
    assert states(NOV, today=datetime.date(2025, 11, 19))[venue.name] == ("routine", VisitState.PLANNED)
    assert states(NOV, today=datetime.date(2025, 11, 21))[venue.name] == ("routine", VisitState.OVERDUE)
    other = make_venue(supervisor, team)
    make_license(supervisor, other)
    assert states(NOV, today=datetime.date(2025, 11, 19))[other.name] == ("routine", VisitState.UNPLANNED)


def test_a_venue_licensed_mid_month_is_due_that_month(supervisor, team):
    venue = make_venue(supervisor, team)
    make_license(supervisor, venue, issued_on=datetime.date(2025, 11, 15))
    assert venue.name not in states(datetime.date(2025, 10, 1))
    assert states(NOV)[venue.name][0] == "routine"


def _sanction(supervisor, inspector, venue, decision, effective_on):
    inspection = make_inspection(inspector, venue, at=wib(2025, 10, 5), violation=True)
    action = inspection.enforcement
    action = services.enforcement_report(
        actor=supervisor,
        action=action,
        reported_on=datetime.date(2025, 10, 10),
        report_number="300/12/DINSOS/2025",
        expected_version=action.version,
    )
    return services.enforcement_decide(
        actor=supervisor,
        action=action,
        replied_on=effective_on,
        decision=decision,
        decree_number="503/77/DPMPTSP/2025",
        effective_on=effective_on,
        expected_version=action.version,
    )


@pytest.mark.parametrize("decision", [Decision.REVOCATION, Decision.SUSPENSION])
def test_revoked_or_suspended_mid_month_due_that_month_then_a_confirmation_visit(
    decision, supervisor, inspector, venue
):
    _sanction(supervisor, inspector, venue, decision, datetime.date(2025, 11, 14))
    # Still in force on 1-13 November: due its routine inspection in November.
    assert states(NOV)[venue.name] == ("routine", VisitState.OVERDUE)
    # Out of the round from December, but a visit to confirm it stopped operating is due,
    # in December and every month after, until it is made.
    assert states(DEC)[venue.name] == ("confirmation", VisitState.OVERDUE)
    assert states(datetime.date(2026, 1, 1))[venue.name] == ("confirmation", VisitState.OVERDUE)
    make_inspection(inspector, venue, at=wib(2026, 1, 8), venue_operating=False)
    assert states(datetime.date(2026, 1, 1))[venue.name] == ("confirmation", VisitState.INSPECTED)
    assert venue.name not in states(datetime.date(2026, 2, 1))


def test_an_inspection_before_the_revocation_does_not_confirm_it(supervisor, inspector, venue):
    _sanction(supervisor, inspector, venue, Decision.REVOCATION, datetime.date(2025, 11, 14))
    make_inspection(inspector, venue, at=wib(2025, 11, 10))
    assert states(NOV)[venue.name] == ("routine", VisitState.INSPECTED)
    assert states(DEC)[venue.name] == ("confirmation", VisitState.OVERDUE)


def test_an_inspection_after_the_revocation_in_the_same_month_confirms_it(supervisor, inspector, venue):
    _sanction(supervisor, inspector, venue, Decision.REVOCATION, datetime.date(2025, 11, 14))
    make_inspection(inspector, venue, at=wib(2025, 11, 20), venue_operating=False)
    assert states(NOV)[venue.name] == ("routine", VisitState.INSPECTED)
    assert venue.name not in states(DEC)


def test_an_expired_licence_leaves_the_round_by_itself(supervisor, team):
    venue = make_venue(supervisor, team)
    licence = make_license(supervisor, venue, expires_on=datetime.date(2025, 11, 5))
    assert states(NOV)[venue.name][0] == "routine"  # in force 1-5 November
    assert venue.name not in states(DEC)  # no cron: the date alone ends it
    licence.refresh_from_db()
    assert licence.status == LicenseStatus.ACTIVE
    assert licence.current_status() == LicenseStatus.EXPIRED
    assert licence.current_status(on=datetime.date(2025, 11, 5)) == LicenseStatus.ACTIVE


def test_a_venue_without_a_licence_is_not_due(supervisor, team):
    venue = make_venue(supervisor, team)
    assert venue.name not in states(NOV)


def test_coverage_counts_inspected_of_due(supervisor, inspector, venue, team):
    other = make_venue(supervisor, team)
    make_license(supervisor, other)
    make_inspection(inspector, venue, at=wib(2025, 11, 2))
    result = coverage(Venue.objects.all(), [NOV, DEC])
    assert [(c.month, c.inspected, c.due) for c in result] == [(NOV, 1, 2), (DEC, 0, 2)]


def test_one_active_licence_per_venue_in_the_database(supervisor, venue):
    with pytest.raises(IntegrityError), transaction.atomic():
        License.objects.create(venue=venue, number="X", issued_on=datetime.date(2025, 1, 1))


def test_a_second_licence_is_refused_while_the_first_is_in_force(supervisor, venue):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_license(supervisor, venue, issued_on=datetime.date(2025, 2, 1))
    assert venue.licenses.count() == 1


def test_a_new_licence_replaces_an_expired_one_with_history(supervisor, team):
    venue = make_venue(supervisor, team)
    old = make_license(supervisor, venue, issued_on=datetime.date(2023, 1, 1), expires_on=datetime.date(2024, 12, 31))
    new = make_license(supervisor, venue, issued_on=datetime.date(2025, 3, 1))
    old.refresh_from_db()
    assert (old.status, new.status) == (LicenseStatus.EXPIRED, LicenseStatus.ACTIVE)
    assert [c.to_status for c in old.status_changes.all()] == ["active", "expired"]
    assert old.status_changes.last().reference == new.number
    # Not due from January to February 2025, due again from March.
    assert venue.name not in states(datetime.date(2025, 2, 1))
    assert states(datetime.date(2025, 3, 1))[venue.name][0] == "routine"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2025-11", NOV), ("2025-1", None), ("２０２５-11", None), ("2025-13", None), ("9999-01", None), ("x\x00", None)],
)
def test_parse_month_refuses_anything_odd(value, expected):
    fallback = datetime.date(2000, 1, 1)
    assert parse_month(value, fallback) == (expected or fallback)


def test_the_kept_ranking_sql_follows_the_data_and_the_scope(supervisor, inspector, venue, team):
    """Round keeps the ranking query's SQL per (venues, month, day): the rows still come fresh."""
    assert states(NOV)[venue.name] == ("routine", VisitState.OVERDUE)
    make_inspection(inspector, venue, at=wib(2025, 11, 10, 9))
    assert states(NOV)[venue.name] == ("routine", VisitState.INSPECTED)

    outsider = make_user("inspector_lain", Role.INSPECTOR)
    make_team(outsider)
    everyone, hers, theirs = (Venue.objects.visible_to(user) for user in (supervisor, inspector, outsider))
    assert [row.venue.pk for row in monthly_round(everyone, NOV, TODAY)] == [venue.pk]
    assert [row.venue.pk for row in monthly_round(hers, NOV, TODAY)] == [venue.pk]
    assert monthly_round(theirs, NOV, TODAY) == []
    assert monthly_round(Venue.objects.none(), NOV, TODAY) == []
