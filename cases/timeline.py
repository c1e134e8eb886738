"""A case's timeline: each entry is stored as a kind and its parameters, and
rendered in the reader's language when it is read (never translated at write time).

Kinds live in one registry. Every app declares its own in `<app>/timeline_kinds.py`
(found at start-up like `admin.py`, see cases.apps), so `trainings` or `venues`
add kinds to a case's timeline without `cases` importing them:

    # trainings/timeline_kinds.py
    from django.utils.translation import gettext_lazy as _
    from cases.timeline import register_kind

    register_kind(
        "training_enrolled",
        label=_("Training"),
        message=_("Enrolled in %(training)s, starting %(starts_on)s."),
        dates=("starts_on",),
    )

and then, in the app's service: `timeline_add(case=case, kind="training_enrolled",
params={"training": training.name, "starts_on": training.starts_on}, actor=actor)`.

Parameters hold values, not sentences: choice values (translated through `choices`
when read), ISO dates (shown in the reader's date format through `dates`), names, and
the user's own words (shown as written). Never a NIK.
"""

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import formats
from django.utils.functional import Promise

# What a message may be: a translatable template ("%(name)s ...") or, for entries whose
# sentence depends on which parameters are there, a function of the shown values.
Message = str | Promise | Callable[[Mapping[str, str]], str]


@dataclass(frozen=True)
class TimelineKind:
    key: str
    label: str | Promise
    message: Message
    choices: Mapping[str, type[models.Choices]] = field(default_factory=dict)
    dates: tuple[str, ...] = ()


KINDS: dict[str, TimelineKind] = {}

# Entries written before kinds had parameters keep their old text (in the language it
# was written in) under this key; it is shown as it is.
LEGACY_TEXT = "legacy_text"


def register_kind(
    key: str,
    *,
    label: str | Promise,
    message: Message,
    choices: Mapping[str, type[models.Choices]] | None = None,
    dates: tuple[str, ...] = (),
) -> str:
    """Declare a kind of timeline entry; returns its key (stored in TimelineEntry.kind)."""
    if key in KINDS:
        raise ImproperlyConfigured(f"Timeline kind {key!r} is registered twice.")
    if len(key) > 40:
        raise ImproperlyConfigured(f"Timeline kind {key!r} is longer than 40 characters.")
    KINDS[key] = TimelineKind(key=key, label=label, message=message, choices=choices or {}, dates=dates)
    return key


class _Shown(dict):
    """The shown values; a missing parameter shows as nothing rather than failing the page."""

    def __missing__(self, key: str) -> str:
        return ""


def _show(kind: TimelineKind, name: str, value):
    if isinstance(value, bool | list | dict):  # flags and lists stay so, for messages that are functions
        return value
    if value is None:
        return ""
    if name in kind.choices:
        try:
            return str(kind.choices[name](value).label)
        except ValueError:
            return str(value)
    if name in kind.dates:
        try:
            date = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
            return formats.date_format(date, "SHORT_DATE_FORMAT")
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def render(kind_key: str, params: Mapping) -> str:
    """The entry's sentence in the active language."""
    if LEGACY_TEXT in params:
        return str(params[LEGACY_TEXT])
    kind = KINDS.get(kind_key)
    if kind is None:
        return ""
    shown = _Shown({name: _show(kind, name, value) for name, value in params.items()})
    if callable(kind.message) and not isinstance(kind.message, Promise):
        return kind.message(shown)
    return str(kind.message) % shown


def label(kind_key: str) -> str:
    kind = KINDS.get(kind_key)
    return str(kind.label) if kind else kind_key


def choices() -> list[tuple[str, str]]:
    """(key, label) of every registered kind, e.g. for the admin's filter."""
    return [(key, label(key)) for key in KINDS]


def check_kind(kind_key: str) -> None:
    if kind_key not in KINDS:
        raise ValueError(f"Unknown timeline kind {kind_key!r}: register it in <app>/timeline_kinds.py.")
