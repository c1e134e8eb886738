"""The trainings and venues figures of the dashboard and the monthly report (issue 11).

Every figure against the number counted by hand from tests/reports/dataset_apps.py,
month edges in Asia/Jakarta included; every figure's link to a list showing the same
number; a number of queries that does not grow with the data.
"""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse

from cases.models import Case, Participant
from core.reports import compute_sections
from tests.conftest import client_for
from tests.reports import dataset_apps
from tests.reports.dataset import NOVEMBER, OCTOBER
from tests.reports.test_dashboard import shown
from tests.reports.test_figures import figures, number_behind
from tests.reports.test_monthly_report import compared, report_values
from tests.trainings.factories import make_cohort, make_item
from trainings.figures import trainings_figures
from trainings.models import (
    Attendance,
    CohortStatus,
    Enrollment,
    Handout,
    LivelihoodFollowUp,
    Session,
    UnmetNeed,
)
from venues.demo import seed_scale
from venues.figures import venues_figures

REPORT, EXPORT = reverse("reports:monthly"), reverse("reports:monthly-export")


@pytest.fixture
def programme(caseworker, coordinator, supervisor, inspector):
    return {**dataset_apps.build_trainings(caseworker, coordinator), **dataset_apps.build_venues(supervisor, inspector)}


def only(computed: dict, expected: dict) -> dict:
    return {key: computed.get(key) for key in expected}


def test_every_october_figure_is_the_number_counted_by_hand(programme):
    assert only(figures(OCTOBER), dataset_apps.OCTOBER_FIGURES) == dataset_apps.OCTOBER_FIGURES


def test_the_month_boundary_follows_jakarta_time(programme):
    assert only(figures(NOVEMBER), dataset_apps.NOVEMBER_FIGURES) == dataset_apps.NOVEMBER_FIGURES


def test_the_stock_left_is_each_items_ledger_balance(programme):
    computed = figures(OCTOBER)
    mixer, blender = programme["mixer"], programme["blender"]
    assert computed[f"trainings.stock.{mixer.pk}"] == 8 == dataset_apps.stock_left(mixer)  # 10 in, 2 out
    assert computed[f"trainings.stock.{blender.pk}"] == 5 == dataset_apps.stock_left(blender)  # 5 in, 1 out, 1 back


def test_the_coverage_of_each_of_the_last_12_months(programme):
    computed = figures(OCTOBER)
    months = sorted(key for key in computed if key.startswith("venues.coverage."))
    assert months[0] == "venues.coverage.2025-11" and months[-1] == "venues.coverage.2026-10"
    assert len(months) == 12
    assert [computed[key] for key in months] == [0] * 10 + [25, 67]


def test_a_date_range_counts_whole_days_in_jakarta(programme):
    # 31 October alone: v1's inspection at 23:30 WIB is in it, v2's at 00:30 WIB on 1 November is not.
    day = type(OCTOBER)(datetime.date(2026, 10, 31), datetime.date(2026, 10, 31))
    computed = figures(day)
    assert computed["venues.inspections"] == 1
    assert computed["trainings.handouts"] == 1
    assert computed["venues.round.due"] == 3  # the round of the month the range ends in


@pytest.mark.parametrize("period", [OCTOBER, NOVEMBER], ids=["october", "november"])
def test_every_figure_links_to_a_list_showing_the_same_number(programme, supervisor, period):
    client = client_for(supervisor)
    checked = set()
    for section in compute_sections(period):
        if section.key in ("trainings", "venues"):
            for figure in section.figures:
                if figure.url:
                    assert number_behind(client, figure) == figure.value, (figure.key, figure.url)
                    checked.add(figure.key)
    # Counts link to their list; only the rates and amounts computed from them have none.
    unlinked = {
        f.key for s in compute_sections(period) if s.key in ("trainings", "venues") for f in s.figures
    } - checked
    assert unlinked == {
        "trainings.completion_rate",
        "trainings.dropout_rate",
        "trainings.attendance_rate",
        "trainings.cost_per_completer",
        "trainings.handouts.units",
        "trainings.unmet_needs.amount",
        "trainings.livelihood.earning_share",
    }


def test_the_dashboard_and_the_report_show_them(programme, supervisor):
    client = client_for(supervisor)
    dashboard = shown(client.get(reverse("admin:index"), {"month": "2026-10"}))
    report = report_values(client.get(REPORT, {"month": "2026-10"}))
    assert only(dashboard, dataset_apps.OCTOBER_FIGURES) == dataset_apps.OCTOBER_FIGURES
    assert report == dashboard


def test_the_report_compares_with_the_month_before(programme, supervisor):
    html = client_for(supervisor).get(REPORT, {"month": "2026-11"}).content.decode()
    assert compared(html, "trainings.completed") == ("2", "1", "-1")
    assert compared(html, "venues.inspections") == ("4", "1", "-3")
    assert compared(html, "venues.round.coverage") == ("67", "33", "-34")
    # One month of the 12-month series: the month before's report holds other months.
    assert compared(html, "venues.coverage.2026-10") == ("&ndash;", "67", "&ndash;")


