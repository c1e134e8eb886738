"""The cases app's figures for the supervisors' dashboard and the monthly report.

Each figure links to the list that shows the same rows: the case, follow-up
and participant lists (with their filters in the query string) or, for
commitments and referrals, which have no list of their own, the admin
changelist. The figures count what those lists count: the case list leaves
out archived cases, the other lists keep them. A fixed number of queries
whatever the size of the tables (tests/cases/test_figures.py).
"""

import datetime
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.filters import days_after_departure
from cases.models import (
    FOLLOW_UP_DAYS,
    Agency,
    Arrangement,
    Case,
    CaseStatus,
    Commitment,
    FollowUp,
    HomeReturn,
    Outcome,
    Participant,
    Referral,
    ReferralStatus,
    TravelMode,
)
from core.lists import links
from core.models import User
from core.reports import Chart, Figure, Period, Section, figures_section

# An agency that has not answered a referral this many days after it was sent is overdue.
REPLY_DAYS = 14
AWAITING_REPLY = [ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED]


def _url(viewname: str, **params) -> str:
    base = links.url(viewname)
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return f"{base}?{query}" if query else base


def _admin_range(field: str, period: Period) -> dict[str, str]:
    return {f"{field}__gte": period.start.isoformat(), f"{field}__lte": period.end.isoformat()}


