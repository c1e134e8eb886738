"""The monthly round: the plan page (inspected / planned / overdue and coverage)
and the supervisors' assignment of a month's venues to teams."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.lists.views import render_rows
from venues import services
from venues.access import get_venue_for_user
from venues.forms import AssignForm
from venues.lists import plan_columns, plan_row_css
from venues.models import InspectionTeam, Venue
from venues.rounds import (
    STATE_LABELS,
    MonthCoverage,
    Round,
    VisitState,
    coverage,
    last_months,
    next_month,
    parse_month,
    previous_month,
)

# The plan page lists at most this many venues (overdue first); the state filter narrows them.
# 50 rows: a phone's worth of scrolling, and half the page's Python time of 100 rows.
PLAN_ROWS = 50
# The 11 months before the chosen one change rarely (a late report): their coverage is
# computed at most every few minutes, like the dashboard's figures.
COVERAGE_SECONDS = 300


def past_coverage(request: HttpRequest, venues, month) -> list[MonthCoverage]:
    user = request.user
    scope = "all" if user.has_perm("venues.view_all_venues") else f"user-{user.pk}"
    months = last_months(month, 12)[:-1]
    return cache.get_or_set(
        f"venues:coverage:{scope}:{month:%Y-%m}", lambda: coverage(venues, months), COVERAGE_SECONDS
    )


@require_GET
def plan(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("venues.view_venue"):
        raise PermissionDenied
    month = parse_month(request.GET.get("month"))
    venues = Venue.objects.visible_to(request.user)
    # The month's counts and the rows shown come from SQL (two queries); the rest of the
    # month's venues are never loaded.
    month_round = Round(venues, month)
    counts = month_round.counts()
    due = sum(counts.values())
    history = [*past_coverage(request, venues, month), MonthCoverage(month, counts[VisitState.INSPECTED], due)]
    state = request.GET.get("state", "")
    if state not in counts:
        state = ""
    shown = counts[state] if state else due
    columns = plan_columns(request.user.has_perm("venues.add_inspection"))
    context = {
        "month": month,
        "previous": previous_month(month),
        "next": next_month(month),
        "due": due,
        "shown": shown,
        "limited": shown > PLAN_ROWS,
        "limit": PLAN_ROWS,
        "state": state,
        "states": [(value, label) for value, label in STATE_LABELS.items() if value != VisitState.NOT_DUE],
        "columns": columns,
        "rows_html": render_rows(columns, month_round.rows(state or None, limit=PLAN_ROWS), plan_row_css),
        "counts": counts,
        "coverage": history[-1],
        "history": history,
        "can_plan": request.user.has_perm("venues.plan_round"),
        "can_inspect": request.user.has_perm("venues.add_inspection"),
    }
    return render(request, "venues/plan.html", context)


# The states a supervisor assigns: every due venue not inspected yet.
ASSIGN_STATES = [VisitState.OVERDUE, VisitState.UNPLANNED, VisitState.PLANNED]


def plan_assign(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("venues.plan_round"):
        raise PermissionDenied
    month = parse_month(request.GET.get("month"))
    state = request.GET.get("state", "")
    if state not in ASSIGN_STATES:
        state = ""
    if request.method == "POST":
        _assign(request, month)
        return redirect(reverse("venues:plan-assign") + f"?month={month:%Y-%m}" + (f"&state={state}" if state else ""))
    # As the plan page: the counts from the round's one query, the first PLAN_ROWS rows shown (overdue
    # first; the inspected venues come last in the round's order, so they fill no place of the open ones).
    month_round = Round(Venue.objects.visible_to(request.user), month)
    counts = month_round.counts()
    open_count = sum(counts[value] for value in ASSIGN_STATES)
    shown = counts[state] if state else open_count
    rows = month_round.rows(state or None, limit=PLAN_ROWS)
    context = {
        "month": month,
        "previous": previous_month(month),
        "next": next_month(month),
        "rows": [row for row in rows if row.state != VisitState.INSPECTED],
        "teams": list(InspectionTeam.objects.filter(is_active=True)),
        "state": state,
        "states": [(value, STATE_LABELS[value], counts[value]) for value in ASSIGN_STATES],
        "open_count": open_count,
        "shown": shown,
        "limited": shown > PLAN_ROWS,
        "limit": PLAN_ROWS,
    }
    return render(request, "venues/plan_assign.html", context)


def _assign(request: HttpRequest, month) -> None:
    form = AssignForm(request.POST)
    if not form.is_valid():
        errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
        messages.error(request, _("Nothing was planned: %(errors)s") % {"errors": " ".join(errors)})
        return
    venue = get_venue_for_user(request.user, form.cleaned_data["venue"])
    try:
        services.round_assign(
            actor=request.user,
            venue=venue,
            month=month,
            team=form.cleaned_data["team"],
            planned_on=form.cleaned_data["planned_on"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(venue)s planned.") % {"venue": venue.name})