def test_the_csv_and_xlsx_hold_the_same_figures(programme, supervisor):
    client = client_for(supervisor)
    page = report_values(client.get(REPORT, {"month": "2026-10"}))
    response = client.get(EXPORT, {"month": "2026-10"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    in_csv = {row[1]: int(row[6]) for row in rows[1:] if row[6]}
    assert in_csv == page
    assert only(in_csv, dataset_apps.OCTOBER_FIGURES) == dataset_apps.OCTOBER_FIGURES
    response = client.get(EXPORT, {"month": "2026-10", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    in_xlsx = {row[1]: row[6] for row in sheet.iter_rows(min_row=2, values_only=True) if row[6] is not None}
    assert in_xlsx == page


def test_a_rate_with_nothing_to_divide_is_a_dash_not_zero(supervisor):
    response = client_for(supervisor).get(REPORT, {"month": "2026-10"})
    assert b'data-figure="trainings.completion_rate">\xe2\x80\x93<' in response.content


def test_the_report_holds_no_names(programme, supervisor):
    content = client_for(supervisor).get(REPORT, {"month": "2026-10"}).content.decode()
    for participant in Participant.objects.all():
        assert participant.full_name not in content


def grow_trainings(count: int, prefix: str, worker, coordinator) -> None:
    """`count` trainees of a cohort that finished on 15 October, each with a mark, a hand-out, a
    follow-up done and an unmet need in October: volume in bulk (the services are tested elsewhere)."""
    day = datetime.date(2026, 10, 15)
    cohort = make_cohort(coordinator, name=f"Besar {prefix}", starts_on=day, ends_on=day, capacity=count,
                         status=CohortStatus.FINISHED)  # fmt: skip
    participants = Participant.objects.bulk_create(
        Participant(code=f"PR-{prefix}-{i:05d}", full_name=f"Peserta {i}", created_by=worker) for i in range(count)
    )
    cases = Case.objects.bulk_create(
        Case(number=f"KS-{prefix}-{i:05d}", participant=p, caseworker=worker) for i, p in enumerate(participants)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(
            cohort=cohort,
            participant=p,
            case=c,
            enrolled_by=coordinator,
            status="completed",
            completed_on=day,
            certificate_number=f"{prefix}-{i}",
        )  # fmt: skip
        for i, (p, c) in enumerate(zip(participants, cases, strict=True))
    )
    session = Session.objects.create(cohort=cohort, held_on=day)
    Attendance.objects.bulk_create(
        Attendance(session=session, enrollment=e, status="present", recorded_by=coordinator) for e in enrollments
    )
    item = make_item(f"Item {prefix}")
    Handout.objects.bulk_create(
        Handout(participant=e.participant, enrollment=e, item=item, handed_out_by=coordinator, handed_out_on=day)
        for e in enrollments
    )
    LivelihoodFollowUp.objects.bulk_create(
        LivelihoodFollowUp(enrollment=e, months_after=3, due_on=day, done_on=day, earns_from_skill=True)
        for e in enrollments
    )
    UnmetNeed.objects.bulk_create(
        UnmetNeed(
            participant=e.participant,
            cohort=cohort,
            kind="business_grant",
            reason="-",
            recorded_by=worker,
            recorded_on=day,
        )  # fmt: skip
        for e in enrollments
    )


def grow(count: int, prefix: str, worker, coordinator) -> None:
    grow_trainings(count, prefix, worker, coordinator)
    seed_scale(count, log=lambda message: None, months=2)


def test_the_figures_take_a_fixed_number_of_queries(caseworker, coordinator, supervisor, django_assert_max_num_queries):
    """A few queries per app, none per row: the same count for 10 rows of each kind as for 1,000."""
    grow(10, "S", caseworker, coordinator)
    small = {}
    for app in (trainings_figures, venues_figures):
        with django_assert_max_num_queries(12) as captured:
            app(OCTOBER)
        small[app] = len(captured)
    client = client_for(supervisor)
    client.get(reverse("admin:index"))  # the session and the permissions, once
    cache.clear()
    with django_assert_max_num_queries(60) as dashboard:
        client.get(reverse("admin:index"), {"month": "2026-10"})
    cache.clear()
    with django_assert_max_num_queries(80) as report:
        client.get(REPORT, {"month": "2026-10"})

    grow(990, "L", caseworker, coordinator)
    assert Enrollment.objects.count() == 1000
    for app in (trainings_figures, venues_figures):
        with django_assert_max_num_queries(small[app]):
            app(OCTOBER)
    cache.clear()
    with django_assert_max_num_queries(len(dashboard.captured_queries)):
        response = client.get(reverse("admin:index"), {"month": "2026-10"})
    assert shown(response)["trainings.completed"] == 1000
    assert shown(response)["venues.round.due"] == 1000
    cache.clear()
    with django_assert_max_num_queries(len(report.captured_queries)):
        assert client.get(REPORT, {"month": "2026-10"}).status_code == 200


def test_amounts_show_their_thousands_grouped_and_the_files_keep_plain_numbers(programme, supervisor):
    client = client_for(supervisor)
    report = client.get(REPORT, {"month": "2026-10"}).content.decode()
    dashboard = client.get(reverse("admin:index"), {"month": "2026-10"}).content.decode()
    for page in (report, dashboard):
        assert 'data-figure="trainings.unmet_needs.amount">2.000.000<' in page
    rows = csv.reader(io.StringIO(b"".join(client.get(EXPORT, {"month": "2026-10"}).streaming_content).decode()))
    assert ["2000000"] == [row[6] for row in rows if row[1] == "trainings.unmet_needs.amount"]
