"""The period a dashboard or a report covers: whole days in the office's time zone (Asia/Jakarta)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.forms import DATE_INPUT_FORMATS

# A range longer than this is refused: the figures would mean little and cost a lot.
MAX_DAYS = 366 * 5


class PeriodError(ValueError):
    """A period that cannot be read; its message is shown to the user."""


@dataclass(frozen=True)
class Period:
    start: datetime.date  # first day, included
    end: datetime.date  # last day, included

    @classmethod
    def month_of(cls, day: datetime.date) -> "Period":
        first = day.replace(day=1)
        next_first = (first + datetime.timedelta(days=32)).replace(day=1)
        return cls(first, next_first - datetime.timedelta(days=1))

    @classmethod
    def this_month(cls) -> "Period":
        return cls.month_of(timezone.localdate())

    @property
    def is_month(self) -> bool:
        return self == Period.month_of(self.start)

    @property
    def month_param(self) -> str:
        """2026-11, as in ?month=2026-11."""
        return f"{self.start:%Y-%m}"

    def previous(self) -> "Period":
        """The month before a month; otherwise the range of the same length just before."""
        if self.is_month:
            return Period.month_of(self.start - datetime.timedelta(days=1))
        length = self.end - self.start
        end = self.start - datetime.timedelta(days=1)
        return Period(end - length, end)

    def query(self) -> dict[str, str]:
        """The period as the dashboard's own query string."""
        if self.is_month:
            return {"month": self.month_param}
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    def between(self, field: str) -> Q:
        """The period's days as a range filter on a date field (an index on the field serves it)."""
        return Q(**{f"{field}__gte": self.start, f"{field}__lte": self.end})

    def range_params(self, name: str) -> dict[str, str]:
        """The period as a list's date range filter `name` (name_min, name_max: dd-mm-yyyy)."""
        return {f"{name}_min": f"{self.start:%d-%m-%Y}", f"{name}_max": f"{self.end:%d-%m-%Y}"}


def parse_month(value: str) -> Period:
    try:
        first = datetime.datetime.strptime(value.strip(), "%Y-%m").date()  # noqa: DTZ007 (a calendar month, no time)
    except ValueError:
        raise PeriodError(_("Write the month as year-month, e.g. 2026-11.")) from None
    if first.year < 2000:
        raise PeriodError(_("Write the month as year-month, e.g. 2026-11."))
    return Period.month_of(first)


def _parse_date(value: str) -> datetime.date:
    for pattern in DATE_INPUT_FORMATS:
        try:
            day = datetime.datetime.strptime(value.strip(), pattern).date()  # noqa: DTZ007 (a calendar day)
        except ValueError:
            continue
        if day.year >= 2000:
            return day
    raise PeriodError(_("Write dates as day-month-year, e.g. 17-08-2026."))


def period_from_query(query) -> Period:
    """The period asked for by `?month=YYYY-MM` or `?start=...&end=...`; this month when neither is given.

    Raises PeriodError with a message for the user when the input cannot be read.
    """
    month = query.get("month", "")
    start, end = query.get("start", ""), query.get("end", "")
    if "\x00" in month + start + end or len(month + start + end) > 60:
        raise PeriodError(_("Write the month as year-month, e.g. 2026-11."))
    if start or end:
        if not (start and end):
            raise PeriodError(_("Give both the first and the last day of the period."))
        period = Period(_parse_date(start), _parse_date(end))
        if period.end < period.start:
            raise PeriodError(_("The period ends before it starts."))
        if (period.end - period.start).days > MAX_DAYS:
            raise PeriodError(_("Choose a period of at most five years."))
        return period
    if month:
        return parse_month(month)
    return Period.this_month()
