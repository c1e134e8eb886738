import csv
import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from cases.demo import seed_scale
from cases.models import Case, CaseStatus, Participant
from core.lists.csv_export import FORMULA_START, INCOMPLETE_MARKER, csv_rows
from tests.conftest import client_for
from tests.factories import make_case, make_case_with_text, make_participant, record_departure

NIK = "3507015203900001"


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_case_export_has_exactly_the_filtered_rows(caseworker, caseworker2):
    mine = make_case(caseworker, status=CaseStatus.ACTIVE)
    make_case(caseworker, make_participant(caseworker, full_name="Rina"), status=CaseStatus.INTAKE)
    theirs = make_case(caseworker2, make_participant(caseworker2, full_name="Dewi"), status=CaseStatus.ACTIVE)
    rows = read_csv(client_for(caseworker).get(reverse("cases:case-export") + "?status=active"))
    numbers = [row[0] for row in rows[1:]]
    assert numbers == [mine.number]
    assert theirs.number not in numbers
    listed = client_for(caseworker).get(reverse("cases:case-list") + "?status=active").context["object_list"]
    assert [case.number for case in listed] == numbers


def test_names_and_nik_only_for_users_allowed_to_see_identities(caseworker, supervisor):
    make_case(caseworker, make_participant(caseworker, nik=NIK))
    header, row = read_csv(client_for(caseworker, language="en").get(reverse("cases:case-export")))
    assert "full name" not in header and "NIK" not in header
    assert "Siti Aminah" not in row and NIK not in row
    header, row = read_csv(client_for(supervisor, language="en").get(reverse("cases:case-export")))
    assert row[header.index("full name")] == "Siti Aminah"
    assert row[header.index("NIK")] == NIK


@pytest.mark.parametrize("start", FORMULA_START)
def test_export_neutralises_formulas_in_every_text_column(supervisor, caseworker, start):
    payload = f'{start}HYPERLINK("http://evil.example")'
    make_case_with_text(caseworker, payload)
    for url in ("cases:case-export", "cases:participant-export", "cases:follow-up-export"):
        rows = read_csv(client_for(supervisor).get(reverse(url)))
        cells = [cell for row in rows for cell in row]
        assert f"'{payload}" in cells, url
        assert not any(cell.startswith(FORMULA_START) for cell in cells), url


def test_a_failing_export_says_so_inside_the_file():
    def broken():
        yield ("ok",)
        raise RuntimeError("database went away")

    text = "".join(csv_rows(["h"], broken()))
    assert text.splitlines()[-1] == INCOMPLETE_MARKER


def test_exports_are_audited(caseworker):
    make_case(caseworker)
    client_for(caseworker).get(reverse("cases:case-export") + "?status=intake")
    entry = LogEntry.objects.get(additional_data__event="export")
    assert entry.actor == caseworker
    assert entry.additional_data["detail"] == "status=intake"


def test_viewing_a_case_and_a_participant_is_audited(caseworker):
    case = make_case(caseworker)
    client_for(caseworker).get(case.get_absolute_url())
    client_for(caseworker).get(case.participant.get_absolute_url())
    events = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=caseworker)
    assert {entry.content_type.model for entry in events} == {"case", "participant"}


def test_changes_are_audited_with_the_nik_masked(caseworker):
    participant = make_participant(caseworker, nik=NIK)
    entry = LogEntry.objects.get_for_object(participant).get(action=LogEntry.Action.CREATE)
    assert NIK not in str(entry.changes)


def test_nik_is_masked_in_lists(caseworker):
    make_participant(caseworker, nik=NIK)
    page = client_for(caseworker).get(reverse("cases:participant-list")).content.decode()
    assert NIK not in page
    assert "3507••••••••0001" in page


def test_search_box_finds_by_code_name_alias_and_nik(caseworker):
    participant = make_participant(caseworker, nik=NIK, alias="Mina")
    make_participant(caseworker, full_name="Rina Marlina", birth_date=None)
    url = reverse("cases:participant-list")
    for term in (participant.code, "aminah", "mina", "35070152"):
        found = client_for(caseworker).get(url, {"q": term}).context["object_list"]
        assert [p.pk for p in found] == [participant.pk], term


