"""The monthly round: which venues are due an inspection in a calendar month.

Months are calendar months in Asia/Jakarta (WIB): an inspection at 23:30 WIB on
the 31st belongs to that month, one at 00:30 WIB on the 1st to the next.

A venue is due its monthly inspection in a month if its licence was in force on
at least one day of it: licensed, suspended or revoked in the middle of a
month, it is due that month; its licence expired before the month began, it is
not. A venue whose licence was revoked or suspended leaves the round, but a
visit to confirm that it stopped operating is due from the decision's effective
date until one is made.

Whether a licence was in force on a day follows from its status history
(LicenseStatusChange, effective dates) and its expiry date, never from a job
that flips statuses at midnight.
"""

import datetime
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lists import links
from venues.models import (
    Inspection,
    InspectionTeam,
    License,
    LicenseStatus,
    LicenseStatusChange,
    PlannedVisit,
    first_of_month,
)

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
# Plain strings: comparing with the TextChoices members costs an enum lookup each time.
ACTIVE = str(LicenseStatus.ACTIVE.value)
ENDS_ROUND = {str(LicenseStatus.SUSPENDED.value), str(LicenseStatus.REVOKED.value)}


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def previous_month(month: datetime.date) -> datetime.date:
    return (month - datetime.timedelta(days=1)).replace(day=1)


def last_months(month: datetime.date, count: int) -> list[datetime.date]:
    """`count` months ending with `month`, oldest first."""
    months = [month]
    for _i in range(count - 1):
        months.append(previous_month(months[-1]))
    return months[::-1]