def _in(field: str, period: Period) -> Q:
    return Q(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def _midnight(day: datetime.date, days_later: int = 0) -> datetime.datetime:
    """The start of the day `days_later` days after `day`, in the office's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=days_later), datetime.time()))


def _open_cases(counts: list[dict]) -> list[Figure]:
    group = _("Open cases by status (today)")
    by_status = {status.value: 0 for status in CaseStatus}
    for row in counts:
        by_status[row["status"]] += row["total"]
    figures = [
        Figure(
            f"cases.open.{status.value}",
            status.label,
            by_status[status.value],
            _url("cases:case-list", status=status.value),
            group,
            current=True,
        )
        for status in CaseStatus
        if status != CaseStatus.CLOSED
    ]
    total = sum(figure.value for figure in figures)
    return [Figure("cases.open", _("Open cases"), total, _url("cases:case-list", state="open"), group, True), *figures]


def _open_by_caseworker(counts: list[dict]) -> list[Figure]:
    group = _("Open cases by caseworker (today)")
    totals: dict[int | None, int] = {}
    for row in counts:
        if row["status"] != CaseStatus.CLOSED:
            totals[row["caseworker"]] = totals.get(row["caseworker"], 0) + row["total"]
    workers = User.objects.filter(pk__in=[pk for pk in totals if pk]).only("username", "first_name", "last_name")
    figures = [
        Figure(
            f"cases.open.caseworker.{worker.username}",
            worker.get_full_name() or worker.username,
            totals[worker.pk],
            _url("cases:case-list", state="open", caseworker=worker.pk),
            group,
            current=True,
        )
        for worker in workers.order_by("username")
    ]
    if None in totals:
        # An intake case (e.g. referred from a venue inspection) waits for a supervisor to assign it.
        figures.append(
            Figure(
                "cases.open.unassigned",
                _("Not yet assigned"),
                totals[None],
                _url("admin:cases_case_changelist", caseworker__isnull="True", archived_at__isnull="True"),
                group,
                current=True,
            )
        )
    return figures


def _opened(period: Period) -> list[Figure]:
    total = Case.objects.active().filter(_in("opened_on", period)).count()
    return [
        Figure(
            "cases.opened",
            _("Cases opened"),
            total,
            _url("cases:case-list", **period.range_params("opened")),
            _("Casework in the period"),
        )
    ]


def _returns(period: Period) -> list[Figure]:
    group = _("Returns home")
    departed, arrived = _in("departed_on", period), _in("arrived_on", period)
    # The WHERE keeps to the period's rows (two index range scans); the FILTERs split them.
    # Archived cases left out as a NOT IN of the few archived ones (partial index case_archived): a join
    # to the cases would hash all 100,000 of them for a month's thousand returns.
    archived = Case.objects.filter(archived_at__isnull=False).values("pk")
    counts = (
        HomeReturn.objects.filter(departed | arrived)
        .exclude(case__in=archived)
        .aggregate(
            departed=Count("pk", filter=departed),
            arrived=Count("pk", filter=arrived),
            **{f"arrangement_{a.value}": Count("pk", filter=departed & Q(arrangement=a.value)) for a in Arrangement},
            **{f"mode_{m.value}": Count("pk", filter=departed & Q(travel_mode=m.value)) for m in TravelMode},
        )
    )
    departed_params = period.range_params("departed")
    return [
        Figure(
            "cases.returns", _("Departed home"), counts["departed"], _url("cases:case-list", **departed_params), group
        ),
        *(
            Figure(
                f"cases.returns.arrangement.{a.value}",
                a.label,
                counts[f"arrangement_{a.value}"],
                _url("cases:case-list", arrangement=a.value, **departed_params),
                group,
            )
            for a in Arrangement
        ),
        *(
            Figure(
                f"cases.returns.mode.{m.value}",
                m.label,
                counts[f"mode_{m.value}"],
                _url("cases:case-list", travel_mode=m.value, **departed_params),
                group,
            )
            for m in TravelMode
        ),
        Figure(
            "cases.arrivals",
            _("Arrivals confirmed"),
            counts["arrived"],
            _url("cases:case-list", **period.range_params("arrived")),
            group,
        ),
    ]


def _commitments(period: Period) -> list[Figure]:
    total = Commitment.objects.filter(_in("signed_on", period)).count()
    return [
        Figure(
            "cases.commitments",
            _("Commitments signed"),
            total,
            _url("admin:cases_commitment_changelist", **_admin_range("signed_on", period)),
            _("Casework in the period"),
        )
    ]


def _follow_ups(period: Period) -> list[Figure]:
    group = _("Follow-ups due in the period")
    today = timezone.localdate()
    due = _in("due_on", period)
    # Every count is of follow-ups due in the period: an index range scan on due_on, not all of them.
    counts = FollowUp.objects.filter(due).aggregate(
        due=Count("pk"),
        on_time=Count("pk", filter=Q(done_on__lte=F("due_on"))),
        late=Count("pk", filter=Q(done_on__gt=F("due_on"))),
        overdue=Count("pk", filter=Q(done_on__isnull=True, cancelled_on__isnull=True, due_on__lt=today)),
        **{
            f"reached_{days}": Count("pk", filter=Q(outcome=Outcome.REACHED, due_on=days_after_departure(days)))
            for days in FOLLOW_UP_DAYS
        },
    )
    due_params = period.range_params("due")
    reached_group = _("Participants reached (follow-ups due in the period)")
    reached_labels = {7: _("Reached at 7 days"), 30: _("Reached at 30 days"), 90: _("Reached at 90 days")}
    return [
        Figure("cases.follow_ups.due", _("Due"), counts["due"], _url("cases:follow-up-list", **due_params), group),
        Figure(
            "cases.follow_ups.on_time",
            _("Done on time"),
            counts["on_time"],
            _url("cases:follow-up-list", state="on_time", **due_params),
            group,
        ),
        Figure(
            "cases.follow_ups.late",
            _("Done late"),
            counts["late"],
            _url("cases:follow-up-list", state="late", **due_params),
            group,
        ),
        Figure(
            "cases.follow_ups.overdue",
            _("Overdue"),
            counts["overdue"],
            _url("cases:follow-up-list", state="overdue", **due_params),
            group,
        ),
        *(
            Figure(
                f"cases.reached.{days}",
                reached_labels[days],
                counts[f"reached_{days}"],
                _url("cases:follow-up-list", day=days, outcome=Outcome.REACHED, **due_params),
                reached_group,
            )
            for days in FOLLOW_UP_DAYS
        ),
    ]


def _referrals(period: Period) -> list[Figure]:
    sent = _in("sent_on", period)
    reply_due = timezone.localdate() - datetime.timedelta(days=REPLY_DAYS)
    awaiting = Q(status__in=AWAITING_REPLY, sent_on__lte=reply_due)
    counts = Referral.objects.filter(sent | awaiting).aggregate(
        sent=Count("pk", filter=sent),
        overdue=Count("pk", filter=awaiting),
        **{f"agency_{a.value}": Count("pk", filter=sent & Q(agency=a.value)) for a in Agency},
        **{f"status_{s.value}": Count("pk", filter=sent & Q(status=s.value)) for s in ReferralStatus},
    )
    changelist = "admin:cases_referral_changelist"
    sent_params = _admin_range("sent_on", period)
    by_agency, by_status = _("Referrals sent, by agency"), _("Referrals sent, by status")
    return [
        Figure("cases.referrals", _("Referrals sent"), counts["sent"], _url(changelist, **sent_params), by_agency),
        *(
            Figure(
                f"cases.referrals.agency.{a.value}",
                a.label,
                counts[f"agency_{a.value}"],
                _url(changelist, agency=a.value, **sent_params),
                by_agency,
            )
            for a in Agency
        ),
        *(
            Figure(
                f"cases.referrals.status.{s.value}",
                s.label,
                counts[f"status_{s.value}"],
                _url(changelist, status=s.value, **sent_params),
                by_status,
            )
            for s in ReferralStatus
        ),
        Figure(
            "cases.referrals.overdue",
            _("Replies overdue (today, more than 14 days)"),
            counts["overdue"],
            _url(changelist, status__in=",".join(AWAITING_REPLY), sent_on__lte=reply_due.isoformat()),
            by_status,
            current=True,
        ),
    ]


def _participants_by_province(period: Period) -> list[Figure]:
    group = _("Participants registered, by origin province")
    registered = period.range_params("registered")
    rows = (
        # The days in Asia/Jakarta, as the participant list's filter (created_at__date), written as a
        # range of moments: an index range scan, where the date of every row would be computed.
        Participant.objects.filter(created_at__gte=_midnight(period.start), created_at__lt=_midnight(period.end, 1))
        .values("origin_regency__province", "origin_regency__province__name")
        .annotate(total=Count("pk"))
        .order_by("origin_regency__province__name")
    )
    total = sum(row["total"] for row in rows)
    figures = [
        Figure(
            f"cases.participants.province.{row['origin_regency__province'] or 'unknown'}",
            row["origin_regency__province__name"] or _("Origin unknown"),
            row["total"],
            # Participants without an origin cannot be picked by the province filter.
            _url("cases:participant-list", province=row["origin_regency__province"], **registered)
            if row["origin_regency__province"]
            else "",
            group,
        )
        for row in rows
    ]
    return [
        Figure(
            "cases.participants",
            _("Participants registered"),
            total,
            _url("cases:participant-list", **registered),
            group,
        ),
        *figures,
    ]


@figures_section("cases")
def cases_figures(period: Period) -> Section:
    province = _participants_by_province(period)
    open_counts = Case.objects.active().counts_by_worker_and_status()
    return Section(
        key="cases",
        title=_("Cases"),
        figures=[
            *_opened(period),
            *_commitments(period),
            *_open_cases(open_counts),
            *_open_by_caseworker(open_counts),
            *_returns(period),
            *_follow_ups(period),
            *_referrals(period),
            *province,
        ],
        charts=[Chart("cases.participants.province", _("Participants by origin province"), province[1:])],
    )
