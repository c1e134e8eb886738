from django.utils.translation import gettext_lazy as _

from core import links
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
    items = [{"label": _("Home"), "url": links.url("home"), "icon": "house"}]
    for entries in nav_entries:
        items += entries(request)
    if user.is_staff:
        items.append({"label": _("Administration"), "url": links.url("admin:index"), "icon": "speedometer2"})
    for item in items:
        url = item["url"]
        item["active"] = request.path == url or (url != "/" and request.path.startswith(url))
    search = next((target for function in search_targets if (target := function(request))), None)
    return {"nav_items": items, "nav_search": search}
