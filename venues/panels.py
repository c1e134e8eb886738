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
    # One entry in a supervisor's bar (it holds the casework entries too); the venues
    # pages link to each other through their own tabs (templates/venues/includes/tabs.html).
    items = [{"label": _("Venues"), "url": links.url("venues:venue-list"), "icon": "shop"}]
    if not user.has_perm("venues.view_all_venues"):
        items.insert(0, {"label": _("Monthly round"), "url": links.url("venues:plan"), "icon": "calendar-week"})
    return items


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
