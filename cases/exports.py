"""The columns of the cases app's downloads (documented in docs/exports.md).

Names and NIKs (and, in the participant export, the family card number and
phone) go only to users with the `cases.view_identity` permission; everyone
else gets the participant code, which reports use instead. Identifiers are
Kind.CODE and dates Kind.DATE, so the XLSX keeps NIKs whole and dates real.
"""

from django.utils.translation import gettext as _

from cases.models import (
    Arrangement,
    CaseSource,
    CaseStatus,
    Channel,
    Outcome,
    Priority,
    Sex,
    TravelMode,
    WelfareCategory,
)
from core.lists.csv_export import Column, Kind
from core.models import User, full_name

# What the exports' "caseworker" column reads: her full name, written by the database (the COPY
# export has no Python in between). The export views and the admin's export action both annotate it.
CASE_ANNOTATIONS = {"caseworker_name": full_name("caseworker__")}
FOLLOW_UP_ANNOTATIONS = {"caseworker_name": full_name("case__caseworker__")}


def label(choices):
    labels = dict(choices.choices)
    return lambda value: str(labels.get(value, value or ""))


def national_phone(value) -> str:
    # 0812-3456-7890 as the office writes it: E.164's leading "+" would be
    # neutralised as a formula start in the CSV.
    return value.as_national if value else ""


def identity_columns(user: User, prefix: str, *, contact: bool = False) -> list[Column]:
    if not user.has_perm("cases.view_identity"):
        return []
    columns = [
        Column(_("full name"), f"{prefix}full_name", width=28),
        Column(_("alias"), f"{prefix}alias"),
        Column(_("NIK"), f"{prefix}nik", kind=Kind.CODE),
    ]
    if contact:
        columns += [
            Column(_("family card number"), f"{prefix}kk_number", kind=Kind.CODE),
            Column(_("phone"), f"{prefix}phone", national_phone, kind=Kind.CODE),
        ]
    return columns


def case_columns(user: User) -> list[Column]:
    return [
        Column(_("case number"), "number", kind=Kind.CODE),
        Column(_("participant code"), "participant__code", kind=Kind.CODE),
        *identity_columns(user, "participant__"),
        Column(_("sex"), "participant__sex", label(Sex)),
        Column(_("origin province"), "participant__origin_regency__province__name"),
        Column(_("origin regency"), "participant__origin_regency__name"),
        Column(_("status"), "status", label(CaseStatus)),
        Column(_("priority"), "priority", label(Priority)),
        Column(_("source"), "source", label(CaseSource)),
        Column(_("opened on"), "opened_on", kind=Kind.DATE),
        Column(_("caseworker"), "caseworker_name"),  # CASE_ANNOTATIONS
        Column(_("arrangement"), "home_return__arrangement", label(Arrangement)),
        Column(_("travel mode"), "home_return__travel_mode", label(TravelMode)),
        Column(_("destination regency"), "home_return__destination_regency__name"),
        Column(_("departed on"), "home_return__departed_on", kind=Kind.DATE),
        Column(_("arrived on"), "home_return__arrived_on", kind=Kind.DATE),
        Column(_("closed on"), "closed_on", kind=Kind.DATE),
    ]


def participant_columns(user: User) -> list[Column]:
    return [
        Column(_("participant code"), "code", kind=Kind.CODE),
        *identity_columns(user, "", contact=True),
        Column(_("sex"), "sex", label(Sex)),
        Column(_("date of birth"), "birth_date", kind=Kind.DATE),
        Column(_("estimated age"), "estimated_age", kind=Kind.NUMBER),
        Column(_("origin province"), "origin_regency__province__name"),
        Column(_("origin regency"), "origin_regency__name"),
        Column(_("welfare category (PPKS)"), "welfare_category", label(WelfareCategory)),
        Column(_("registered at"), "created_at", kind=Kind.DATETIME),
    ]


def follow_up_columns(user: User) -> list[Column]:
    return [
        Column(_("case number"), "case__number", kind=Kind.CODE),
        Column(_("participant code"), "case__participant__code", kind=Kind.CODE),
        *identity_columns(user, "case__participant__"),
        Column(_("due on"), "due_on", kind=Kind.DATE),
        Column(_("done on"), "done_on", kind=Kind.DATE),
        Column(_("cancelled on"), "cancelled_on", kind=Kind.DATE),
        Column(_("channel"), "channel", label(Channel)),
        Column(_("outcome"), "outcome", label(Outcome)),
        Column(_("notes"), "notes", width=50),
        Column(_("caseworker"), "caseworker_name"),  # FOLLOW_UP_ANNOTATIONS
    ]
