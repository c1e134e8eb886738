from auditlog.admin import LogEntryAdmin as AuditlogEntryAdmin
from auditlog.filters import CIDFilter, ResourceTypeFilter
from auditlog.models import LogEntry
from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from core.admin_base import ModelAdmin
from core.models import District, Province, Regency, User, Village

admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(DjangoUserAdmin, ModelAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ["username", "first_name", "last_name", "role_list", "is_staff", "is_active", "last_login"]
    list_filter = ["groups", "is_staff", "is_superuser", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def role_list(self, obj: User) -> str:
        return ", ".join(group.name for group in obj.groups.all()) or "-"


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin, ModelAdmin):
    pass


class ReferenceDataAdmin(ModelAdmin):
    """Official Kemendagri codes: loaded by migration, read-only for everyone."""

    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Province)
class ProvinceAdmin(ReferenceDataAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Regency)
class RegencyAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "kind", "province"]
    list_filter = ["kind", "province"]
    list_select_related = ["province"]
    search_fields = ["code", "name", "official_name"]


class VillageInline(TabularInline):
    model = Village
    fields = ["code", "name"]
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(District)
class DistrictAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "regency"]
    list_select_related = ["regency"]
    search_fields = ["code", "name"]
    inlines = [VillageInline]


@admin.register(Village)
class VillageAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "district"]
    list_filter = ["district"]
    list_select_related = ["district"]
    search_fields = ["code", "name"]


# The audit trail: readable by supervisors, never added to, changed or deleted
# through the admin by anyone (auditlog's own admin already refuses add and
# change; the delete refusal here has no exception).
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditLogEntryAdmin(AuditlogEntryAdmin, ModelAdmin):
    # Browsable by user, model, action and date (date_hierarchy on the timestamp, from auditlog).
    list_filter = ["action", ("actor", admin.RelatedFieldListFilter), ResourceTypeFilter, CIDFilter]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# Login throttling (django-axes): its records in the admin's look, read-only (axes' own admins
# refuse adding; the attempts and logs are evidence, so nothing changes them by hand). Deleting an
# access attempt lifts that lockout early.
admin.site.unregister([AccessAttempt, AccessLog, AccessFailureLog])


class LoginRecordAdmin(ModelAdmin):
    show_full_result_count = False
    deletable = False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.deletable and super().has_delete_permission(request, obj)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin, LoginRecordAdmin):
    deletable = True


@admin.register(AccessLog)
class AccessLogAdmin(axes_admin.AccessLogAdmin, LoginRecordAdmin):
    pass


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(axes_admin.AccessFailureLogAdmin, LoginRecordAdmin):
    pass
