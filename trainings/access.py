"""Every lookup of a training record goes through these helpers.

404 for what the user may not see (a caseworker probing another caseworker's
trainee learns nothing), 403 for what she may see but not change.
Coordinators manage every cohort and see trainees' names, never case data;
caseworkers see the training records of their own participants.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from core.models import User
from trainings.models import Cohort, Enrollment, Handout, LivelihoodFollowUp, Session, StockReceipt


def can_manage(user: User) -> bool:
    return user.has_perm("trainings.manage_trainings")


def _check(user: User, write: bool) -> None:
    if write and not can_manage(user):
        raise PermissionDenied


def get_cohort_for_user(user: User, pk: int, *, write: bool = False) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.visible_to(user).for_list(), pk=pk)
    _check(user, write)
    return cohort


def get_session_for_user(user: User, pk: int, *, write: bool = False) -> Session:
    session = get_object_or_404(
        Session.objects.select_related("cohort__program"), pk=pk, cohort__in=Cohort.objects.visible_to(user)
    )
    _check(user, write)
    return session


def get_enrollment_for_user(user: User, pk: int, *, write: bool = False) -> Enrollment:
    enrollment = get_object_or_404(
        Enrollment.objects.visible_to(user).select_related("participant", "cohort__program", "case"), pk=pk
    )
    _check(user, write)
    return enrollment


def get_handout_for_user(user: User, pk: int, *, write: bool = False) -> Handout:
    handout = get_object_or_404(Handout.objects.visible_to(user).for_list(), pk=pk)
    _check(user, write)
    return handout


def get_receipt_for_user(user: User, pk: int) -> StockReceipt:
    if not can_manage(user):
        # Stock belongs to the people who run trainings; for anyone else it does not exist.
        raise PermissionDenied
    return get_object_or_404(StockReceipt.objects.select_related("item"), pk=pk)


def get_livelihood_for_user(user: User, pk: int, *, write: bool = False) -> LivelihoodFollowUp:
    follow_up = get_object_or_404(
        LivelihoodFollowUp.objects.visible_to(user).select_related("enrollment__participant", "enrollment__cohort"),
        pk=pk,
    )
    if write and not user.has_perm("trainings.change_livelihoodfollowup"):
        raise PermissionDenied
    return follow_up
