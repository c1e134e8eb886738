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
from dataclasses import dataclass

from django.db import connections
from django.db.models import (
    Case,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Greatest, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.kept import Kept
from core.lists import links
from venues.models import Inspection, InspectionTeam, LicenseStatus, LicenseStatusChange, Venue, first_of_month

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


# The round in SQL: one query ranks every due venue, whatever their number, and the plan page
# loads the details of only the rows it shows. (At 2,000 venues, loading each venue's licence
# history and inspections into Python cost 4-6x the case list's latency.) Each venue's place in
# the round is one integer, its rank, so that PostgreSQL computes the licence and inspection
# subqueries once: an expression that another annotation refers to is copied into the SQL, and
# each copy is computed again.
#
# A due venue's rank: twice its state's place in the plan's order, plus 1 for a confirmation
# visit, so that ordering by rank orders by state (and, within one, routine visits first).
ORDER = [VisitState.OVERDUE, VisitState.UNPLANNED, VisitState.PLANNED, VisitState.INSPECTED]
RANKS = {state: 2 * place for place, state in enumerate(ORDER)}
# The day of an inspection in Asia/Jakarta, whatever timezone a request activated.
INSPECTED_ON = TruncDate("inspected_at", tzinfo=JAKARTA)


def in_force_during(month: datetime.date) -> Exists:
    """A licence of the venue (OuterRef "pk") was in force on at least one day of `month`.

    A licence is in force on a day when its latest status change up to that day (by effective
    date, then id) is to `active` and the day is not after its expiry date. A day of the month
    when that holds is either the month's first day or the day of a change to `active`: so it is
    enough to find one change to `active` that is still the latest on the later of its own day
    and the month's first day, that day being in the month and not after the expiry date."""
    superseded = LicenseStatusChange.objects.filter(
        Q(effective_on__gt=OuterRef("effective_on")) | Q(effective_on=OuterRef("effective_on"), pk__gt=OuterRef("pk")),
        license=OuterRef("license"),
        effective_on__lte=OuterRef("as_of"),
    )
    starts = (
        LicenseStatusChange.objects.alias(as_of=Greatest("effective_on", Value(month)))
        .filter(license__venue=OuterRef("pk"), to_status=ACTIVE, effective_on__lt=next_month(month))
        .filter(Q(license__expires_on__isnull=True) | Q(license__expires_on__gte=F("as_of")))
        .filter(~Exists(superseded))
    )
    return Exists(starts)


def round_end() -> Subquery:
    """The effective date of the venue's latest suspension or revocation (None if none)."""
    ends = LicenseStatusChange.objects.filter(license__venue=OuterRef("pk"), to_status__in=ENDS_ROUND)
    return Subquery(ends.order_by("-effective_on").values("effective_on")[:1])


def round_rank(month: datetime.date, pending) -> Case:
    """The venue's rank in `month`'s round (see RANKS; None: not due), for a queryset of venues
    with the `round_end` alias; `pending` is the rank of a routine visit not made yet.

    Due: its licence was in force during the month (routine), or it was suspended or revoked
    before the month ended and no inspection since 00:00 WIB on the decision's effective date
    came before the month (confirmation). Inspected: an inspection in the month, for a
    confirmation one on or after that date."""
    month = first_of_month(month)
    start, end = month_bounds(month)
    in_month = Inspection.objects.filter(venue=OuterRef("pk"), inspected_at__gte=start, inspected_at__lt=end)
    since_end = Q(inspected_on__gte=OuterRef("round_end"))
    before = Inspection.objects.filter(venue=OuterRef("pk"), inspected_at__lt=start).alias(inspected_on=INSPECTED_ON)
    confirmed = in_month.alias(inspected_on=INSPECTED_ON).filter(since_end)
    inspected = RANKS[VisitState.INSPECTED]
    return Case(
        When(in_force_during(month), then=Case(When(Exists(in_month), then=Value(inspected)), default=pending)),
        When(
            Q(round_end__lt=next_month(month)) & ~Exists(before.filter(since_end)),
            then=Case(When(Exists(confirmed), then=Value(inspected + 1)), default=pending + Value(1)),
        ),
        default=None,
        output_field=IntegerField(),
    )


# The SQL of the round's queries: a month or two of the plan and of the coverage for each scope of
# venues in use (all of them; each inspection team's).
COMPILED = Kept(64)


def kept_sql(venues: QuerySet, key: tuple, build) -> tuple[str, tuple]:
    """The SQL and parameters of `build()`, a query over `venues`, compiled once per process for
    each `key` (what else the query depends on). Building the round's queries (the ORM resolving
    and compiling a dozen subqueries a month) takes longer than PostgreSQL takes to run them."""
    key = (venues.db, venues.query.sql_with_params(), *key)
    return COMPILED.get(key, lambda: build().query.sql_with_params())


def run_sql(venues: QuerySet, sql: str, params: tuple) -> list[tuple]:
    with connections[venues.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class Round:
    """A month's round for some venues: every due venue's rank from one query whatever their
    number (two integers a venue, in the plan's order), and what the plan shows of the rows
    asked for from a second one."""

    def __init__(self, venues: QuerySet, month: datetime.date, today: datetime.date | None = None) -> None:
        self.venues = venues
        self.month = first_of_month(month)
        self.today = today or timezone.localdate()
        self._ranked: list[tuple[int, int]] | None = None

    def ranked(self) -> list[tuple[int, int]]:
        """(venue id, rank) of every due venue: overdue first, then not yet planned, planned by
        date, inspected; by name. A planned venue is overdue once its date has passed, and every
        venue not inspected once the month is over."""
        if self._ranked is None and self.venues.query.is_empty():  # .none(): no SQL to run
            self._ranked = []
        if self._ranked is None:
            rows = run_sql(self.venues, *kept_sql(self.venues, ("ranked", self.month, self.today), self._ranked_query))
            self._ranked = [(pk, rank) for pk, rank in rows if rank is not None]  # the venues not due come last
        return self._ranked

    def _ranked_query(self) -> QuerySet:
        overdue, planned = RANKS[VisitState.OVERDUE], RANKS[VisitState.PLANNED]
        if next_month(self.month) <= self.today:
            pending = Value(overdue)
        else:
            pending = Case(
                When(plan__planned_on__lt=self.today, then=Value(overdue)),
                When(plan__planned_on__isnull=False, then=Value(planned)),
                default=Value(RANKS[VisitState.UNPLANNED]),
            )
        return (
            self.venues.alias(round_end=round_end(), plan=self._plan())
            .annotate(round_rank=round_rank(self.month, pending))
            .order_by(F("round_rank").asc(nulls_last=True), F("plan__planned_on").asc(nulls_last=True), "name", "pk")
            .values_list("pk", "round_rank")
        )

    def _plan(self) -> FilteredRelation:
        return FilteredRelation("planned_visits", condition=Q(planned_visits__month=self.month))

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(ORDER, 0)
        for _pk, rank in self.ranked():
            counts[ORDER[rank // 2]] += 1
        return counts

    def rows(self, state: str | None = None, limit: int | None = None) -> list[RoundRow]:
        """The due venues (in `state`), in the round's order, the first `limit` of them."""
        ranked = [(pk, rank) for pk, rank in self.ranked() if state is None or ORDER[rank // 2] == state][:limit]
        _start, end = month_bounds(self.month)
        last = Inspection.objects.filter(venue=OuterRef("pk"), inspected_at__lt=end).order_by("-inspected_at")
        shown = (
            Venue.objects.filter(pk__in=[pk for pk, _rank in ranked])
            .alias(plan=self._plan())
            .annotate(last_inspected_at=Subquery(last.values("inspected_at")[:1]))
            .values_list(*SHOWN_FIELDS)
        )
        details = {row[0]: row[1:] for row in shown} if ranked else {}
        return [_round_row(pk, rank, *details[pk]) for pk, rank in ranked]


# What the plan shows of a venue.
SHOWN_FIELDS = (
    "pk",
    "name",
    "district__name",
    "team_id",
    "plan__planned_on",
    "plan__team_id",
    "plan__team__name",
    "last_inspected_at",
)


def _round_row(pk, rank, name, district_name, team_id, planned_on, plan_team_id, plan_team_name, last):
    plan = PlanRef(planned_on, plan_team_id, plan_team_name) if planned_on else None
    kind = "confirmation" if rank % 2 else "routine"
    return RoundRow(VenueRef(pk, name, district_name, team_id), kind, ORDER[rank // 2], plan, last)


def monthly_round(venues: QuerySet, month: datetime.date, today: datetime.date | None = None) -> list[RoundRow]:
    """The month's round for these venues: each due venue inspected, planned, not yet
    planned or overdue, overdue first. Two queries, whatever the number of venues."""
    return Round(venues, month, today).rows()


def coverage(venues: QuerySet, months: list[datetime.date]) -> list[MonthCoverage]:
    """Inspected / due for each month, in one query whatever the number of venues and months."""
    if not months:
        return []
    if venues.query.is_empty():  # .none(): no SQL to run
        return [MonthCoverage(month, 0, 0) for month in months]

    def build() -> QuerySet:
        ranks = {f"rank_{i}": round_rank(month, pending=Value(0)) for i, month in enumerate(months)}
        return venues.order_by().alias(round_end=round_end()).annotate(**ranks).values_list(*ranks)

    ranks_sql, params = kept_sql(venues, ("coverage", tuple(months)), build)
    # Counted over the ranks as a subquery, so that each month's rank is computed once a venue (as
    # Django's aggregate() over annotations does). COUNT skips NULL: the venues not due.
    inspected = RANKS[VisitState.INSPECTED]
    counts = ", ".join(
        f'COUNT(CASE WHEN "rank_{i}" >= {inspected} THEN 1 END), COUNT("rank_{i}")' for i in range(len(months))
    )
    (row,) = run_sql(venues, f"SELECT {counts} FROM ({ranks_sql}) AS ranks", params)  # noqa: S608 - no input in it
    return [MonthCoverage(month, row[2 * i], row[2 * i + 1]) for i, month in enumerate(months)]


def teams_for_planning() -> QuerySet:
    return InspectionTeam.objects.filter(is_active=True)
