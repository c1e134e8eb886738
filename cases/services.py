"""Every state change of a case goes through one of these functions.

Views, admin actions, the demo seeder and tests call the same code, so each
effect (timeline entry, follow-up schedule, status move) happens in one place.
All are atomic.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import (
    WORKFLOW,
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
from core.roles import Role


def timeline_add(*, case: Case, kind: str, params: dict | None = None, actor: User | None) -> TimelineEntry:
    """Add an entry of a registered kind (cases.timeline); `params` are values, not sentences."""
    check_kind(kind)
    return TimelineEntry.objects.create(case=case, kind=kind, params=params or {}, actor=actor)


def lock_case_for_writing(case: Case) -> Case:
    """Lock the case's row until the transaction ends and check that it may change.

    Every write inside a case goes through here first, so two submits of one
    form (a double click, two tabs) run one after the other, and the second
    sees what the first wrote; a case closed meanwhile refuses the write.
    The caller's `case` is refreshed in place (current version and status) and returned.
    """
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk").get()
    case.refresh_from_db()
    _refuse_if_read_only(case)
    return case


def _refuse_if_read_only(case: Case) -> None:
    stored = Case.objects.filter(pk=case.pk).values_list("status", "archived_at").get()
    if stored[0] == CaseStatus.CLOSED or stored[1] is not None:
        raise ValidationError(
            _("This case is closed: nothing in it can change until a supervisor reopens it."), code="case_read_only"
        )


def _create_once(obj, duplicate_message: str) -> None:
    """Insert `obj`; a unique constraint's refusal becomes a clear message.

    The savepoint keeps the surrounding transaction usable after the refusal.
    """
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        raise ValidationError(duplicate_message, code="duplicate") from error


def open_case_of(participant: Participant, *, exclude: Case | None = None) -> Case | None:
    cases = Case.objects.filter(participant=participant).exclude(status=CaseStatus.CLOSED)
    if exclude is not None:
        cases = cases.exclude(pk=exclude.pk)
    return cases.first()


class OpenCaseExists(ValidationError):
    """The participant already has an open case (`self.case`)."""

    def __init__(self, case: Case) -> None:
        self.case = case
        super().__init__(
            _("%(participant)s already has an open case, %(number)s. Continue in that case.")
            % {"participant": case.participant.code, "number": case.number},
            code="open_case_exists",
        )


@transaction.atomic
def participant_register(*, actor: User, participant: Participant, duplicates_checked: bool = False) -> Participant:
    """Save a new participant (built by a form) with her generated code.

    Someone with the same name and date of birth may be the same person: she is
    refused unless the user has seen that and confirmed (`duplicates_checked`).
    Registrations of one name run one at a time, so that two submits at once
    (a double click, two tabs) find each other rather than both saving.
    """
    name = participant.full_name.strip()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"participant:{name.lower()}"])
    if not duplicates_checked:
        twin = Participant.objects.filter(full_name__iexact=name, birth_date=participant.birth_date).first()
        if twin is not None:
            message = (
                _("Possible duplicate: %(code)s has the same name and date of birth.")
                if twin.birth_date
                else _("Possible duplicate: %(code)s has the same name, and no date of birth either.")
            )
            raise ValidationError(message % {"code": twin.code}, code="possible_duplicate")
    year = timezone.localdate().year
    participant.code = f"PR-{year}-{next_number('participant', year):04d}"
    participant.created_by = actor
    _create_once(participant, _("A participant with this NIK is already registered."))
    return participant


@transaction.atomic
def participant_update(
    *, actor: User, participant: Participant, fields: list[str], expected_version: int
) -> Participant:
    """Save the changed `fields` of a participant edited in a form (the app's or the admin's),
    unless someone saved her since `expected_version`."""
    save_versioned(participant, expected_version=expected_version, update_fields=[*fields, "updated_at"])
    return participant


@transaction.atomic
def case_open(*, actor: User, case: Case) -> Case:
    """Save a new case (built by a form) with its number, and start its timeline.

    A participant has one open case at a time (case_one_open_per_participant):
    her row is locked so that two parallel opens meet here, and the second is
    refused with OpenCaseExists rather than by the constraint.
    """
    Participant.objects.select_for_update().filter(pk=case.participant_id).first()
    if case.is_open and (existing := open_case_of(case.participant)):
        raise OpenCaseExists(existing)
    year = case.opened_on.year
    case.number = f"KS-{year}-{next_number('case', year):04d}"
    case.save()
    timeline_add(case=case, kind="opened", actor=actor)
    return case


# Changed only by the services below (transition, closure, reassignment, archive).
WORKFLOW_FIELDS = {"status", "caseworker", "closure_requested_at", "closure_reason", "closed_on", "archived_at"}


@transaction.atomic
def case_update(*, actor: User, case: Case, fields: list[str], expected_version: int) -> Case:
    """Save the changed details (`fields`) of a case edited in a form; the workflow's
    fields move only through their own services. A closed case changes only once
    reopened (a closing meanwhile bumps the version)."""
    if workflow := set(fields) & WORKFLOW_FIELDS:
        raise ValueError(f"case_update cannot change {sorted(workflow)}: use the workflow's services.")
    _refuse_if_read_only(case)
    save_versioned(case, expected_version=expected_version, update_fields=[*fields, "updated_at"])
    if fields:
        timeline_add(case=case, kind="updated", params={"fields": fields}, actor=actor)
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
    # Nobody will make the contacts still due: they are kept, marked cancelled.
    cancelled = 0
    for follow_up in FollowUp.objects.due().filter(case=case).select_for_update():
        follow_up.cancelled_on = case.closed_on
        follow_up.save(update_fields=["cancelled_on", "updated_at"])
        cancelled += 1
    if cancelled:
        timeline_add(case=case, kind="follow_ups_cancelled", params={"count": cancelled}, actor=actor)
    return case


@transaction.atomic
def case_reopen(*, actor: User, case: Case, reason: str, expected_version: int) -> Case:
    """A supervisor reopens a closed (or archived) case: it goes back to
    monitoring and can change again. Follow-ups cancelled at closing stay
    cancelled; the caseworker schedules new ones."""
    if not actor.has_perm("cases.approve_closure"):
        raise PermissionDenied
    if not case.is_read_only:
        raise ValidationError(_("Only a closed or archived case can be reopened."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for reopening."))
    Participant.objects.select_for_update().filter(pk=case.participant_id).first()
    if existing := open_case_of(case.participant, exclude=case):
        raise OpenCaseExists(existing)
    case.status = CaseStatus.MONITORING
    case.closed_on = None
    case.closure_requested_at = None
    case.closure_reason = ""
    case.archived_at = None
    save_versioned(
        case,
        expected_version=expected_version,
        update_fields=["status", "closed_on", "closure_requested_at", "closure_reason", "archived_at", "updated_at"],
    )
    timeline_add(case=case, kind="reopened", params={"reason": reason.strip()}, actor=actor)
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
def case_reassign(*, actor: User, case: Case, caseworker: User, expected_version: int, reason: str = "") -> Case:
    if not actor.has_perm("cases.view_all_cases"):
        raise PermissionDenied
    if not caseworker.has_role(Role.CASEWORKER):
        raise ValidationError(_("%(user)s is not an active caseworker.") % {"user": caseworker})
    old = case.caseworker
    case.caseworker = caseworker
    save_versioned(case, expected_version=expected_version, update_fields=["caseworker", "updated_at"])
    params = {"old": str(old), "new": str(caseworker), "reason": reason.strip()}
    timeline_add(case=case, kind="reassigned", params=params, actor=actor)
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


def _advance(*, actor: User, case: Case, to_status: str) -> None:
    """Move the case forward to `to_status` (skipping steps if need be) unless
    it is already there or further along."""
    if WORKFLOW.index(case.status) >= WORKFLOW.index(to_status):
        return
    old = case.status
    case.status = to_status
    save_versioned(case, expected_version=case.version, update_fields=["status", "updated_at"])
    timeline_add(case=case, kind="status", params={"from": old, "to": to_status}, actor=actor)


@transaction.atomic
def home_return_record(*, actor: User, home_return: HomeReturn) -> HomeReturn:
    """Save a return home (built by a form). A recorded departure schedules the
    follow-ups at 7, 30 and 90 days and moves the case to "returned home"; a
    confirmed arrival moves it to "monitoring" (unless it is further along)."""
    case = home_return.case = lock_case_for_writing(home_return.case)
    created = home_return.pk is None
    if created and HomeReturn.objects.filter(case=case).exists():
        raise ValidationError(
            _("A return home was already recorded for this case: reload the page to see it, then change it."),
            code="duplicate",
        )
    home_return.recorded_by = actor
    _create_once(home_return, _("A return home was already recorded for this case."))
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
    timeline_add(case=case, kind="return", params=params, actor=actor)
    if home_return.departed_on:
        _advance(actor=actor, case=case, to_status=CaseStatus.RETURNED_HOME)
    if home_return.arrived_on:
        _advance(actor=actor, case=case, to_status=CaseStatus.MONITORING)
    return home_return


@transaction.atomic
def commitment_record(*, actor: User, commitment: Commitment) -> Commitment:
    commitment.case = lock_case_for_writing(commitment.case)
    commitment.recorded_by = actor
    _create_once(commitment, _("This commitment, signed on this day, is already recorded."))
    timeline_add(
        case=commitment.case,
        kind="commitment",
        params={"signed_on": commitment.signed_on, "kind": commitment.kind},
        actor=actor,
    )
    return commitment


def _same_day_message() -> str:
    return _("A follow-up of this case is already due on that day.")


@transaction.atomic
def follow_up_schedule(*, actor: User, follow_up: FollowUp) -> FollowUp:
    """Schedule one more contact (built by a form)."""
    follow_up.case = lock_case_for_writing(follow_up.case)
    _create_once(follow_up, _same_day_message())
    return follow_up


@transaction.atomic
def follow_up_record(*, actor: User, follow_up: FollowUp, next_due_on: datetime.date | None = None) -> FollowUp:
    """Record a contact made (the form set done_on, channel, outcome and notes).

    A contact is recorded once: the second of two parallel submits finds it
    done and is refused, so it neither writes a second timeline entry nor
    schedules the next contact twice.
    """
    follow_up.case = lock_case_for_writing(follow_up.case)
    stored = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if stored.is_done:
        raise ValidationError(_("This follow-up was already recorded."), code="duplicate")
    if stored.is_cancelled:
        raise ValidationError(_("This follow-up was cancelled."), code="cancelled")
    follow_up.recorded_by = actor
    follow_up.save()
    if next_due_on:
        _create_once(FollowUp(case=follow_up.case, due_on=next_due_on), _same_day_message())
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
    """Save a consent (built by a form, its participant set) as recorded by `actor`.

    One consent per purpose is in force at a time (consent_one_active_per_purpose):
    the participant's row is locked so that a second submit finds the first.
    """
    Participant.objects.select_for_update().filter(pk=consent.participant_id).first()
    duplicate = _("She has already given this consent; it is recorded. Withdraw it first to record a new one.")
    in_force = Consent.objects.filter(participant_id=consent.participant_id, purpose=consent.purpose, withdrawn_on=None)
    if in_force.exists():
        raise ValidationError(duplicate, code="duplicate")
    consent.recorded_by = actor
    _create_once(consent, duplicate)
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
def referral_send(*, actor: User, referral: Referral, sharing_request_reason: str = "") -> Referral:
    """Record a referral. Sharing personal data needs the participant's consent,
    or a supervisor's recorded override with a reason. A caseworker without either
    sends it without identity and may ask a supervisor at once (`sharing_request_reason`,
    see referral_request_sharing)."""
    referral.case = lock_case_for_writing(referral.case)
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
    _create_once(referral, _("This referral to this agency on this day is already recorded."))
    agency = _agency_params(referral)
    timeline_add(case=referral.case, kind="referral", params={**agency, "reason": referral.reason}, actor=actor)
    if referral.consent_override_by_id:
        params = {**agency, "by": str(actor), "reason": referral.consent_override_reason}
        timeline_add(case=referral.case, kind="consent_override", params=params, actor=actor)
    if sharing_request_reason.strip():
        referral_request_sharing(actor=actor, referral=referral, reason=sharing_request_reason)
    return referral


def _agency_params(referral: Referral) -> dict[str, str]:
    return {"agency": referral.agency, "agency_name": referral.agency_name}


def _lock_referral(referral: Referral) -> Referral:
    """Lock the case and the referral, and refresh the caller's referral in place:
    of two decisions sent at once (two supervisors, a double click) the second
    sees the first's."""
    lock_case_for_writing(referral.case)
    Referral.objects.select_for_update().filter(pk=referral.pk).values_list("pk").get()
    referral.refresh_from_db()
    return referral


