import datetime

import pytest

from cases.models import Case, CaseStatus
from core.reports import Period, PeriodError, compute_sections, period_from_query
from tests.conftest import client_for
from tests.factories import make_case
from tests.reports import dataset


def figures(period: Period) -> dict[str, int | None]:
    return {figure.key: figure.value for section in compute_sections(period) for figure in section.figures}


@pytest.fixture
def programme(caseworker, caseworker2):
    return dataset.build(caseworker, caseworker2)


def test_every_october_figure_is_the_number_counted_by_hand(programme):
    computed = figures(dataset.OCTOBER)
    assert {key: computed.get(key) for key in dataset.OCTOBER_FIGURES} == dataset.OCTOBER_FIGURES


def test_the_month_boundary_follows_jakarta_time(programme):
    computed = figures(dataset.NOVEMBER)
    assert {key: computed.get(key) for key in dataset.NOVEMBER_FIGURES} == dataset.NOVEMBER_FIGURES


def test_open_cases_are_counted_by_status(caseworker):
    for _n in range(2):
        make_case(caseworker)
    active = make_case(caseworker)
    Case.objects.filter(pk=active.pk).update(status=CaseStatus.ACTIVE)
    closed = make_case(caseworker)
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED, closed_on=datetime.date(2026, 10, 1),
                                             closure_reason="Selesai.")  # fmt: skip
    computed = figures(dataset.OCTOBER)
    assert computed["cases.open"] == 3
    assert computed["cases.open.intake"] == 2
    assert computed["cases.open.active"] == 1
    assert computed["cases.open.returned_home"] == 0
    assert computed["cases.open.monitoring"] == 0


def number_behind(client, figure) -> int:
    """The number the figure's page shows: its rows, or for the venues' plan page of a month the
    venues in the state asked for or the month's coverage, for the stock page the item's stock."""
    response = client.get(figure.url)
    assert response.status_code == 200, figure.url
    context = response.context
    if "cl" in context:  # an admin changelist
        return context["cl"].result_count
    if figure.key == "venues.round.coverage" or figure.key.startswith("venues.coverage."):
        return context["coverage"].percent
    if "shown" in context:  # the plan page: the venues of the month in the state asked for
        return context["shown"]
    if figure.key.startswith("trainings.stock."):
        return {item.pk: item.on_hand for item in context["items"]}[int(figure.key.rsplit(".", 1)[1])]
    return len(context["page"].object_list)


@pytest.mark.parametrize("period", [dataset.OCTOBER, dataset.NOVEMBER], ids=["october", "november"])
def test_every_figure_links_to_a_list_showing_the_same_number(programme, supervisor, period):
    client = client_for(supervisor)
    checked = 0
    for section in compute_sections(period):
        for figure in section.figures:
            if figure.url:
                assert number_behind(client, figure) == figure.value, (figure.key, figure.url)
                checked += 1
    assert checked > 25


def _grow(worker, worker2, times: int) -> None:
    for _n in range(times):
        dataset.build(worker, worker2)


def test_the_figures_take_a_fixed_number_of_queries(programme, caseworker, caseworker2, django_assert_max_num_queries):
    budget = 8 + 9 + 8  # cases, trainings, venues (tests/reports/test_app_figures.py grows the last two)
    with django_assert_max_num_queries(budget):
        figures(dataset.OCTOBER)
    _grow(caseworker, caseworker2, 3)
    with django_assert_max_num_queries(budget):
        assert figures(dataset.OCTOBER)["cases.opened"] == 2 * 4


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"month": "2026-10"}, dataset.OCTOBER),
        ({"start": "01-10-2026", "end": "31-10-2026"}, dataset.OCTOBER),
        ({"start": "2026-10-01", "end": "2026-10-31"}, dataset.OCTOBER),
    ],
)
def test_a_period_is_read_from_the_query_string(query, expected):
    assert period_from_query(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        {"month": "2026-13"},
        {"month": "oktober"},
        {"month": "0001-01"},
        {"month": "2026-10\x00"},
        {"start": "01-10-2026"},
        {"start": "31-10-2026", "end": "01-10-2026"},
        {"start": "01-01-2000", "end": "31-12-2026"},
        {"start": "x" * 500, "end": "y"},
        {"start": "٠١-١٠-٢٠٢٦", "end": "31-10-2026"},
    ],
)
def test_a_period_that_cannot_be_read_is_refused_with_a_message(query):
    with pytest.raises(PeriodError):
        period_from_query(query)


def test_the_previous_period():
    assert dataset.NOVEMBER.previous() == dataset.OCTOBER
    week = Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 7))
    assert week.previous() == Period(datetime.date(2026, 10, 25), datetime.date(2026, 10, 31))
    assert Period(datetime.date(2026, 1, 1), datetime.date(2026, 1, 31)).previous().start == datetime.date(2025, 12, 1)
