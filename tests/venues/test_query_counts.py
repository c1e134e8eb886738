"""Lists, exports, the plan page and the home panels: the number of queries does not grow with
the venues (10, then 1,000, with planned visits and enforcement actions among them)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.venue_factories import make_team
from venues import services
from venues.demo import seed_scale
from venues.models import EnforcementAction, Inspection, PlannedVisit, Venue
from venues.rounds import current_month

URLS = {
    "venue-list": 8,
    "venue-export": 6,
    "license-list": 8,
    "inspection-list": 8,
    "inspection-export": 6,
    "enforcement-list": 8,
    "plan": 12,
    "plan-assign": 12,
}


@pytest.fixture(autouse=True)
def _no_session_refresh_in_a_measured_request(settings):
    # Seeding 1,000 venues can take more than a minute on a busy machine: the session's
    # once-a-minute refresh (3 queries) must not fall in the measured request.
    settings.SESSION_IDLE_REFRESH_SECONDS = 24 * 60 * 60


def count_queries(client, url, django_assert_max_num_queries, budget: int) -> int:
    cache.clear()  # the plan's past coverage and the supervisor's overview are computed, not cached
    warm_up = client.get(url)
    if warm_up.streaming:
        b"".join(warm_up.streaming_content)
    cache.clear()
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and body
    return len(captured)


def grow_to(count: int, *, planned: int, supervisor, team) -> None:
    """`count` synthetic venues with two months of inspections (one venue in 40 with a violation
    each month and its enforcement action), `planned` of the test team's planned this month
    through the service, so that every list and the plan have rows of each kind to show."""
    seed_scale(count - Venue.objects.count(), log=lambda message: None, months=2)
    mine = Venue.objects.filter(team=team).order_by("pk")
    today = timezone.localdate()
    for venue in mine[PlannedVisit.objects.count() : planned]:
        services.round_assign(actor=supervisor, venue=venue, month=current_month(), team=team, planned_on=today)


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("persona", ["inspector", "supervisor"])
def test_queries_stay_flat_from_10_to_1000_venues(name, persona, personas, django_assert_max_num_queries):
    user, supervisor, inspector = personas[persona], personas["supervisor"], personas["inspector"]
    if persona == "inspector" and name == "plan-assign":
        pytest.skip("supervisors only")
    # The first team: synthetic venues are spread over the first four.
    team = make_team(inspector, name="Tim Uji")
    grow = {"supervisor": supervisor, "team": team}
    grow_to(10, planned=1, **grow)
    client = client_for(user)
    url = reverse(f"venues:{name}")
    small = count_queries(client, url, django_assert_max_num_queries, URLS[name])
    grow_to(1000, planned=30, **grow)
    assert Venue.objects.count() == 1000 and Inspection.objects.count() == 2000
    assert PlannedVisit.objects.count() == 30 and EnforcementAction.objects.count() == 52  # more than a page
    assert count_queries(client, url, django_assert_max_num_queries, URLS[name]) == small


@pytest.mark.parametrize("persona", ["inspector", "supervisor"])
def test_the_home_panels_stay_flat_from_10_to_1000_venues(persona, personas, django_assert_max_num_queries):
    """The inspector's round panel and the supervisor's overview read the month's round."""
    user, supervisor, inspector = personas[persona], personas["supervisor"], personas["inspector"]
    team = make_team(inspector, name="Tim Uji")
    grow = {"supervisor": supervisor, "team": team}
    grow_to(10, planned=1, **grow)
    client = client_for(user)
    small = count_queries(client, reverse("home"), django_assert_max_num_queries, 40)
    grow_to(1000, planned=30, **grow)
    assert count_queries(client, reverse("home"), django_assert_max_num_queries, 40) == small