def month_bounds(month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end) of a calendar month in Asia/Jakarta, as aware datetimes."""
    month = first_of_month(month)
    start = datetime.datetime.combine(month, datetime.time.min, tzinfo=JAKARTA)
    end = datetime.datetime.combine(next_month(month), datetime.time.min, tzinfo=JAKARTA)
    return start, end


def month_of(moment: datetime.datetime) -> datetime.date:
    """The round month an inspection at `moment` counts for."""
    return moment.astimezone(JAKARTA).date().replace(day=1)


def current_month() -> datetime.date:
    return first_of_month(timezone.localdate())


def parse_month(value: str | None, default: datetime.date | None = None) -> datetime.date:
    """ "2026-11" -> 1 Nov 2026; anything else -> default (this month)."""
    default = default or current_month()
    if not value or len(value) != 7 or value[4] != "-":
        return default
    year, month = value[:4], value[5:]
    if not (year.isascii() and year.isdigit() and month.isascii() and month.isdigit()):
        return default
    if not (2000 <= int(year) <= 2100 and 1 <= int(month) <= 12):
        return default
    return datetime.date(int(year), int(month), 1)


Period = tuple[datetime.date, datetime.date | None]  # [start, end): end None = open
Change = tuple[datetime.date, int, str]  # (effective_on, id, to_status)


def license_periods(expires_on: datetime.date | None, changes: Iterable[Change]) -> list[Period]:
    """The days a licence was in force, from its status history and expiry date."""
    periods: list[Period] = []
    start = None
    for effective_on, _id, to_status in sorted(changes):
        if to_status == ACTIVE and start is None:
            start = effective_on
        elif to_status != ACTIVE and start is not None:
            periods.append((start, effective_on))
            start = None
    if start is not None:
        periods.append((start, None))
    if expires_on:
        cap = expires_on + datetime.timedelta(days=1)
        periods = [(s, cap if e is None or e > cap else e) for s, e in periods if s < cap]
    return [(s, e) for s, e in periods if e is None or e > s]


def round_end(changes: Iterable[Change]) -> datetime.date | None:
    """The effective date of the latest suspension or revocation (None if none)."""
    ends = [effective_on for effective_on, _id, to_status in changes if to_status in ENDS_ROUND]
    return max(ends) if ends else None


class VisitState:
    INSPECTED = "inspected"
    PLANNED = "planned"
    UNPLANNED = "unplanned"
    OVERDUE = "overdue"
    NOT_DUE = "not_due"


STATE_LABELS = {
    VisitState.INSPECTED: _("Inspected"),
    VisitState.PLANNED: _("Planned"),
    VisitState.UNPLANNED: _("Not yet planned"),
    VisitState.OVERDUE: _("Overdue"),
    VisitState.NOT_DUE: _("Not due"),
}


@dataclass(frozen=True)
class VenueRef:
    """What the round shows of a venue: read as plain values, not model instances
    (2,000 Venue objects cost more than the rest of the plan page)."""

    pk: int
    name: str
    district_name: str
    team_id: int | None

    def get_absolute_url(self) -> str:
        return links.url("venues:venue-detail", self.pk)


@dataclass(frozen=True)
class PlanRef:
    planned_on: datetime.date
    team_id: int
    team_name: str


@dataclass
class VenueHistory:
    """What the round needs to know about one venue, loaded once for many months."""

    venue: VenueRef
    periods: list[Period] = field(default_factory=list)
    ended_on: datetime.date | None = None  # latest suspension or revocation
    inspections: list[datetime.datetime] = field(default_factory=list)  # sorted
    months: set[datetime.date] = field(default_factory=set)  # the months of `inspections`

    def in_force_during(self, month: datetime.date) -> bool:
        month_end = next_month(month)
        return any(start < month_end and (end is None or end > month) for start, end in self.periods)

    def due(self, month: datetime.date) -> str | None:
        """ "routine", "confirmation" or None for this month."""
        if self.in_force_during(month):
            return "routine"
        if self.ended_on is None or self.ended_on >= next_month(month):
            return None
        # A confirmation visit is due until one is made on or after the decision's effective date.
        start, _end = month_bounds(month)
        ended_at = datetime.datetime.combine(self.ended_on, datetime.time.min, tzinfo=JAKARTA)
        if any(ended_at <= at < start for at in self.inspections):
            return None
        return "confirmation"

    def inspected_in(self, month: datetime.date, kind: str | None) -> bool:
        if month not in self.months:
            return False
        if kind != "confirmation":
            return True
        start, end = month_bounds(month)
        start = max(start, datetime.datetime.combine(self.ended_on, datetime.time.min, tzinfo=JAKARTA))
        return any(start <= at < end for at in self.inspections)


@dataclass
class RoundRow:
    venue: VenueRef
    kind: str  # "routine" or "confirmation"
    state: str
    plan: PlanRef | None
    last_inspected_at: datetime.datetime | None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass
class MonthCoverage:
    month: datetime.date
    inspected: int
    due: int

    @property
    def percent(self) -> int:
        return round(100 * self.inspected / self.due) if self.due else 100


def load_histories(venues: QuerySet, first_month: datetime.date, last_month: datetime.date) -> list[VenueHistory]:
    """Every venue of `venues` with its licence periods and its inspections from
    `first_month` to `last_month` (and since the oldest revocation that still
    matters): four queries of plain values, whatever the number of venues."""
    histories = {
        pk: VenueHistory(VenueRef(pk, name, district_name, team_id))
        for pk, name, district_name, team_id in venues.values_list("pk", "name", "district__name", "team_id")
    }
    if not histories:
        return []
    venue_ids = venues.values("pk")
    licenses = dict(
        (pk, (venue_id, expires_on))
        for pk, venue_id, expires_on in License.objects.filter(venue__in=venue_ids).values_list(
            "pk", "venue_id", "expires_on"
        )
    )
    changes: dict[int, list[Change]] = defaultdict(list)
    for license_id, effective_on, pk, to_status in LicenseStatusChange.objects.filter(
        license__venue__in=venue_ids
    ).values_list("license_id", "effective_on", "pk", "to_status"):
        changes[license_id].append((effective_on, pk, to_status))
    for license_id, (venue_id, expires_on) in licenses.items():
        history = histories[venue_id]
        history.periods += license_periods(expires_on, changes[license_id])
        end = round_end(changes[license_id])
        if end and (history.ended_on is None or end > history.ended_on):
            history.ended_on = end
    # Inspections: the window, and for confirmation visits since the earliest revocation before it.
    since = min([first_month, *(h.ended_on for h in histories.values() if h.ended_on and h.ended_on < first_month)])
    start, _end = month_bounds(since)
    _start, end = month_bounds(last_month)
    for venue_id, at in (
        Inspection.objects.filter(venue__in=venue_ids, inspected_at__gte=start, inspected_at__lt=end)
        .order_by("inspected_at")
        .values_list("venue_id", "inspected_at")
    ):
        history = histories[venue_id]
        history.inspections.append(at)
        history.months.add(month_of(at))
    return list(histories.values())


def monthly_round(
    venues: QuerySet,
    month: datetime.date,
    today: datetime.date | None = None,
    histories: list[VenueHistory] | None = None,
) -> list[RoundRow]:
    """The month's round for these venues: each due venue inspected, planned, not yet
    planned or overdue. `histories` may come from a load_histories() that covers `month`."""
    today = today or timezone.localdate()
    month = first_of_month(month)
    if histories is None:
        histories = load_histories(venues, month, month)
    plans = {
        venue_id: PlanRef(planned_on, team_id, team_name)
        for venue_id, planned_on, team_id, team_name in PlannedVisit.objects.filter(
            venue__in=venues.values("pk"), month=month
        ).values_list("venue_id", "planned_on", "team_id", "team__name")
    }
    rows = []
    for history in histories:
        kind = history.due(month)
        if kind is None:
            continue
        plan = plans.get(history.venue.pk)
        if history.inspected_in(month, kind):
            state = VisitState.INSPECTED
        elif next_month(month) <= today or (plan and plan.planned_on < today):
            state = VisitState.OVERDUE
        elif plan:
            state = VisitState.PLANNED
        else:
            state = VisitState.UNPLANNED
        last = history.inspections[-1] if history.inspections else None
        rows.append(RoundRow(history.venue, kind, state, plan, last))
    order = {VisitState.OVERDUE: 0, VisitState.UNPLANNED: 1, VisitState.PLANNED: 2, VisitState.INSPECTED: 3}
    rows.sort(
        key=lambda row: (order[row.state], row.plan.planned_on if row.plan else datetime.date.max, row.venue.name)
    )
    return rows


def coverage(
    venues: QuerySet, months: list[datetime.date], histories: list[VenueHistory] | None = None
) -> list[MonthCoverage]:
    """Inspected / due for each month, from one load of the venues' histories."""
    if histories is None:
        histories = load_histories(venues, months[0], months[-1])
    result = []
    for month in months:
        due = inspected = 0
        for history in histories:
            kind = history.due(month)
            if kind is None:
                continue
            due += 1
            inspected += history.inspected_in(month, kind)
        result.append(MonthCoverage(month, inspected, due))
    return result


def teams_for_planning() -> QuerySet:
    return InspectionTeam.objects.filter(is_active=True)