def test_an_invalid_filter_shows_nothing_rather_than_everything(caseworker):
    make_case(caseworker)
    response = client_for(caseworker).get(reverse("cases:case-list"), {"opened_min": "not-a-date"})
    assert list(response.context["object_list"]) == []


def test_keyset_pages_walk_forward_and_back_without_gaps(caseworker, caseworker2):
    seed_scale(60, log=lambda message: None)
    client = client_for(caseworker)
    url = reverse("cases:case-list")
    expected = list(
        Case.objects.filter(caseworker=caseworker).order_by("-opened_on", "-id").values_list("number", flat=True)
    )
    seen, pages, params = [], [], {}
    while True:
        page = client.get(url, params).context["page"]
        pages.append([case.number for case in page])
        seen += pages[-1]
        if not page.has_next:
            break
        params = {"after": page.next_cursor}
    assert seen == expected
    assert len(pages) == 2
    back = client.get(url, {"before": page.previous_cursor}).context["page"]
    assert [case.number for case in back] == pages[0]


# Query budgets: session, user, two for permissions, the filter's province
# choices, the page's rows (and the regencies of a chosen province).
LIST_URLS = ["cases:case-list", "cases:participant-list", "cases:follow-up-list"]
EXPORT_URLS = ["cases:case-export", "cases:participant-export", "cases:follow-up-export"]
BUDGET = {**dict.fromkeys(LIST_URLS, 8), **dict.fromkeys(EXPORT_URLS, 6)}


def count_queries(client, url, django_assert_max_num_queries, budget: int) -> int:
    warm_up = client.get(url)  # the session refresh and per-process caches land here
    if warm_up.streaming:
        b"".join(warm_up.streaming_content)
    with django_assert_max_num_queries(budget) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", LIST_URLS + EXPORT_URLS)
@pytest.mark.parametrize("persona", ["caseworker", "supervisor"])
def test_list_and_export_queries_stay_flat_from_10_to_1000_rows(name, persona, personas, django_assert_max_num_queries):
    seed_scale(10, log=lambda message: None)
    client = client_for(personas[persona])
    url = reverse(name)
    budget = BUDGET[name]
    small = count_queries(client, url, django_assert_max_num_queries, budget)
    seed_scale(990, log=lambda message: None)
    assert Participant.objects.count() == 1000
    large = count_queries(client, url, django_assert_max_num_queries, budget)
    assert large == small


# The case page adds one query for the trainings section (core.panels.sections_for), whatever the history.
@pytest.mark.parametrize(("page", "budget"), [("case", 15), ("participant", 11)])
def test_detail_page_queries_stay_flat(page, budget, caseworker, supervisor, django_assert_max_num_queries):
    case = make_case(caseworker)
    record_departure(caseworker, case)
    url = case.get_absolute_url() if page == "case" else case.participant.get_absolute_url()
    client = client_for(supervisor)
    small = count_queries(client, url, django_assert_max_num_queries, budget)
    for day in range(30):  # a long history
        follow_up = case.follow_ups.create(due_on=case.opened_on - datetime.timedelta(days=100 + day))
        client_for(caseworker).get(reverse("cases:follow-up-record", args=[follow_up.pk]))
        # Her earlier cases, closed: she has one open case at a time.
        make_case(
            caseworker, case.participant, status=CaseStatus.CLOSED, closed_on=case.opened_on, closure_reason="Selesai."
        )
    assert count_queries(client, url, django_assert_max_num_queries, budget) == small


def test_supervisors_read_a_records_history_on_its_page_caseworkers_do_not(caseworker, supervisor):
    case = make_case(caseworker, summary="first")
    client_for(caseworker).get(case.get_absolute_url())  # a view, logged
    for url in (case.get_absolute_url(), case.participant.get_absolute_url()):
        assert 'data-testid="audit-history"' in client_for(supervisor).get(url).content.decode()
        assert 'data-testid="audit-history"' not in client_for(caseworker).get(url).content.decode()
