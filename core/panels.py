"""Panels that apps add to the home page and entries they add to the navigation.

core never imports the apps: each registers here from its AppConfig.ready().
A panel function takes the request and returns (template name, context) or
None when the panel is not for this user.
"""

from collections.abc import Callable

from django.http import HttpRequest

Panel = Callable[[HttpRequest], tuple[str, dict] | None]
NavEntry = Callable[[HttpRequest], list[dict]]
SearchTarget = Callable[[HttpRequest], dict | None]

# A section that another app adds to a record page of `cases` ("participant" or "case"):
# takes the request, the page's name and its object; returns (template name, context) or None.
RecordSection = Callable[[HttpRequest, str, object], tuple[str, dict] | None]

home_panels: list[Panel] = []
record_sections: list[RecordSection] = []
nav_entries: list[NavEntry] = []
search_targets: list[SearchTarget] = []


def home_panel(function: Panel) -> Panel:
    home_panels.append(function)
    return function


def nav_entry(function: NavEntry) -> NavEntry:
    nav_entries.append(function)
    return function


def nav_search(function: SearchTarget) -> SearchTarget:
    """The quick search box in the navigation bar: {"url", "placeholder"} for
    a list that takes `q`, or None. The first one the user may use wins."""
    search_targets.append(function)
    return function


def record_section(function: RecordSection) -> RecordSection:
    record_sections.append(function)
    return function


def sections_for(request: HttpRequest, page: str, obj) -> list[tuple[str, dict]]:
    """What other apps show on a participant's or a case's page (cases never imports them)."""
    return [section for function in record_sections if (section := function(request, page, obj))]


def panels_for(request: HttpRequest) -> list[tuple[str, dict]]:
    return [panel for function in home_panels if (panel := function(request))]
