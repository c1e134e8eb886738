"""Who sees which venue: inspectors their teams' venues only, supervisors all, other roles none."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.roles import Role
from tests.conftest import make_user
from tests.venue_factories import make_inspection, make_license, make_team, make_venue
from venues import access, services
from venues.models import EnforcementAction, Inspection, Venue


@pytest.fixture
def two_teams(supervisor, inspector):
    other_inspector = make_user("inspector2", Role.INSPECTOR)
    mine, theirs = make_team(inspector), make_team(other_inspector)
    venue, other = make_venue(supervisor, mine), make_venue(supervisor, theirs)
    for v in (venue, other):
        make_license(supervisor, v)
    return venue, other, other_inspector


def test_an_inspector_sees_only_her_teams_venues(inspector, two_teams, supervisor):
    venue, other, _other_inspector = two_teams
    assert list(Venue.objects.visible_to(inspector)) == [venue]
    assert access.get_venue_for_user(inspector, venue.pk) == venue
    with pytest.raises(Http404):
        access.get_venue_for_user(inspector, other.pk)
    assert set(Venue.objects.visible_to(supervisor)) == {venue, other}


def test_another_teams_records_are_404(inspector, two_teams, supervisor):
    _venue, other, other_inspector = two_teams
    inspection = make_inspection(other_inspector, other, violation=True)
    with pytest.raises(Http404):
        access.get_inspection_for_user(inspector, inspection.pk)
    with pytest.raises(Http404):
        access.get_enforcement_for_user(inspector, inspection.enforcement.pk)
    with pytest.raises(Http404):
        access.get_license_for_user(inspector, other.licenses.get().pk)
    assert not Inspection.objects.visible_to(inspector).exists()
    assert not EnforcementAction.objects.visible_to(inspector).exists()


def test_a_venue_planned_for_her_team_becomes_visible(inspector, two_teams, supervisor):
    venue, other, _ = two_teams
    services.round_assign(
        actor=supervisor,
        venue=other,
        month=datetime.date(2025, 11, 1),
        team=venue.team,
        planned_on=datetime.date(2025, 11, 3),
    )
    assert set(Venue.objects.visible_to(inspector)) == {venue, other}


def test_inspectors_read_but_do_not_change(inspector, two_teams):
    venue, _other, _ = two_teams
    with pytest.raises(PermissionDenied):
        access.get_venue_for_user(inspector, venue.pk, write=True)


@pytest.mark.parametrize("persona", ["caseworker", "coordinator"])
def test_other_roles_see_no_venue(persona, request, two_teams):
    user = request.getfixturevalue(persona)
    assert not Venue.objects.visible_to(user).exists()
    with pytest.raises(Http404):
        access.get_venue_for_user(user, two_teams[0].pk)
