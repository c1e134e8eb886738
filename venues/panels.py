"""The venues app's home-page panel and navigation entries."""

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from core.lists import links
from core.panels import home_panel, nav_entry
from venues.models import EnforcementAction, Venue
from venues.rounds import Round, VisitState, current_month


@nav_entry
def venues_navigation(request) -> list[dict]:
    user = request.user
    if not user.has_perm("venues.view_venue"):
        return []
    if user.has_perm("cases.view_case"):
        # A supervisor's bar is full with casework at desktop width: she reaches the venues
        # from her home panel (venues_overview) and moves between their pages by their tabs.
        return []
    return [
        {"label": _("Monthly round"), "url": links.url("venues:plan"), "icon": "calendar-week"},
        {"label": _("Venues"), "url": links.url("venues:venue-list"), "icon": "shop"},
    ]


@home_panel
def inspection_round(request):
    """The inspector's round this month: what is overdue, planned or still to plan, one tap from the form."""
    user = request.user
    if not user.has_perm("venues.add_inspection") or user.has_perm("venues.view_all_venues"):
        return None
    month_round = Round(Venue.objects.visible_to(user), current_month())
    counts = month_round.counts()
    # The first 15 not yet inspected: the rows come overdue first, inspected last.
    rows = [row for row in month_round.rows(limit=15) if row.state != VisitState.INSPECTED]
    coverage = {"inspected": counts[VisitState.INSPECTED], "due": sum(counts.values())}
    return "venues/panels/round.html", {"rows": rows, "coverage": coverage}


# Office-wide figures: computed at most every few minutes, like the admin dashboard's.
OVERVIEW_SECONDS = 300


def _overview() -> dict:
    counts = Round(Venue.objects.all(), current_month()).counts()
    return {
        "inspected": counts[VisitState.INSPECTED],
        "due": sum(counts.values()),
        "overdue": counts[VisitState.OVERDUE],
        "open_actions": EnforcementAction.objects.open().count(),
        "overdue_replies": EnforcementAction.objects.overdue().count(),
    }


@home_panel
def venues_overview(request):
    """The supervisor's view of the round and of enforcement, one click from each list."""
    if not request.user.has_perm("venues.view_all_venues"):
        return None
    return "venues/panels/overview.html", cache.get_or_set("venues:overview", _overview, OVERVIEW_SECONDS)
