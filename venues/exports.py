"""The columns of the venues app's downloads (see docs/exports.md).

Venues and their licences are business records, not personal data; owners'
and managers' names and phones go only to users who may see every venue.
"""

import datetime
from collections.abc import Iterator

from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.exports import label
from core.lists.csv_export import Column, Kind
from core.models import User
from venues.lists import with_license_and_last_visit
from venues.models import (
    Decision,
    EnforcementAction,
    InspectionOutcome,
    LicenseKind,
    LicenseStatus,
    Purpose,
    Stage,
    VenueKind,
)
from venues.rounds import RoundRow


def venue_columns(user: User) -> list[Column]:
    contact = []
    if user.has_perm("venues.view_all_venues"):
        contact = [
            Column(_("owner"), "owner_name"),
            Column(_("owner's phone"), "owner_phone", kind=Kind.CODE),
            Column(_("manager"), "manager_name"),
            Column(_("manager's phone"), "manager_phone", kind=Kind.CODE),
        ]
    return [
        Column(_("venue id"), "id", kind=Kind.NUMBER),
        Column(_("name"), "name", width=30),
        Column(_("kind"), "kind", label(VenueKind)),
        Column(_("street address"), "address", width=40),
        Column(_("district"), "district__name"),
        Column(_("village"), "village__name"),
        *contact,
        Column(_("number of karaoke booths"), "booth_count", kind=Kind.NUMBER),
        Column(_("private rooms dismantled on (declared)"), "private_rooms_dismantled_on", kind=Kind.DATE),
        Column(_("inspection team"), "team__name"),
        Column(_("licence number"), "license_number", kind=Kind.CODE),
        Column(_("licence status"), "license_status_stored", label(LicenseStatus)),
        Column(_("expires on"), "license_expires_on", kind=Kind.DATE),
        Column(_("last inspection"), "last_inspected_at", kind=Kind.DATETIME),
    ]


def inspection_columns(user: User) -> list[Column]:
    return [
        Column(_("inspection id"), "id", kind=Kind.NUMBER),
        Column(_("date and time"), "inspected_at", kind=Kind.DATETIME),
        Column(_("venue id"), "venue_id", kind=Kind.NUMBER),
        Column(_("venue"), "venue__name", width=30),
        Column(_("district"), "venue__district__name"),
        Column(_("team"), "team__name"),
        Column(_("purpose"), "purpose", label(Purpose)),
        Column(_("the venue was operating"), "venue_operating", kind=Kind.NUMBER),
        Column(_("private rooms present (not only booths)"), "private_rooms_present", kind=Kind.NUMBER),
        Column(_("signs of prostitution"), "prostitution_signs", kind=Kind.NUMBER),
        Column(_("minors present"), "minors_present", kind=Kind.NUMBER),
        Column(_("opening hours kept"), "opening_hours_kept", kind=Kind.NUMBER),
        Column(_("licence displayed"), "license_displayed", kind=Kind.NUMBER),
        Column(_("other findings"), "other_findings", width=40),
        Column(_("findings"), "findings", width=50),
        Column(_("outcome"), "outcome", label(InspectionOutcome)),
    ]


def license_columns(user: User) -> list[Column]:
    return [
        Column(_("licence number"), "number", kind=Kind.CODE),
        Column(_("venue id"), "venue_id", kind=Kind.NUMBER),
        Column(_("venue"), "venue__name", width=30),
        Column(_("district"), "venue__district__name"),
        Column(_("kind"), "kind", label(LicenseKind)),
        Column(_("issuing agency"), "issuing_agency"),
        Column(_("issued on"), "issued_on", kind=Kind.DATE),
        Column(_("expires on"), "expires_on", kind=Kind.DATE),
        # Today's status: an active licence past its expiry date is expired (LICENSE_ANNOTATIONS).
        Column(_("status"), "status_today", label(LicenseStatus)),
    ]


