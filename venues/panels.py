"""The venues app's home-page panel and navigation entries."""

from django.utils.translation import gettext_lazy as _

from core.lists import links
from core.panels import home_panel, nav_entry
from venues.models import Venue
from venues.rounds import VisitState, current_month, monthly_round


@nav_entry
def venues_navigation(request) -> list[dict]:
    user = request.user
    if not user.has_perm("venues.view_venue"):
        return []
    return [
        {"label": _("Monthly round"), "url": links.url("venues:plan"), "icon": "calendar-week"},
        {"label": _("Venues"), "url": links.url("venues:venue-list"), "icon": "shop"},
        {"label": _("Inspections"), "url": links.url("venues:inspection-list"), "icon": "clipboard-check"},
        {"label": _("Enforcement"), "url": links.url("venues:enforcement-list"), "icon": "exclamation-octagon"},
    ]


@home_panel
def inspection_round(request):
    """The inspector's round this month: what is overdue, planned or still to plan, one tap from the form."""
    user = request.user
    if not user.has_perm("venues.add_inspection") or user.has_perm("venues.view_all_venues"):
        return None
    rows = monthly_round(Venue.objects.visible_to(user), current_month())
    due = [row for row in rows if row.state != VisitState.INSPECTED]
    inspected = len(rows) - len(due)
    return "venues/panels/round.html", {"rows": due[:15], "coverage": {"inspected": inspected, "due": len(rows)}}
