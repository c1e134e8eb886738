"""The navigation bar marks exactly one entry as the current page (or none)."""

import re

import pytest
from django.urls import reverse, set_script_prefix

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


def test_under_a_sub_path_home_is_current_only_on_the_home_page(caseworker):
    # What WSGIHandler does for an app served under /dinsos/ (the test client does not).
    client = client_for(caseworker)
    password_page, home_page = reverse("password_change"), reverse("home")
    set_script_prefix("/dinsos/")
    try:
        page = client.get(password_page, SCRIPT_NAME="/dinsos").content.decode()
        assert 'href="/dinsos/cases/"' in page
        assert CURRENT.findall(page) == []
        assert CURRENT.findall(client.get(home_page, SCRIPT_NAME="/dinsos").content.decode()) == ["/dinsos/"]
    finally:
        set_script_prefix("/")
