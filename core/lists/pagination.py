"""Keyset ("seek") pagination: page 2,000 costs what page 1 costs.

OFFSET paging scans every skipped row (measured 13x slower at page 2,000 on
100,000 cases here) and a COUNT on every page grows with the table. Instead
each page remembers the sort key of its last row, and the next page asks for
rows after it, through an index on (sort field, id).
"""

import base64
import datetime
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Field, Q, QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.utils import timezone


def _encode(values: list) -> str:
    plain = [value.isoformat() if isinstance(value, datetime.date) else value for value in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def _decode(cursor: str) -> list | None:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError, RecursionError):
        return None
    return values if isinstance(values, list) else None


def _field(model, name: str) -> Field:
    """The model field at the end of an ordering path such as "participant__created_at"."""
    *relations, last = name.split(LOOKUP_SEP)
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(last)


def _clean(model, names: list[str], values: list) -> list | None:
    """The cursor's values as the sort fields' Python values, or None for a cursor that no page
    wrote (edited by hand or forged): it then counts as absent, and the first page is shown."""
    if len(values) != len(names):
        return None
    cleaned = []
    for name, value in zip(names, values, strict=True):
        if value is None or isinstance(value, (dict, list)) or (isinstance(value, str) and "\x00" in value):
            return None
        try:
            value = _field(model, name).to_python(value)
        except (ValidationError, ValueError, TypeError, OverflowError):
            return None
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            return None  # every cursor written here carries its offset
        cleaned.append(value)
    return cleaned


def _after(ordering: list[str], values: list) -> Q:
    """Rows strictly after `values` in `ordering` (lexicographic, per-field direction).

    The OR of the lexicographic steps cannot bound an index scan, so PostgreSQL would walk the
    index from the first row and filter out every row before the cursor (25 ms at row 45,000 of
    a status filter here). The redundant bound on the first field (e.g. opened_on <= X) starts
    the scan at the cursor instead (1 ms)."""
    condition = Q()
    for depth in range(len(ordering) - 1, -1, -1):
        name = ordering[depth].lstrip("-")
        lookup = "lt" if ordering[depth].startswith("-") else "gt"
        step = Q(**{f"{name}__{lookup}": values[depth]})
        equal_before = Q(**{ordering[i].lstrip("-"): values[i] for i in range(depth)})
        condition |= equal_before & step
    if len(ordering) > 1:
        first = ordering[0].lstrip("-")
        condition &= Q(**{f"{first}__{'lte' if ordering[0].startswith('-') else 'gte'}": values[0]})
    return condition


def _reverse(ordering: list[str]) -> list[str]:
    return [name[1:] if name.startswith("-") else f"-{name}" for name in ordering]


@dataclass
class KeysetPage:
    object_list: list
    next_cursor: str | None = None
    previous_cursor: str | None = None
    ordering: list[str] = field(default_factory=list)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def keyset_page(
    queryset: QuerySet, ordering: list[str], per_page: int, after: str | None = None, before: str | None = None
) -> KeysetPage:
    """One page of `queryset` in `ordering` (which must end in a unique field, e.g. "-id").

    One query: per_page + 1 rows tell whether another page follows.
    """
    names = [name.lstrip("-") for name in ordering]
    values = _decode(after or before or "")
    if values is not None:
        values = _clean(queryset.model, names, values)
    backwards = before is not None and values is not None
    if values is not None:
        order = _reverse(ordering) if backwards else ordering
        queryset = queryset.filter(_after(order, values))
    else:
        values = None
        backwards = False
    order = _reverse(ordering) if backwards else ordering
    rows = list(queryset.order_by(*order)[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()

    def key(row) -> str:
        return _encode([_value(row, name) for name in names])

    page = KeysetPage(object_list=rows, ordering=ordering)
    if rows:
        has_next = more if not backwards else True
        has_previous = values is not None if not backwards else more
        page.next_cursor = key(rows[-1]) if has_next else None
        page.previous_cursor = key(rows[0]) if has_previous else None
    return page


def _value(row, name: str):
    value = row
    for part in name.split("__"):
        value = getattr(value, part)
    return value
