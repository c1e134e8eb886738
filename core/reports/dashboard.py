"""The figures part of the supervisors' dashboard (the admin index), for a chosen period."""

import datetime
import json

from django.http import HttpRequest
from django.urls import reverse

from core.reports.figures import CACHE_SECONDS, Section, kept_sections
from core.reports.period import Period, PeriodError, period_from_query


def _chart_data(chart) -> str:
    """Chart.js data as Unfold's chart component reads it (data-value)."""
    return json.dumps(
        {
            "labels": [str(figure.label) for figure in chart.figures],
            "datasets": [{"label": str(chart.title), "data": [figure.value for figure in chart.figures]}],
        }
    )


def _blocks(section: Section) -> list[dict]:
    """The section's figure groups; a group drawn as a chart also gets a table, not cards."""
    charts = {str(chart.figures[0].group): chart for chart in section.charts if chart.figures}
    blocks = []
    for group, figures in section.groups():
        chart = charts.get(str(group))
        drawn = {"title": chart.title, "data": _chart_data(chart)} if chart else None
        blocks.append({"title": group, "figures": figures, "chart": drawn})
    return blocks


def dashboard_context(request: HttpRequest) -> dict:
    error = ""
    try:
        period = period_from_query(request.GET)
    except PeriodError as refused:
        error, period = str(refused), Period.this_month()
    kept = kept_sections(period, stale_ok=True)
    this_month = Period.month_of(period.start)
    return {
        "report_period": period,
        "report_period_error": error,
        "report_month": this_month.month_param,
        "report_previous_month": this_month.previous().month_param,
        "report_next_month": Period.month_of(this_month.end + datetime.timedelta(days=1)).month_param,
        "report_url": reverse("reports:monthly") + f"?month={this_month.month_param}",
        "report_sections": [{"title": section.title, "blocks": _blocks(section)} for section in kept.sections],
        "report_computed_at": kept.computed_at,
        "report_refresh_minutes": CACHE_SECONDS // 60,
    }
