from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.lists import links
from core.panels import nav_entries, search_targets


def navigation(request) -> dict:
    """The navigation bar: only the entries the signed-in user may use.

    Apps add their entries through core.panels.nav_entry, each guarded by the
    permission its view checks, so a link is never shown for a page that
    answers 403.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_search": None}
    home = links.url("home")
    items = [{"label": _("Home"), "url": home, "icon": "house"}]
    for entries in nav_entries:
        items += entries(request)
    if user.is_staff:
        items.append({"label": _("Administration"), "url": links.url("admin:index"), "icon": "speedometer2"})
    # The entry whose URL is the longest start of the path: /cases/participants/1/ is under
    # "Participants", not also under "Cases" (/cases/).
    matches = [item["url"] for item in items if request.path.startswith(item["url"])]
    current = max(matches, key=len, default=None)
    for item in items:
        item["active"] = item["url"] == current and (current != home or request.path == home)
    search = next((target for function in search_targets if (target := function(request))), None)
    return {"nav_items": items, "nav_search": search, "session_seconds": settings.SESSION_COOKIE_AGE}
