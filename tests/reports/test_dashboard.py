import dataclasses
import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseStatus
from core.models import User
from core.reports import Period
from core.reports.figures import CACHE_SECONDS, STALE_SECONDS
from core.reports.monthly import report_rows
from tests.conftest import client_for
from tests.factories import make_case
from tests.reports import dataset


@pytest.fixture
def programme(caseworker, caseworker2):
    return dataset.build(caseworker, caseworker2)


def shown(response) -> dict[str, int]:
    html = response.content.decode()
    # Thousands are grouped with dots (12.500.000), as the office writes them.
    return {key: int(value.replace(".", "")) for key, value in re.findall(r'data-figure="([^"]+)">([\d.]+)<', html)}


def test_the_supervisor_sees_the_months_figures_on_the_admin_index(programme, supervisor):
    response = client_for(supervisor).get(reverse("admin:index"), {"month": "2026-10"})
    assert response.status_code == 200
    figures = shown(response)
    assert {key: figures.get(key) for key in dataset.OCTOBER_FIGURES} == dataset.OCTOBER_FIGURES
    assert b'data-type="bar"' in response.content  # the province chart, drawn by Unfold's Chart.js
    assert b"unfold/js/chart/chart.js" in response.content  # vendored, no CDN


def test_a_date_range_gives_the_same_figures_as_the_month(programme, supervisor):
    response = client_for(supervisor).get(reverse("admin:index"), {"start": "2026-10-01", "end": "31-10-2026"})
    figures = shown(response)
    assert {key: figures.get(key) for key in dataset.OCTOBER_FIGURES} == dataset.OCTOBER_FIGURES


@pytest.mark.parametrize(
    "query",
    [{"month": "2026-13"}, {"month": "²⁰²⁶-11"}, {"start": "31-10-2026", "end": "01-10-2026"}, {"start": "1" * 5000}],
)
def test_a_bad_period_shows_this_month_with_a_message(supervisor, query):
    response = client_for(supervisor).get(reverse("admin:index"), query)
    assert response.status_code == 200
    assert b'data-testid="period-error"' in response.content
    assert b'data-testid="dashboard-figures"' in response.content


def test_a_nul_byte_in_the_period_is_refused_before_the_dashboard(supervisor):
    # PostgreSQL refuses NUL characters: the middleware answers 400 for every page (core.middleware).
    assert client_for(supervisor).get(reverse("admin:index"), {"month": "x\x00"}).status_code == 400


def test_staff_without_the_report_permission_see_no_figures(db):
    clerk = User.objects.create_user(username="clerk", password="x", is_staff=True)
    response = client_for(clerk).get(reverse("admin:index"))
    assert response.status_code == 200
    assert b'data-testid="dashboard-figures"' not in response.content


@pytest.mark.parametrize("persona", ["caseworker", "inspector", "coordinator"])
def test_other_roles_cannot_open_the_dashboard(personas, persona):
    response = client_for(personas[persona]).get(reverse("admin:index"))
    assert response.status_code == 302


def test_the_dashboard_takes_a_fixed_number_of_queries(
    programme, supervisor, caseworker, caseworker2, django_assert_max_num_queries
):
    client = client_for(supervisor)
    client.get(reverse("admin:index"))  # the session and the permissions, once
    with django_assert_max_num_queries(25) as first:
        client.get(reverse("admin:index"), {"month": "2026-09"})
    for _n in range(3):
        dataset.build(caseworker, caseworker2)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("admin:index"), {"month": "2026-08"})


def test_the_open_cases_card_counts_what_the_figures_count(caseworker, caseworker2, supervisor):
    for worker in (caseworker, caseworker, caseworker2):
        make_case(worker)
    Case.objects.filter(pk=make_case(caseworker).pk).update(status=CaseStatus.ACTIVE)
    Case.objects.filter(pk=make_case(caseworker2).pk).update(archived_at=timezone.now())
    closed = make_case(caseworker)
    Case.objects.filter(pk=closed.pk).update(
        status=CaseStatus.CLOSED, closed_on=datetime.date(2026, 10, 1), closure_reason="Selesai."
    )
    card = next(
        card
        for card in client_for(supervisor).get("/admin/").context["dashboard_cards"]
        if card["url"].endswith("/case/")
    )
    assert card["value"] == 4  # the archived and the closed case left out
    assert f"{CaseStatus.INTAKE.label}: 3" in card["footer"] and f"{CaseStatus.CLOSED.label}: 1" in card["footer"]


def _age_the_kept_figures(seconds: int) -> None:
    """Make every kept section `seconds` old, its open-cases figure replaced by 999."""
    for key in list(cache._cache):  # LocMemCache: the tests' cache
        name = key.split(":", 2)[-1]
        if name.startswith("figures:"):
            computed_at, section = cache.get(name)
            figures = [dataclasses.replace(f, value=999) if f.key == "cases.open" else f for f in section.figures]
            cache.set(name, (computed_at - seconds, dataclasses.replace(section, figures=figures)))


def test_figures_older_than_five_minutes_show_and_are_counted_again_after_the_response(caseworker, supervisor):
    make_case(caseworker)
    client = client_for(supervisor)
    assert shown(client.get(reverse("admin:index")))["cases.open"] == 1
    make_case(caseworker)
    _age_the_kept_figures(CACHE_SECONDS + 60)
    stale = client.get(reverse("admin:index"))
    assert shown(stale)["cases.open"] == 999  # kept figures, shown at once with their time ...
    computed = timezone.localtime(stale.context["report_computed_at"])
    assert f"{computed:%H.%M} WIB" in stale.content.decode()
    # ... counted again once the response had gone: the next page shows the new count
    assert shown(client.get(reverse("admin:index")))["cases.open"] == 2


def test_figures_older_than_half_an_hour_are_counted_before_the_page_and_the_report_takes_no_stale_ones(
    caseworker, supervisor
):
    make_case(caseworker)
    client = client_for(supervisor)
    client.get(reverse("admin:index"))
    _age_the_kept_figures(STALE_SECONDS + 60)
    assert shown(client.get(reverse("admin:index")))["cases.open"] == 1
    _age_the_kept_figures(CACHE_SECONDS + 60)
    rows = report_rows(Period.month_of(timezone.localdate()))
    assert next(row.figure.value for row in rows if row.figure.key == "cases.open") == 1


def test_a_failed_count_after_the_response_is_logged_not_raised(caseworker, supervisor, monkeypatch, caplog):
    client = client_for(supervisor)
    client.get(reverse("admin:index"))
    _age_the_kept_figures(CACHE_SECONDS + 60)

    def broken(*args):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("core.reports.figures._compute_and_keep", broken)
    assert client.get(reverse("admin:index")).status_code == 200
    assert "failed" in caplog.text and "the database went away" in caplog.text
