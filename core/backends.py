from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db.models import Q, StringAgg, Value

from core.models import ROLE_NAMES_SEPARATOR


class PermissionBackend(ModelBackend):
    """Django's ModelBackend with two queries less on every page: the signed-in
    user is read with her role names (the navigation shows them), and her own
    and her groups' permissions are read in one query instead of two."""

    def get_user(self, user_id):
        user = (
            get_user_model()
            ._default_manager.filter(pk=user_id)
            .annotate(role_names=StringAgg("groups__name", Value(ROLE_NAMES_SEPARATOR), default=Value("")))
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                own = user_obj.user_permissions.through.objects.filter(user=user_obj).values("permission_id")
                from_groups = Group.permissions.through.objects.filter(group__user=user_obj).values("permission_id")
                permissions = permissions.filter(Q(id__in=own) | Q(id__in=from_groups))
            rows = permissions.values_list("content_type__app_label", "codename").order_by()
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache


def client_ip(request) -> str | None:
    """The address a request came from, for login throttling (settings.AXES_CLIENT_IP_CALLABLE).

    Directly served, REMOTE_ADDR. Behind TRUSTED_PROXY_COUNT reverse proxies every request comes
    from the nearest proxy; each proxy appends the address it saw to X-Forwarded-For, so the
    entry that many places from the end is the one the outermost trusted proxy saw. Entries
    before it are whatever the client wrote, and are never used.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
