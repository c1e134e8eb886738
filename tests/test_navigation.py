"""The navigation bar marks exactly one entry as the current page (or none)."""

import re

import pytest
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import make_case

CURRENT = re.compile(r'<a class="nav-link active" href="([^"]+)" aria-current="page">')


def current_entries(user, path: str) -> list[str]:
    response = client_for(user).get(path)
    assert response.status_code == 200
    return CURRENT.findall(response.content.decode())


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("home", ["/"]),
        ("cases:case-list", ["/cases/"]),
        ("cases:participant-list", ["/cases/participants/"]),
        ("cases:follow-up-list", ["/cases/follow-ups/"]),
        ("password_change", []),
    ],
)
def test_one_entry_is_current(caseworker, path, expected):
    assert current_entries(caseworker, reverse(path)) == expected


def test_a_record_page_marks_its_list(caseworker):
    case = make_case(caseworker)
    assert current_entries(caseworker, case.get_absolute_url()) == ["/cases/"]
    assert current_entries(caseworker, case.participant.get_absolute_url()) == ["/cases/participants/"]
