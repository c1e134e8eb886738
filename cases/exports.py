"""The columns of the cases app's downloads (documented in docs/exports.md).

Names and NIKs go only to users with the `cases.view_identity` permission;
everyone else gets the participant code, which reports use instead.
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
from core.csv_export import Column
from core.models import User


def label(choices):
    labels = dict(choices.choices)
    return lambda value: str(labels.get(value, value or ""))


def identity_columns(user: User, prefix: str) -> list[Column]:
    if not user.has_perm("cases.view_identity"):
        return []
    return [
        Column(_("full name"), f"{prefix}full_name"),
        Column(_("alias"), f"{prefix}alias"),
        Column(_("NIK"), f"{prefix}nik"),
    ]


def case_columns(user: User) -> list[Column]:
    return [
        Column(_("case number"), "number"),
        Column(_("participant code"), "participant__code"),
        *identity_columns(user, "participant__"),
        Column(_("sex"), "participant__sex", label(Sex)),
        Column(_("origin province"), "participant__origin_regency__province__name"),
        Column(_("origin regency"), "participant__origin_regency__name"),
        Column(_("status"), "status", label(CaseStatus)),
        Column(_("priority"), "priority", label(Priority)),
        Column(_("source"), "source", label(CaseSource)),
        Column(_("opened on"), "opened_on"),
        Column(_("caseworker"), "caseworker__username"),
        Column(_("arrangement"), "home_return__arrangement", label(Arrangement)),
        Column(_("travel mode"), "home_return__travel_mode", label(TravelMode)),
        Column(_("destination regency"), "home_return__destination_regency__name"),
        Column(_("departed on"), "home_return__departed_on"),
        Column(_("arrived on"), "home_return__arrived_on"),
        Column(_("closed on"), "closed_on"),
    ]


def participant_columns(user: User) -> list[Column]:
    return [
        Column(_("participant code"), "code"),
        *identity_columns(user, ""),
        Column(_("sex"), "sex", label(Sex)),
        Column(_("date of birth"), "birth_date"),
        Column(_("estimated age"), "estimated_age"),
        Column(_("origin province"), "origin_regency__province__name"),
        Column(_("origin regency"), "origin_regency__name"),
        Column(_("welfare category (PPKS)"), "welfare_category", label(WelfareCategory)),
        Column(_("registered at"), "created_at"),
    ]


def follow_up_columns(user: User) -> list[Column]:
    return [
        Column(_("case number"), "case__number"),
        Column(_("participant code"), "case__participant__code"),
        *identity_columns(user, "case__participant__"),
        Column(_("due on"), "due_on"),
        Column(_("done on"), "done_on"),
        Column(_("channel"), "channel", label(Channel)),
        Column(_("outcome"), "outcome", label(Outcome)),
        Column(_("notes"), "notes"),
        Column(_("caseworker"), "case__caseworker__username"),
    ]