@transaction.atomic
def referral_request_sharing(*, actor: User, referral: Referral, reason: str) -> Referral:
    """A caseworker asks a supervisor to share the identity of a participant who has
    not consented, for a referral already sent without it. The request waits on the
    supervisors' home page until referral_decide_sharing."""
    referral = _lock_referral(referral)
    if referral.shares_personal_data:
        raise ValidationError(_("This referral already shares her identity."), code="already_shared")
    if has_sharing_consent(referral.case.participant):
        raise ValidationError(
            _("She has consented to sharing: send a new referral with her identity instead."), code="consented"
        )
    if referral.sharing_pending:
        raise ValidationError(_("A supervisor has already been asked; wait for the decision."), code="duplicate")
    if not reason.strip():
        raise ValidationError(_("Give the reason why the agency needs her identity."), code="reason")
    referral.sharing_requested_at = timezone.now()
    referral.sharing_requested_by = actor
    referral.sharing_request_reason = reason.strip()
    fields = ["sharing_requested_at", "sharing_requested_by", "sharing_request_reason", "updated_at"]
    referral.save(update_fields=fields)
    params = {**_agency_params(referral), "reason": referral.sharing_request_reason}
    timeline_add(case=referral.case, kind="sharing_requested", params=params, actor=actor)
    return referral


