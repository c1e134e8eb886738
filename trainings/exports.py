"""The columns of the trainings app's downloads (see docs/exports.md).

Names go to users who may see them: supervisors (cases.view_identity: name,
alias and NIK) and training coordinators (trainings.view_all_trainees: the
name only, never the NIK). Everyone else gets the participant code.
"""

from django.utils.translation import gettext as _

from cases.exports import identity_columns, label
from core.lists.csv_export import Column, Kind
from core.models import User
from trainings.models import AttendanceStatus, CohortStatus, EnrollmentStatus, HandoutKind, LedgerKind, NeedKind


def trainee_columns(user: User, prefix: str) -> list[Column]:
    if user.has_perm("cases.view_identity"):
        return identity_columns(user, prefix)
    if user.has_perm("trainings.view_all_trainees"):
        return [Column(_("full name"), f"{prefix}full_name", width=28)]
    return []


def cohort_columns(user: User) -> list[Column]:
    return [
        Column(_("cohort"), "name", width=30),
        Column(_("programme"), "program__name", width=25),
        Column(_("partner agency"), "program__partner_agency", width=25),
        Column(_("status"), "status", label(CohortStatus)),
        Column(_("starts on"), "starts_on", kind=Kind.DATE),
        Column(_("ends on"), "ends_on", kind=Kind.DATE),
        Column(_("place"), "place"),
        Column(_("capacity"), "capacity", kind=Kind.NUMBER),
        Column(_("places taken"), "places_taken", kind=Kind.NUMBER),
        Column(_("minimum attendance (%)"), "min_attendance_percent", kind=Kind.NUMBER),
        Column(_("coordinator"), "coordinator__username"),
    ]


def enrollment_columns(user: User) -> list[Column]:
    return [
        Column(_("cohort"), "cohort__name", width=30),
        Column(_("participant code"), "participant__code", kind=Kind.CODE),
        *trainee_columns(user, "participant__"),
        Column(_("status"), "status", label(EnrollmentStatus)),
        Column(_("reason for dropping out"), "dropout_reason", width=30),
        Column(_("completed on"), "completed_on", kind=Kind.DATE),
        Column(_("certificate number"), "certificate_number", kind=Kind.CODE),
    ]


def stock_columns(user: User) -> list[Column]:
    return [
        Column(_("date"), "on", kind=Kind.DATE),
        Column(_("item"), "item__name"),
        Column(_("kind"), "kind", label(LedgerKind)),
        Column(_("quantity"), "quantity", kind=Kind.NUMBER),
        Column(_("source or budget line"), "receipt__source"),
        Column(_("participant code"), "handout__participant__code", kind=Kind.CODE),
        Column(_("serial number"), "handout__serial_number", kind=Kind.CODE),
    ]


def handout_columns(user: User) -> list[Column]:
    return [
        Column(_("date"), "handed_out_on", kind=Kind.DATE),
        Column(_("kind"), "kind", label(HandoutKind)),
        Column(_("participant code"), "participant__code", kind=Kind.CODE),
        *trainee_columns(user, "participant__"),
        Column(_("cohort"), "enrollment__cohort__name", width=30),
        Column(_("item"), "item__name"),
        Column(_("quantity"), "quantity", kind=Kind.NUMBER),
        Column(_("unit cost (Rp)"), "item__unit_cost", kind=Kind.NUMBER),
        Column(_("serial number"), "serial_number", kind=Kind.CODE),
        Column(_("handed out by"), "handed_out_by__username"),
        Column(_("note"), "note", width=30),
    ]


def attendance_columns(user: User) -> list[Column]:
    return [
        Column(_("date"), "session__held_on", kind=Kind.DATE),
        Column(_("cohort"), "session__cohort__name", width=30),
        Column(_("topic"), "session__topic", width=30),
        Column(_("participant code"), "enrollment__participant__code", kind=Kind.CODE),
        *trainee_columns(user, "enrollment__participant__"),
        Column(_("attendance"), "status", label(AttendanceStatus)),
        Column(_("recorded by"), "recorded_by__username"),
    ]


def unmet_need_columns(user: User) -> list[Column]:
    return [
        Column(_("recorded on"), "recorded_on", kind=Kind.DATE),
        Column(_("participant code"), "participant__code", kind=Kind.CODE),
        *trainee_columns(user, "participant__"),
        Column(_("cohort"), "cohort__name", width=30),
        Column(_("kind"), "kind", label(NeedKind)),
        Column(_("amount (Rp)"), "amount", kind=Kind.NUMBER),
        Column(_("why it was not funded"), "reason", width=40),
        Column(_("recorded by"), "recorded_by__username"),
    ]
