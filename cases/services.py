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
    Consent,
    ConsentPurpose,
    FollowUp,
    HomeReturn,
    Participant,
    Referral,
    TimelineEntry,
    follow_up_dates,
)
from cases.timeline import check_kind
from core.locking import save_versioned
from core.models import User, next_number


def timeline_add(*, case: Case, kind: str, params: dict | None = None, actor: User | None) -> TimelineEntry:
    """Add an entry of a registered kind (cases.timeline); `params` are values, not sentences."""
    check_kind(kind)
    return TimelineEntry.objects.create(case=case, kind=kind, params=params or {}, actor=actor)


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
    timeline_add(case=case, kind="opened", actor=actor)
    return case


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
    old = case.status
    case.status = to_status
    save_versioned(case, expected_version=expected_version, update_fields=["status", "updated_at"])
    timeline_add(case=case, kind="status", params={"from": old, "to": to_status}, actor=actor)
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
    timeline_add(case=case, kind="closure_requested", params={"reason": case.closure_reason}, actor=actor)
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
    timeline_add(case=case, kind="closure_approved", actor=actor)
    return case


@transaction.atomic
def case_reject_closure(*, actor: User, case: Case, expected_version: int) -> Case:
    if not actor.has_perm("cases.approve_closure"):
        raise PermissionDenied
    if not case.closure_pending:
        raise ValidationError(_("No closure was requested for this case."))
    case.closure_requested_at = None
    save_versioned(case, expected_version=expected_version, update_fields=["closure_requested_at", "updated_at"])
    timeline_add(case=case, kind="closure_declined", actor=actor)
    return case


@transaction.atomic
def case_reassign(*, actor: User, case: Case, caseworker: User, expected_version: int) -> Case:
    if not actor.has_perm("cases.view_all_cases"):
        raise PermissionDenied
    old = case.caseworker
    case.caseworker = caseworker
    save_versioned(case, expected_version=expected_version, update_fields=["caseworker", "updated_at"])
    timeline_add(case=case, kind="reassigned", params={"old": str(old), "new": str(caseworker)}, actor=actor)
    return case


@transaction.atomic
def case_archive(*, actor: User, case: Case, expected_version: int) -> Case:
    """Cases are archived, never deleted: they leave the lists but keep their history."""
    if case.is_open:
        raise ValidationError(_("Only a closed case can be archived."))
    case.archived_at = timezone.now()
    save_versioned(case, expected_version=expected_version, update_fields=["archived_at", "updated_at"])
    timeline_add(case=case, kind="archived", actor=actor)
    return case


@transaction.atomic
def home_return_record(*, actor: User, home_return: HomeReturn) -> HomeReturn:
    """Save a return home (built by a form). A recorded departure schedules the
    follow-ups at 7, 30 and 90 days and moves an active case to "returned home"."""
    case = home_return.case
    created = home_return.pk is None
    home_return.recorded_by = actor
    home_return.save()
    params = {
        "arrangement": home_return.arrangement,
        "place": str(home_return.destination_regency),
        "mode": home_return.travel_mode,
        "departed_on": home_return.departed_on,
        "arrived_on": home_return.arrived_on,
        "follow_ups_scheduled": False,
        "updated": not created,
    }
    if home_return.departed_on:
        if not case.follow_ups.exists():
            FollowUp.objects.bulk_create(
                FollowUp(case=case, due_on=due_on) for due_on in follow_up_dates(home_return.departed_on)
            )
            params["follow_ups_scheduled"] = True
        if case.status == CaseStatus.ACTIVE:
            case_transition(actor=actor, case=case, to_status=CaseStatus.RETURNED_HOME, expected_version=case.version)
    timeline_add(case=case, kind="return", params=params, actor=actor)
    return home_return


@transaction.atomic
def commitment_record(*, actor: User, commitment: Commitment) -> Commitment:
    commitment.recorded_by = actor
    commitment.save()
    timeline_add(
        case=commitment.case,
        kind="commitment",
        params={"signed_on": commitment.signed_on, "kind": commitment.kind},
        actor=actor,
    )
    return commitment


@transaction.atomic
def follow_up_record(*, actor: User, follow_up: FollowUp, next_due_on: datetime.date | None = None) -> FollowUp:
    """Record a contact made (the form set done_on, channel, outcome and notes)."""
    follow_up.recorded_by = actor
    follow_up.save()
    if next_due_on:
        FollowUp.objects.create(case=follow_up.case, due_on=next_due_on)
    params = {
        "channel": follow_up.channel,
        "outcome": follow_up.outcome,
        "notes": follow_up.notes,
        "next_due_on": next_due_on,
    }
    timeline_add(case=follow_up.case, kind="follow_up", params=params, actor=actor)
    return follow_up


@transaction.atomic
def consent_record(*, actor: User, consent: Consent) -> Consent:
    """Save a consent (built by a form, its participant set) as recorded by `actor`."""
    consent.recorded_by = actor
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent, withdrawn_on: datetime.date, note: str = "") -> Consent:
    """Record that a consent was withdrawn; a withdrawal is recorded once."""
    current = Consent.objects.select_for_update().get(pk=consent.pk)
    if current.withdrawn_on is not None:
        raise ValidationError(_("This consent was already withdrawn."))
    if withdrawn_on < current.given_on:
        raise ValidationError(_("A consent cannot be withdrawn before it was given."))
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_note = note.strip()
    consent.save(update_fields=["withdrawn_on", "withdrawal_note"])
    return consent


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
    agency = {"agency": referral.agency, "agency_name": referral.agency_name}
    timeline_add(case=referral.case, kind="referral", params={**agency, "reason": referral.reason}, actor=actor)
    if referral.consent_override_by_id:
        params = {**agency, "by": str(actor), "reason": referral.consent_override_reason}
        timeline_add(case=referral.case, kind="consent_override", params=params, actor=actor)
    return referral


@transaction.atomic
def referral_update(*, actor: User, referral: Referral) -> Referral:
    referral.save()
    params = {
        "agency": referral.agency,
        "agency_name": referral.agency_name,
        "status": referral.status,
        "reply": referral.reply,
    }
    timeline_add(case=referral.case, kind="referral_updated", params=params, actor=actor)
    return referral