@transaction.atomic
def referral_decide_sharing(*, actor: User, referral: Referral, grant: bool, reason: str) -> Referral:
    """A supervisor grants or refuses a caseworker's request to share the identity of a
    participant who has not consented. Granted, the referral shares her identity as an
    override recorded with the supervisor's reason (the letter then names her); refused,
    it stays without identity. Either way the request is closed and the timeline says why."""
    if not actor.has_perm("cases.override_consent"):
        raise PermissionDenied(_("Only a supervisor can approve sharing without consent."))
    referral = _lock_referral(referral)
    if not referral.sharing_pending:
        raise ValidationError(_("No request to share her identity awaits a decision."), code="not_pending")
    if not reason.strip():
        raise ValidationError(_("Give the reason for your decision."), code="reason")
    fields = ["sharing_requested_at", "updated_at"]
    referral.sharing_requested_at = None
    params = {**_agency_params(referral), "by": str(actor), "reason": reason.strip()}
    if grant:
        referral.shares_personal_data = True
        referral.consent_override_by = actor
        referral.consent_override_reason = reason.strip()
        fields += ["shares_personal_data", "consent_override_by", "consent_override_reason"]
    referral.save(update_fields=fields)
    kind = "consent_override" if grant else "sharing_refused"
    timeline_add(case=referral.case, kind=kind, params=params, actor=actor)
    return referral


@transaction.atomic
def referral_update(*, actor: User, referral: Referral) -> Referral:
    referral.case = lock_case_for_writing(referral.case)
    referral.save()
    params = {
        "agency": referral.agency,
        "agency_name": referral.agency_name,
        "status": referral.status,
        "reply": referral.reply,
    }
    timeline_add(case=referral.case, kind="referral_updated", params=params, actor=actor)
    return referral
