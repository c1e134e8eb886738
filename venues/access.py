"""Every lookup of a venue or of something recorded about it goes through these helpers.

404 for what the user may not see (an inspector probing another team's venue
ids learns nothing), 403 for what she may see but not change.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from core.models import User
from venues.models import EnforcementAction, Evidence, Inspection, License, Venue


def get_venue_for_user(user: User, pk: int, *, write: bool = False) -> Venue:
    venue = get_object_or_404(Venue.objects.visible_to(user).select_related("district", "village", "team"), pk=pk)
    if write and not user.has_perm("venues.change_venue"):
        raise PermissionDenied
    return venue


def get_license_for_user(user: User, pk: int, *, write: bool = False) -> License:
    license = get_object_or_404(License.objects.visible_to(user).select_related("venue"), pk=pk)
    if write and not user.has_perm("venues.change_license"):
        raise PermissionDenied
    return license


def get_inspection_for_user(user: User, pk: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.visible_to(user).select_related("venue__district", "venue__village", "team", "recorded_by"),
        pk=pk,
    )


def get_evidence_for_user(user: User, pk: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.select_related("inspection__venue"),
        pk=pk,
        inspection__venue__in=Venue.objects.visible_to(user).values("pk"),
    )


def get_enforcement_for_user(user: User, pk: int, *, write: bool = False) -> EnforcementAction:
    action = get_object_or_404(
        EnforcementAction.objects.visible_to(user).select_related("venue__district", "inspection", "license"), pk=pk
    )
    if write and not user.has_perm("venues.escalate_enforcement"):
        raise PermissionDenied
    return action
