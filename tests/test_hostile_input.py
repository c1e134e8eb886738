"""Tampered query strings and forms: a 400, the first page or the form's own message, never a 500.

tests/test_hostile_query_strings.py generates such requests for every list, export and admin
changelist; these are the cases found by hand, each of which was a server error once.
"""

import base64

import pytest
from django.urls import reverse

from cases.models import CaseStatus, Participant
from cases.views.cases import CaseListView
from tests.conftest import client_for
from tests.factories import make_case, make_participant, record_departure


def cursor(raw_json: str) -> str:
    return base64.urlsafe_b64encode(raw_json.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "url",
    [
        "/cases/?province=%00",
        "/cases/?q=abc%00",
        "/cases/export/?regency=%00&format=xlsx",
        "/cases/participants/?province=%00",
        "/cases/follow-ups/export/?%00=1",
        "/admin/cases/case/?q=%00",
        "/admin/cases/participant/?origin_regency__province__code__exact=%00",
    ],
)
def test_a_nul_character_in_the_query_string_is_a_bad_request(supervisor, admin_user, url):
    user = admin_user if url.startswith("/admin/") else supervisor
    response = client_for(user, language="en").get(url)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_a_nul_character_in_a_form_is_a_bad_request_and_writes_nothing(caseworker):
    response = client_for(caseworker).post(
        reverse("cases:participant-create"), {"full_name": "Rina", "origin_regency": "62.71\x00"}
    )
    assert response.status_code == 400
    assert not Participant.objects.exists()


FORGED_CURSORS = [
    "not base64 at all!",
    "²",
    cursor("{}"),
    cursor('["x", "x"]'),
    cursor("[null, null]"),
    cursor("[1]"),
    cursor('["2026-01-01", 1, 2]'),
    cursor('["9999-99-99", 1]'),
    cursor('["2026-01-01", "²"]'),
    cursor('["2026-01-01", NaN]'),
    cursor('["2026-01-01", Infinity]'),
    cursor('["2026-01-01", 1e400]'),
    cursor('["2026-01-01\\u0000", 1]'),
    cursor('[[1], {"a": 1}]'),
    cursor('["2026-01-01T10:00:00", 1]'),  # a date-time without its offset
    cursor("[" * 100_000),
]


@pytest.mark.parametrize("param", ["after", "before"])
@pytest.mark.parametrize("name", ["cases:case-list", "cases:participant-list", "cases:follow-up-list"])
def test_a_forged_cursor_shows_the_first_page(caseworker, name, param):
    record_departure(caseworker, make_case(caseworker))
    client = client_for(caseworker)
    first = list(client.get(reverse(name)).context["object_list"])
    assert first
    for forged in FORGED_CURSORS:
        response = client.get(reverse(name), {param: forged})
        assert response.status_code == 200, forged
        assert list(response.context["object_list"]) == first, forged


def test_a_well_formed_cursor_with_a_huge_id_is_a_page(caseworker):
    make_case(caseworker)
    huge = cursor('["2999-01-01", 123456789012345678901234567890]')
    response = client_for(caseworker).get(reverse("cases:case-list"), {"after": huge})
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 1  # every case opened before 2999


def test_a_real_cursor_still_pages(caseworker, monkeypatch):
    monkeypatch.setattr(CaseListView, "paginate_by", 2)
    cases = [make_case(caseworker) for _ in range(3)]
    client = client_for(caseworker)
    first = client.get(reverse("cases:case-list")).context["page"]
    second = client.get(reverse("cases:case-list"), {"after": first.next_cursor}).context["page"]
    assert [*first.object_list, *second.object_list] == cases[::-1]
    back = client.get(reverse("cases:case-list"), {"before": second.previous_cursor}).context["page"]
    assert back.object_list == first.object_list


@pytest.mark.parametrize(
    "query",
    [
        {"caseworker": "²"},
        {"regency": "²"},
        {"province": "٣"},
        {"status": "²"},
        {"opened_min": "²²-01-2026"},
        {"q": "²²²²²²²²"},
        {"sort": "²"},
        {"sort": "-opened_on"},
    ],
)
def test_unicode_digits_and_unknown_values_in_filters_never_fail(supervisor, caseworker, query):
    make_case(caseworker, status=CaseStatus.ACTIVE)
    client = client_for(supervisor)
    response = client.get(reverse("cases:case-list"), query)
    assert response.status_code == 200
    export = client.get(reverse("cases:case-export"), query)
    assert export.status_code == 200
    assert b"EXPORT INCOMPLETE" not in b"".join(export.streaming_content)


def test_an_unknown_sort_key_gives_the_default_order(caseworker):
    make_case(caseworker)
    make_case(caseworker)
    client = client_for(caseworker)
    default = list(client.get(reverse("cases:case-list")).context["object_list"])
    assert list(client.get(reverse("cases:case-list"), {"sort": "id; DROP"}).context["object_list"]) == default


def test_unicode_digits_in_an_id_parameter(caseworker):
    participant = make_participant(caseworker)
    client = client_for(caseworker)
    assert client.get(reverse("cases:case-create"), {"participant": "²"}).status_code == 200
    assert client.get(reverse("cases:case-create"), {"participant": "٣"}).status_code == 200
    response = client.get(reverse("cases:case-create"), {"participant": str(participant.pk)})
    assert response.context["form"].initial["participant"] == participant.pk


def test_unicode_digits_in_a_posted_version(caseworker):
    case = make_case(caseworker)
    response = client_for(caseworker).post(
        reverse("cases:case-transition", args=[case.pk]), {"to": CaseStatus.ACTIVE, "version": "²"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("url", ["/cases/", "/cases/export/", "/admin/cases/case/"])
def test_thousands_of_parameters_are_a_bad_request(admin_user, url):
    query = "&".join(f"f{index}=1" for index in range(5000))
    response = client_for(admin_user, language="en").get(f"{url}?{query}")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()
