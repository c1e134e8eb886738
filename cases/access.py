"""Every lookup of a case or of something in it goes through these helpers.

404 for what the user may not see (a caseworker probing another caseworker's
ids learns nothing), 403 for what she may see but not change.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy

from cases.models import Case, CaseStatus, Commitment, Consent, FollowUp, Participant, Referral
from core.models import User


def get_case_for_user(user: User, pk: int, *, write: bool = False) -> Case:
    case = get_object_or_404(Case.objects.visible_to(user).select_related("participant", "caseworker"), pk=pk)
    if write:
        check_can_edit_case(user, case)
    return case


def can_edit_case(user: User, case: Case) -> bool:
    """A closed or archived case is read-only for everyone until a supervisor
    reopens it (cases.services.case_reopen)."""
    if not user.has_perm("cases.change_case") or case.is_read_only:
        return False
    return case.caseworker_id == user.pk or user.has_perm("cases.view_all_cases")


def check_can_edit_case(user: User, case: Case) -> None:
    if not can_edit_case(user, case):
        raise PermissionDenied(CLOSED_MESSAGE if case.is_read_only else "")


CLOSED_MESSAGE = gettext_lazy("This case is closed: it can be changed again once a supervisor reopens it.")


def get_participant_for_user(user: User, pk: int, *, write: bool = False) -> Participant:
    """A caseworker sees the participants she has a case of, and those she registered
    that have no case yet; supervisors see everyone (Participant.objects.visible_to)."""
    participant = get_object_or_404(Participant.objects.visible_to(user).select_related("origin_regency"), pk=pk)
    if write:
        if not user.has_perm("cases.change_participant"):
            raise PermissionDenied
        if not can_edit_participant(user, participant):
            raise PermissionDenied(PARTICIPANT_CLOSED_MESSAGE)
    return participant


def can_edit_participant(user: User, participant: Participant) -> bool:
    """A caseworker changes a participant (her details, her consents) while
    she has an open case of her, or before any case exists; once her cases are
    closed, only a supervisor does (or reopens one)."""
    if not user.has_perm("cases.change_participant"):
        return False
    if user.has_perm("cases.view_all_cases"):
        return True
    cases = Case.objects.filter(participant=participant)
    return (
        not cases.exists()
        or cases.filter(caseworker=user, archived_at__isnull=True).exclude(status=CaseStatus.CLOSED).exists()
    )


PARTICIPANT_CLOSED_MESSAGE = gettext_lazy(
    "Her cases are closed: her details and consents can be changed by a supervisor, or again once a case is reopened."
)


def get_consent_for_user(user: User, pk: int, *, write: bool = False) -> Consent:
    """A consent is seen by whoever sees its participant, and changed while she may be."""
    consent = get_object_or_404(
        Consent.objects.select_related("participant"), pk=pk, participant__in=Participant.objects.visible_to(user)
    )
    if write:
        if not user.has_perm("cases.change_consent"):
            raise PermissionDenied
        if not can_edit_participant(user, consent.participant):
            raise PermissionDenied(PARTICIPANT_CLOSED_MESSAGE)
    return consent


def _get_child_for_user(model, user: User, pk: int, *, write: bool):
    obj = get_object_or_404(model.objects.select_related("case"), pk=pk, case__in=Case.objects.visible_to(user))
    if write:
        check_can_edit_case(user, obj.case)
    return obj


def get_follow_up_for_user(user: User, pk: int, *, write: bool = False) -> FollowUp:
    return _get_child_for_user(FollowUp, user, pk, write=write)


def get_commitment_for_user(user: User, pk: int, *, write: bool = False) -> Commitment:
    return _get_child_for_user(Commitment, user, pk, write=write)


def get_referral_for_user(user: User, pk: int, *, write: bool = False) -> Referral:
    return _get_child_for_user(Referral, user, pk, write=write)


def get_sharing_request_for_user(user: User, pk: int, *, write: bool = False) -> Referral:
    """A referral whose sharing request a supervisor decides: 404 as for the referral,
    403 for whoever may not approve sharing without consent."""
    referral = get_referral_for_user(user, pk, write=write)
    if not user.has_perm("cases.override_consent"):
        raise PermissionDenied
    return referral
