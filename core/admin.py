from auditlog import filters as auditlog_filters
from auditlog.admin import LogEntryAdmin as AuditlogEntryAdmin
from auditlog.models import LogEntry
from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from core.admin_base import FileInput, ModelAdmin
from core.admin_scale import QuickChoicesDropdownFilter, QuickDropdownFilter, QuickRelatedDropdownFilter
from core.audit import change_rows, changed_fields, event_label
from core.files import data_uri
from core.models import District, OfficeProfile, Province, Regency, User, Village
from core.roles import Role, role_label

admin.site.unregister(Group)


# Permission names are stored in English when a model is migrated ("Can add
# case"): shown here in the reader's language.
BUILTIN_PERMISSIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission: Permission) -> str:
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if model and action in BUILTIN_PERMISSIONS and permission.codename == f"{action}_{model._meta.model_name}":
        name = BUILTIN_PERMISSIONS[action] % {"model": model._meta.verbose_name}
    else:
        name = gettext(permission.name)  # custom permissions are declared with gettext_lazy
    return f"{permission.content_type} | {name}"


class RoleLabels:
    """Roles and permissions by their translated names in the user and group forms.

    Plain multiple selects, not Django's two-box filter widget: its search box
    and help icon fail WCAG (contrast, a prohibited aria-label) and it needs JS.
    """

    filter_horizontal = ()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        elif db_field.name == "groups":
            field.label_from_instance = lambda group: role_label(group.name)
        return field


class RoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        return queryset.filter(groups__name=self.value()) if self.value() else queryset


@admin.register(User)
class UserAdmin(RoleLabels, DjangoUserAdmin, ModelAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ["username", "first_name", "last_name", "role_list", "is_staff", "is_active", "last_login"]
    list_filter = [RoleFilter, "is_staff", "is_superuser", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    # Set by the system, not typed: shown, not edited (their split date-time boxes have no label either).
    readonly_fields = ["last_login", "date_joined"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def role_list(self, obj: User) -> str:
        return ", ".join(role_label(group.name) for group in obj.groups.all()) or "–"


@admin.register(Group)
class GroupAdmin(RoleLabels, DjangoGroupAdmin, ModelAdmin):
    list_display = ["role"]

    @admin.display(description=_("name"), ordering="name")
    def role(self, obj: Group) -> str:
        return role_label(obj.name)


@admin.register(OfficeProfile)
class OfficeProfileAdmin(ModelAdmin):
    """The letterhead and signature of every letter: one row, changed, never added or deleted."""

    list_display = ["__str__", "head_name", "city"]
    # The logo is private storage without a URL: a plain file input, and the
    # current logo shown inline.
    formfield_overrides = {models.FileField: {"widget": FileInput}}
    readonly_fields = ["current_logo"]
    fieldsets = [
        (
            _("Letterhead"),
            {"fields": ["government", "name", "address", "phone", "email", "website", "current_logo", "logo"]},
        ),
        (_("Signature"), {"fields": ["head_title", "head_name", "head_nip", "city"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("current logo"))
    def current_logo(self, obj: OfficeProfile) -> str:
        if not obj.logo:
            return _("none yet: letters print the placeholder")
        return format_html('<img src="{}" alt="" class="h-20">', data_uri(obj.logo))


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


class ResourceTypeFilter(QuickDropdownFilter, auditlog_filters.ResourceTypeFilter):
    """Auditlog's filter, listing the kinds of record by their names, not their table names, in a dropdown."""

    def lookups(self, request, model_admin):
        return [(pk, capfirst(label)) for pk, label in content_type_choices(model_admin.get_queryset(request))]


def content_type_choices(queryset) -> list[tuple[int, str]]:
    """The kinds of record the log holds entries for. Asked kind by kind (an index probe each, ~60 kinds),
    not as a DISTINCT over the log: the log is the largest table, and the filter is drawn on every page."""
    types = ContentType.objects.filter(Exists(queryset.order_by().filter(content_type=OuterRef("pk"))))
    names = [(ct.pk, str(ct.model_class()._meta.verbose_name) if ct.model_class() else ct.model) for ct in types]
    return sorted(names, key=lambda choice: choice[1])


@admin.register(LogEntry)
class AuditLogEntryAdmin(AuditlogEntryAdmin, ModelAdmin):
    # Browsable by user, model, action and date: a from-to filter on the timestamp in place of auditlog's
    # date_hierarchy, whose links cost a MIN/MAX and a DISTINCT over the whole log on every page.
    # Dropdowns: Unfold's list of links, one template per choice, was a third of the page.
    list_filter = [
        ("action", QuickChoicesDropdownFilter),
        ("actor", QuickRelatedDropdownFilter),
        ResourceTypeFilter,
        auditlog_filters.CIDFilter,
    ]
    date_hierarchy = None
    date_range = "timestamp"
    readonly_fields = ["created", "resource_url", "action", "user_url", "msg", "event"]
    fieldsets = [
        (None, {"fields": ["created", "user_url", "resource_url", "cid"]}),
        (_("Changes"), {"fields": ["action", "event", "msg"]}),
    ]

    # Auditlog's own columns, in the reader's language: no "system", "2 changes:
    # closure_reason, version" or "None" on an Indonesian page.
    @admin.display(description=_("User"))
    def user_url(self, obj):
        return super().user_url(obj) if obj.actor else _("system")

    @admin.display(description=_("Correlation ID"))
    def cid_url(self, obj):
        return super().cid_url(obj)

    @admin.display(description=_("Changes"))
    def msg_short(self, obj):
        if obj.action in (LogEntry.Action.DELETE, LogEntry.Action.ACCESS):
            return event_label(obj.additional_data.get("event", "")) if obj.additional_data else ""
        return ", ".join(changed_fields(obj))

    @admin.display(description=_("Read"))
    def event(self, obj):
        return event_label(obj.additional_data.get("event", "")) if obj.additional_data else "–"

    @admin.display(description=_("Changes"))
    def msg(self, obj):
        rows = change_rows(obj)
        if not rows:
            return "–"
        header = format_html("<tr><th>{}</th><th>{}</th><th>{}</th></tr>", _("Field"), _("From"), _("To"))
        cells = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        return format_html("<table>{}{}</table>", header, cells)

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
