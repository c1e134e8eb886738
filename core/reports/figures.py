"""The registry of figures: each app registers how to compute its section for a period."""

import dataclasses
import datetime
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import get_language

from core.after_response import after_response
from core.reports.period import Period


@dataclass(frozen=True)
class Figure:
    """One number, and the filtered list that shows the same number."""

    key: str  # stable across languages: the CSV's identifier, e.g. "cases.open.intake"
    label: Any  # a (lazy) translated string, or a name from the data (a caseworker, a province)
    value: int | None
    url: str = ""
    group: Any = ""  # the heading it stands under, e.g. "Open cases by status"
    # True when the value is the state today (open cases), not something that happened in the period.
    current: bool = False
    # False for one figure of a series (the inspection coverage of each of the last 12 months): the
    # month before's report holds other months of the series, so the report shows no comparison.
    compared: bool = True


@dataclass(frozen=True)
class Chart:
    """A bar chart of some of a section's figures (drawn with Chart.js on the dashboard)."""

    key: str
    title: Any
    figures: list[Figure]


@dataclass
class Section:
    key: str  # the app's label, e.g. "cases"
    title: Any
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

    def groups(self) -> list[tuple[Any, list[Figure]]]:
        """The figures under their headings, in order."""
        grouped: dict[str, tuple[Any, list[Figure]]] = {}
        for figure in self.figures:
            grouped.setdefault(str(figure.group), (figure.group, []))[1].append(figure)
        return list(grouped.values())


SectionFunction = Callable[[Period], Section]
_sections: dict[str, SectionFunction] = {}


def figures_section(key: str) -> Callable[[SectionFunction], SectionFunction]:
    """Register an app's figures: `@figures_section("cases")` over `def figures(period) -> Section`."""

    def register(function: SectionFunction) -> SectionFunction:
        _sections[key] = function
        return function

    return register


def sections_for(period: Period) -> list[Section]:
    return [function(period) for function in _sections.values()]


# Figures are kept in the cache, computed at most this long ago when the monthly report reads them.
CACHE_SECONDS = 300
# The dashboard shows kept figures up to this old, and when they are older than CACHE_SECONDS it
# computes new ones after its response has gone (core.after_response): a supervisor moving around
# the admin never waits for them (350 ms at 100,000 cases). Older than this, it computes them first.
STALE_SECONDS = 1800


def _as_shown(section: Section) -> Section:
    """The section with its texts in the active language, for the cache: a lazy string is unpickled by
    building a class of its own, 60 ms for the dashboard's few hundred (the cache key names the language)."""

    def shown(figure: Figure) -> Figure:
        return dataclasses.replace(figure, label=str(figure.label), group=str(figure.group))

    charts = [
        Chart(chart.key, str(chart.title), [shown(figure) for figure in chart.figures]) for chart in section.charts
    ]
    return Section(section.key, str(section.title), [shown(figure) for figure in section.figures], charts)


@dataclass(frozen=True)
class Kept:
    sections: list[Section]
    computed_at: datetime.datetime  # of the oldest section


def _compute_and_keep(cache_key: str, function: SectionFunction, period: Period) -> tuple[float, Section]:
    entry = (time.time(), _as_shown(function(period)))
    cache.set(cache_key, entry, STALE_SECONDS)
    return entry


def kept_sections(period: Period, *, stale_ok: bool = False) -> Kept:
    """Every section for the period from the cache, each computed again when older than CACHE_SECONDS;
    with `stale_ok` (the dashboard), one up to STALE_SECONDS old is shown and computed again after the
    response."""
    language = get_language()
    sections, oldest = [], time.time()
    for key, function in _sections.items():
        cache_key = f"figures:{key}:{period.start.isoformat()}:{period.end.isoformat()}:{language}"
        entry = cache.get(cache_key)
        age = time.time() - entry[0] if entry else None
        if age is None or age > (STALE_SECONDS if stale_ok else CACHE_SECONDS):
            entry = _compute_and_keep(cache_key, function, period)
        elif age > CACHE_SECONDS:
            after_response(
                f"refresh:{cache_key}", _in_language(language, _compute_and_keep), cache_key, function, period
            )
        sections.append(entry[1])
        oldest = min(oldest, entry[0])
    return Kept(sections, datetime.datetime.fromtimestamp(oldest, tz=datetime.UTC))


def _in_language(language: str, function: Callable) -> Callable:
    def call(*args):
        with translation.override(language):
            return function(*args)

    return call


def compute_sections(period: Period, *, cached: bool = False) -> list[Section]:
    """Every section for the period: computed now, or `cached` (at most CACHE_SECONDS old)."""
    return kept_sections(period).sections if cached else sections_for(period)
