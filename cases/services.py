"""Every state change of a case goes through one of these functions.

Views, admin actions, the demo seeder and tests call the same code, so each
effect (timeline entry, follow-up schedule, status move) happens in one place.
All are atomic.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import (
    Case,
    CaseStatus,
    Commitment,
    ConsentPurpose,
    FollowUp,
    HomeReturn,
    Participant,
    Referral,
    TimelineEntry,
    follow_up_dates,
)
from core.locking import save_versioned
from core.models import User, next_number


def timeline_add(*, case: Case, kind: str, text: str, actor: User | None) -> TimelineEntry:
    return TimelineEntry.objects.create(case=case, kind=kind, text=text, actor=actor)


@transaction.atomic
def participant_register(*, actor: User, participant: Participant) -> Participant:
    """Save a new participant (built by a form) with her generated code."""
    year = timezone.localdate().year
    participant.code = f"PR-{year}-{next_number('participant', year):04d}"
    participant.created_by = actor
    participant.save()
    return participant


@transaction.atomic
def case_open(*, actor: User, case: Case) -> Case:
    """Save a new case (built by a form) with its number, and start its timeline."""
    year = case.opened_on.year
    case.number = f"KS-{year}-{next_number('case', year):04d}"
    case.save()
    timeline_add(case=case, kind=TimelineEntry.Kind.OPENED, text=_("Case opened."), actor=actor)
    return case


@transaction.atomic
def case_open_intake(*, actor: User, participant: Participant, source: str, summary: str) -> Case:
    """Open an intake case that no caseworker holds yet, for a supervisor to assign
    (e.g. a person met during a venue inspection). The actor need not see cases."""
    case = Case(participant=participant, caseworker=None, source=source, summary=summary)
    return case_open(actor=actor, case=case)


@transaction.atomic
def case_transition(*, actor: User, case: Case, to_status: str, expected_version: int) -> Case:
    """Move a case one step along the workflow. Closing has its own two steps."""
    if to_status == CaseStatus.CLOSED:
        raise ValidationError(_("A case is closed by requesting closure and a supervisor's approval."))
    if to_status not in case.allowed_transitions():
        raise ValidationError(
            _("A case cannot go from %(from)s to %(to)s.")
            % {"from": case.get_status_display(), "to": CaseStatus(to_status).label}
        )
    old = case.get_status_display()
    case.status = to_status
    save_versioned(case, expected_version=expected_version, update_fields=["status", "updated_at"])
    timeline_add(
        case=case,
        kind=TimelineEntry.Kind.STATUS,
        text=_("Status changed from %(from)s to %(to)s.") % {"from": old, "to": case.get_status_display()},
        actor=actor,
    )
    return case


@transaction.atomic
def case_request_closure(*, actor: User, case: Case, reason: str, expected_version: int) -> Case:
    if case.status != CaseStatus.MONITORING:
        raise ValidationError(_("Only a case under monitoring can be closed."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for closing."))
    case.closure_requested_at = timezone.now()
    case.closure_reason = reason.strip()
    save_versioned(
        case, expected_version=expected_version, update_fields=["closure_requested_at", "closure_reason", "updated_at"]
    )
    timeline_add(
        case=case,
        kind=TimelineEntry.Kind.CLOSURE_REQUESTED,
        text=_("Closure requested: %(reason)s") % {"reason": case.closure_reason},
        actor=actor,
    )
    return case


@transaction.atomic
def case_approve_closure(*, actor: User, case: Case, expected_version: int) -> Case:
    if not actor.has_perm("cases.approve_closure"):
        raise PermissionDenied
    if not case.closure_pending:
        raise ValidationError(_("No closure was requested for this case."))
    case.status = CaseStatus.CLOSED
    case.closed_on = timezone.localdate()
    save_versioned(case, expected_version=expected_version, update_fields=["status", "closed_on", "updated_at"])
    timeline_add(case=case, kind=TimelineEntry.Kind.STATUS, text=_("Closure approved; case closed."), actor=actor)
    return case


@transaction.atomic
def case_reject_closure(*, actor: User, case: Case, expected_version: int) -> Case:
    if not actor.has_perm("cases.approve_closure"):
        raise PermissionDenied
    if not case.closure_pending:
        raise ValidationError(_("No closure was requested for this case."))
    case.closure_requested_at = None
    save_versioned(case, expected_version=expected_version, update_fields=["closure_requested_at", "updated_at"])
    timeline_add(case=case, kind=TimelineEntry.Kind.STATUS, text=_("Closure request declined."), actor=actor)
    return case


@transaction.atomic
def case_reassign(*, actor: User, case: Case, caseworker: User, expected_version: int) -> Case:
    if not actor.has_perm("cases.view_all_cases"):
        raise PermissionDenied
    old = case.caseworker
    case.caseworker = caseworker
    save_versioned(case, expected_version=expected_version, update_fields=["caseworker", "updated_at"])
    timeline_add(
        case=case,
        kind=TimelineEntry.Kind.REASSIGNED,
        text=_("Reassigned from %(old)s to %(new)s.") % {"old": old, "new": caseworker},
        actor=actor,
    )
    return case


@transaction.atomic
def case_archive(*, actor: User, case: Case, expected_version: int) -> Case:
    """Cases are archived, never deleted: they leave the lists but keep their history."""
    if case.is_open:
        raise ValidationError(_("Only a closed case can be archived."))
    case.archived_at = timezone.now()
    save_versioned(case, expected_version=expected_version, update_fields=["archived_at", "updated_at"])
    timeline_add(case=case, kind=TimelineEntry.Kind.OTHER, text=_("Case archived."), actor=actor)
    return case


@transaction.atomic
def home_return_record(*, actor: User, home_return: HomeReturn) -> HomeReturn:
    """Save a return home (built by a form). A recorded departure schedules the
    follow-ups at 7, 30 and 90 days and moves an active case to "returned home"."""
    case = home_return.case
    created = home_return.pk is None
    home_return.recorded_by = actor
    home_return.save()
    text = _("Return home %(arrangement)s to %(place)s by %(mode)s.") % {
        "arrangement": home_return.get_arrangement_display().lower(),
        "place": home_return.destination_regency,
        "mode": home_return.get_travel_mode_display().lower(),
    }
    if home_return.departed_on:
        text += " " + _("Departed %(date)s.") % {"date": home_return.departed_on.strftime("%d-%m-%Y")}
        if not case.follow_ups.exists():
            FollowUp.objects.bulk_create(
                FollowUp(case=case, due_on=due_on) for due_on in follow_up_dates(home_return.departed_on)
            )
            text += " " + _("Follow-ups scheduled after 7, 30 and 90 days.")
        if case.status == CaseStatus.ACTIVE:
            case_transition(actor=actor, case=case, to_status=CaseStatus.RETURNED_HOME, expected_version=case.version)
    if home_return.arrived_on:
        text += " " + _("Arrival confirmed %(date)s.") % {"date": home_return.arrived_on.strftime("%d-%m-%Y")}
    timeline_add(
        case=case,
        kind=TimelineEntry.Kind.RETURN,
        text=text if created else _("Return home updated. ") + text,
        actor=actor,
    )
    return home_return


@transaction.atomic
def commitment_record(*, actor: User, commitment: Commitment) -> Commitment:
    commitment.recorded_by = actor
    commitment.save()
    timeline_add(
        case=commitment.case,
        kind=TimelineEntry.Kind.COMMITMENT,
        text=_("Commitment signed on %(date)s: %(kind)s.")
        % {"date": commitment.signed_on.strftime("%d-%m-%Y"), "kind": commitment.get_kind_display().lower()},
        actor=actor,
    )
    return commitment


@transaction.atomic
def follow_up_record(*, actor: User, follow_up: FollowUp, next_due_on: datetime.date | None = None) -> FollowUp:
    """Record a contact made (the form set done_on, channel, outcome and notes)."""
    follow_up.recorded_by = actor
    follow_up.save()
    text = _("%(channel)s: %(outcome)s.") % {
        "channel": follow_up.get_channel_display(),
        "outcome": follow_up.get_outcome_display(),
    }
    if follow_up.notes:
        text += " " + follow_up.notes
    if next_due_on:
        FollowUp.objects.create(case=follow_up.case, due_on=next_due_on)
        text += " " + _("Next contact due %(date)s.") % {"date": next_due_on.strftime("%d-%m-%Y")}
    timeline_add(case=follow_up.case, kind=TimelineEntry.Kind.FOLLOW_UP, text=text, actor=actor)
    return follow_up


def has_sharing_consent(participant: Participant) -> bool:
    return participant.consents.filter(
        purpose=ConsentPurpose.SHARE_WITH_ORIGIN_OFFICE, withdrawn_on__isnull=True
    ).exists()


@transaction.atomic
def referral_send(*, actor: User, referral: Referral) -> Referral:
    """Record a referral. Sharing personal data needs the participant's consent,
    or a supervisor's recorded override with a reason."""
    if referral.shares_personal_data and not has_sharing_consent(referral.case.participant):
        if not referral.consent_override_reason.strip():
            raise ValidationError(
                _(
                    "The participant has not consented to sharing her data. Record her consent first, "
                    "or have a supervisor approve sharing with a reason."
                )
            )
        if not actor.has_perm("cases.override_consent"):
            raise PermissionDenied(_("Only a supervisor can approve sharing without consent."))
        referral.consent_override_by = actor
    referral.recorded_by = actor
    referral.save()
    timeline_add(
        case=referral.case,
        kind=TimelineEntry.Kind.REFERRAL,
        text=_("Referred to %(agency)s: %(reason)s")
        % {"agency": referral.agency_name or referral.get_agency_display(), "reason": referral.reason},
        actor=actor,
    )
    return referral


@transaction.atomic
def referral_update(*, actor: User, referral: Referral) -> Referral:
    referral.save()
    timeline_add(
        case=referral.case,
        kind=TimelineEntry.Kind.REFERRAL,
        text=_("Referral to %(agency)s: %(status)s.")
        % {"agency": referral.agency_name or referral.get_agency_display(), "status": referral.get_status_display()}
        + (" " + referral.reply if referral.reply else ""),
        actor=actor,
    )
    return referral
