"""Walk every URL pattern of the project, for the route x role matrix."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

# The admin's app-index pattern lists the app labels in registration order;
# sorted, the route reads the same however the apps register.
APP_LABELS = re.compile(r"\(\?P<app_label>([^)]*)\)")


def all_routes(urlconf: str | None = None) -> list[str]:
    """Every URL pattern as its full route string, e.g. "admin/core/user/<path:object_id>/change/"."""
    routes: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = APP_LABELS.sub(
                lambda match: "(?P<app_label>" + "|".join(sorted(match.group(1).split("|"))) + ")",
                prefix + str(pattern.pattern),
            )
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                routes.append(route)

    walk(get_resolver(urlconf).url_patterns, "")
    return routes
