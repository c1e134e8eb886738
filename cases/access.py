"""Every lookup of a case or of something in it goes through these helpers.

404 for what the user may not see (a caseworker probing another caseworker's
ids learns nothing), 403 for what she may see but not change.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from cases.models import Case, Commitment, Consent, FollowUp, Participant, Referral
from core.models import User


def get_case_for_user(user: User, pk: int, *, write: bool = False) -> Case:
    case = get_object_or_404(Case.objects.visible_to(user).select_related("participant", "caseworker"), pk=pk)
    if write and not can_edit_case(user, case):
        raise PermissionDenied
    return case


def can_edit_case(user: User, case: Case) -> bool:
    if not user.has_perm("cases.change_case"):
        return False
    return case.caseworker_id == user.pk or user.has_perm("cases.view_all_cases")


def get_participant_for_user(user: User, pk: int, *, write: bool = False) -> Participant:
    """A caseworker sees the participants she has a case of, and those she registered
    that have no case yet; supervisors see everyone (Participant.objects.visible_to)."""
    participant = get_object_or_404(Participant.objects.visible_to(user).select_related("origin_regency"), pk=pk)
    if write and not user.has_perm("cases.change_participant"):
        raise PermissionDenied
    return participant


def get_consent_for_user(user: User, pk: int, *, write: bool = False) -> Consent:
    """A consent is seen by whoever sees its participant."""
    consent = get_object_or_404(
        Consent.objects.select_related("participant"), pk=pk, participant__in=Participant.objects.visible_to(user)
    )
    if write and not user.has_perm("cases.change_consent"):
        raise PermissionDenied
    return consent


def _get_child_for_user(model, user: User, pk: int, *, write: bool):
    obj = get_object_or_404(model.objects.select_related("case"), pk=pk, case__in=Case.objects.visible_to(user))
    if write and not can_edit_case(user, obj.case):
        raise PermissionDenied
    return obj


def get_follow_up_for_user(user: User, pk: int, *, write: bool = False) -> FollowUp:
    return _get_child_for_user(FollowUp, user, pk, write=write)


def get_commitment_for_user(user: User, pk: int, *, write: bool = False) -> Commitment:
    return _get_child_for_user(Commitment, user, pk, write=write)


def get_referral_for_user(user: User, pk: int, *, write: bool = False) -> Referral:
    return _get_child_for_user(Referral, user, pk, write=write)