def license_annotations() -> dict:
    """What license_columns() reads beyond the model's fields."""
    expired = Q(status=LicenseStatus.ACTIVE, expires_on__lt=timezone.localdate())
    status = models.CharField(choices=LicenseStatus.choices)
    return {
        "status_today": models.Case(
            models.When(expired, then=models.Value(LicenseStatus.EXPIRED.value)),
            default=models.F("status"),
            output_field=status,
        )
    }


def enforcement_columns(user: User) -> list[Column]:
    return [
        Column(_("enforcement id"), "id", kind=Kind.NUMBER),
        Column(_("venue id"), "venue_id", kind=Kind.NUMBER),
        Column(_("venue"), "venue__name", width=30),
        Column(_("district"), "venue__district__name"),
        Column(_("violation found on"), "inspection__inspected_at", kind=Kind.DATETIME),
        Column(_("repeat violation"), "repeat", kind=Kind.NUMBER),
        Column(_("stage"), "stage", label(Stage)),
        Column(_("warning sent on"), "warned_on", kind=Kind.DATE),
        Column(_("warning letter number"), "warning_number", kind=Kind.CODE),
        Column(_("report sent on"), "reported_on", kind=Kind.DATE),
        Column(_("report letter number"), "report_number", kind=Kind.CODE),
        Column(_("reply overdue"), "reply_overdue", kind=Kind.NUMBER),
        Column(_("agency replied on"), "replied_on", kind=Kind.DATE),
        Column(_("agency decision"), "decision", label(Decision)),
        Column(_("decree number"), "decree_number", kind=Kind.CODE),
        Column(_("effective on"), "effective_on", kind=Kind.DATE),
    ]


def enforcement_annotations() -> dict:
    """What enforcement_columns() reads beyond the model's fields: the overdue rule of
    EnforcementQuerySet.overdue(), as a column."""
    overdue = EnforcementAction.objects.overdue()
    return {"reply_overdue": models.Exists(overdue.filter(pk=models.OuterRef("pk")))}


def plan_columns() -> list[Column]:
    """The monthly round's rows (venues.rounds.RoundRow), written in Python: the round is no single query."""
    return [
        Column(_("venue id"), "venue_id", kind=Kind.NUMBER),
        Column(_("venue"), "venue", width=30),
        Column(_("district"), "district"),
        Column(_("licence status"), "license_status"),
        Column(_("visit"), "kind", width=30),
        Column(_("state"), "state"),
        Column(_("planned date"), "planned_on", kind=Kind.DATE),
        Column(_("team"), "team"),
        Column(_("last inspection"), "last_inspected_at", kind=Kind.DATETIME),
    ]


def license_status_today(status: str, expires_on: datetime.date | None, today: datetime.date) -> str:
    if status == LicenseStatus.ACTIVE and expires_on and expires_on < today:
        return LicenseStatus.EXPIRED
    return status


def plan_rows(venues: QuerySet, rows: list[RoundRow]) -> Iterator[tuple]:
    """One tuple per round row, in plan_columns()' order; each venue's licence in one more query."""
    today = timezone.localdate()
    venue_facts = {
        pk: (license_status_today(status, expires_on, today), last_inspected_at)
        for pk, status, expires_on, last_inspected_at in with_license_and_last_visit(venues).values_list(
            "pk", "license_status_stored", "license_expires_on", "last_inspected_at"
        )
    }
    statuses = dict(LicenseStatus.choices)
    for row in rows:
        status, last_inspected_at = venue_facts.get(row.venue.pk, ("", None))
        yield (
            row.venue.pk,
            row.venue.name,
            row.venue.district_name,
            str(statuses[status]) if status else str(_("No licence")),
            str(Purpose(row.kind).label),
            str(row.state_label),
            row.plan.planned_on if row.plan else None,
            row.plan.team_name if row.plan else "",
            last_inspected_at,  # the venue's last, not only within the month (RoundRow's)
        )
