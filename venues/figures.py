"""The venues app's figures for the supervisors' dashboard and the monthly report.

The monthly round of the period's month (the month the period ends in, for a range of
days) and its coverage in each of the last 12 months, from venues.rounds, the rules the
plan page follows; the inspections, violations, enforcement steps and revocations of
the period. Each figure links to the list under /venues/ that shows the same number:
the plan page of the month (its rows in a state, or its coverage), or the inspection,
enforcement and licence lists with their filters. A fixed number of queries whatever
the number of venues (tests/reports/test_app_figures.py).
"""

import datetime

from django.db.models import Count, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.lists.links import filtered as _url
from core.reports import Chart, Figure, Period, Section, figures_section
from venues.models import (
    Decision,
    EnforcementAction,
    Inspection,
    InspectionOutcome,
    LicenseStatus,
    LicenseStatusChange,
    Venue,
)
from venues.rounds import JAKARTA, Round, VisitState, coverage, last_months


def _moments(period: Period) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of the period's days in Asia/Jakarta: an inspection at 23:30 WIB on its last day is in it."""
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=JAKARTA)
    end = datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=JAKARTA)
    return start, end


def _round(period: Period) -> tuple[list[Figure], list[Figure]]:
    month = period.end.replace(day=1)
    months = last_months(month, 12)
    venues = Venue.objects.all()
    states = Round(venues, month).counts()  # the venues' states in one query; no row is read
    history = coverage(venues, months)  # the 12 months in one query
    plan = {"month": f"{month:%Y-%m}"}
    group = format_lazy("{} ({})", _("Monthly inspection round"), f"{month:%m-%Y}")

    round_figures = [
        Figure(
            "venues.round.due", _("Venues due an inspection"), sum(states.values()), _url("venues:plan", **plan), group
        ),
        Figure(
            "venues.round.inspected",
            _("Inspected"),
            states[VisitState.INSPECTED],
            _url("venues:plan", state=VisitState.INSPECTED, **plan),
            group,
        ),
        Figure(
            "venues.round.overdue",
            _("Overdue venues"),
            states[VisitState.OVERDUE],
            _url("venues:plan", state=VisitState.OVERDUE, **plan),
            group,
        ),
        # The plan page of the month shows its coverage.
        Figure("venues.round.coverage", _("Coverage (%)"), history[-1].percent, _url("venues:plan", **plan), group),
    ]
    series = _("Inspection coverage, last 12 months (%)")
    months_figures = [
        Figure(
            f"venues.coverage.{item.month:%Y-%m}",
            f"{item.month:%m-%Y}",
            item.percent,
            _url("venues:plan", month=f"{item.month:%Y-%m}"),
            series,
            compared=False,
        )
        for item in history
    ]
    return round_figures, months_figures


def _inspections(period: Period) -> list[Figure]:
    group = _("Inspections in the period")
    start, end = _moments(period)
    counts = Inspection.objects.filter(inspected_at__gte=start, inspected_at__lt=end).aggregate(
        total=Count("pk"), violations=Count("pk", filter=Q(outcome=InspectionOutcome.VIOLATION))
    )
    inspected = period.range_params("inspected")
    return [
        Figure(
            "venues.inspections", _("Inspections"), counts["total"], _url("venues:inspection-list", **inspected), group
        ),
        Figure(
            "venues.violations",
            _("Violations found"),
            counts["violations"],
            _url("venues:inspection-list", outcome=InspectionOutcome.VIOLATION, **inspected),
            group,
        ),
    ]


def _enforcement(period: Period) -> list[Figure]:
    group = _("Enforcement steps in the period")
    replied = period.between("replied_on")
    counts = EnforcementAction.objects.aggregate(
        warned=Count("pk", filter=period.between("warned_on")),
        reported=Count("pk", filter=period.between("reported_on")),
        decided=Count("pk", filter=replied),
        overdue=Count("pk", filter=Q(pk__in=EnforcementAction.objects.overdue().values("pk"))),
        **{f"decision_{d.value}": Count("pk", filter=replied & Q(decision=d.value)) for d in Decision},
    )
    actions = "venues:enforcement-list"
    return [
        Figure(
            "venues.enforcement.warned",
            _("Written warnings sent"),
            counts["warned"],
            _url(actions, **period.range_params("warned")),
            group,
        ),
        Figure(
            "venues.enforcement.reported",
            _("Reports to the licensing agency"),
            counts["reported"],
            _url(actions, **period.range_params("reported")),
            group,
        ),
        Figure(
            "venues.enforcement.decided",
            _("Agency decisions"),
            counts["decided"],
            _url(actions, **period.range_params("replied")),
            group,
        ),
        *(
            Figure(
                f"venues.enforcement.decision.{d.value}",
                d.label,
                counts[f"decision_{d.value}"],
                _url(actions, decision=d.value, **period.range_params("replied")),
                group,
            )
            for d in Decision
        ),
        Figure(
            "venues.enforcement.overdue",
            _("Agency replies overdue (today)"),
            counts["overdue"],
            _url(actions, overdue="yes"),
            group,
            current=True,
        ),
    ]


def _licences(period: Period) -> list[Figure]:
    revoked = (
        LicenseStatusChange.objects.filter(period.between("effective_on"), to_status=LicenseStatus.REVOKED)
        .values("license")
        .distinct()
        .count()
    )
    return [
        Figure(
            "venues.licences.revoked",
            _("Licences revoked"),
            revoked,
            _url("venues:license-list", **period.range_params("revoked")),
            _("Enforcement steps in the period"),
        )
    ]


@figures_section("venues")
def venues_figures(period: Period) -> Section:
    round_figures, months_figures = _round(period)
    return Section(
        key="venues",
        title=_("Venues"),
        figures=[*round_figures, *months_figures, *_inspections(period), *_enforcement(period), *_licences(period)],
        charts=[Chart("venues.coverage", _("Inspection coverage, last 12 months (%)"), months_figures)],
    )
