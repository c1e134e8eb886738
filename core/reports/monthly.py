"""The monthly report (rekap bulanan): every registered app's figures for a month beside the month before.

Only counts: no names, no NIKs. The same rows feed the A4 page, its PDF, the CSV and the XLSX.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from core.lists.csv_export import Column, Kind
from core.reports.figures import Figure, compute_sections
from core.reports.period import Period


@dataclass(frozen=True)
class Row:
    section: Any
    group: Any
    figure: Figure
    previous: int | None  # None for the state today or one month of a series (nothing to compare)

    @property
    def change(self) -> int | None:
        if self.previous is None or self.figure.value is None:
            return None
        return self.figure.value - self.previous


def _compared(figure: Figure) -> bool:
    return figure.compared and not figure.current


def report_rows(month: Period) -> list[Row]:
    """The month's figures beside the month before's. Through the dashboard's cache, so that the report and
    the dashboard show the same numbers (both at most core.reports.figures.CACHE_SECONDS old)."""
    previous = compute_sections(month.previous(), cached=True)
    before = {figure.key: figure.value for section in previous for figure in section.figures}
    return [
        Row(section.title, figure.group, figure, before.get(figure.key, 0) if _compared(figure) else None)
        for section in compute_sections(month, cached=True)
        for figure in section.figures
    ]


def report_sections(rows: list[Row]) -> list[dict]:
    """The rows under their section and group headings, for the page."""
    sections: dict[str, dict] = {}
    for row in rows:
        section = sections.setdefault(str(row.section), {"title": row.section, "groups": {}})
        section["groups"].setdefault(str(row.group), {"title": row.group, "rows": []})["rows"].append(row)
    return [{"title": s["title"], "groups": list(s["groups"].values())} for s in sections.values()]


def export_columns(month: Period) -> list[Column]:
    return [
        Column(_("month"), "", kind=Kind.CODE),
        Column(_("figure code"), "", kind=Kind.CODE, width=40),
        Column(_("section"), ""),
        Column(_("group"), "", width=40),
        Column(_("figure"), "", width=40),
        Column(_("previous month (%(month)s)") % {"month": month.previous().month_param}, "", kind=Kind.NUMBER),
        Column(_("this month (%(month)s)") % {"month": month.month_param}, "", kind=Kind.NUMBER),
    ]


def export_rows(month: Period, rows: list[Row]):
    for row in rows:
        yield (
            month.month_param,
            row.figure.key,
            str(row.section),
            str(row.group),
            str(row.figure.label),
            row.previous,
            row.figure.value,
        )
