"""Lists, exports and the plan page: the number of queries does not grow with the venues."""

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.venue_factories import make_team
from venues.demo import seed_scale
from venues.models import Inspection, Venue

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


def count_queries(client, url, django_assert_max_num_queries, budget: int) -> int:
    warm_up = client.get(url)
    if warm_up.streaming:
        b"".join(warm_up.streaming_content)
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and body
    return len(captured)


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("persona", ["inspector", "supervisor"])
def test_queries_stay_flat_from_10_to_500_venues(name, persona, personas, django_assert_max_num_queries):
    user = personas[persona]
    if persona == "inspector" and name == "plan-assign":
        pytest.skip("supervisors only")
    make_team(user, name="Tim Uji")  # the first team: synthetic venues are spread over the first four
    seed_scale(10, log=lambda message: None, months=2)
    client = client_for(user)
    url = reverse(f"venues:{name}")
    small = count_queries(client, url, django_assert_max_num_queries, URLS[name])
    seed_scale(490, log=lambda message: None, months=2)
    assert Venue.objects.count() == 500 and Inspection.objects.count() == 1000
    assert count_queries(client, url, django_assert_max_num_queries, URLS[name]) == small
