"""What every app's admin builds on: the admin is no side door.

Every read of a record here is audited (its change page, a search), and saves go
through the app's services (each ModelAdmin's `save_model` calls one), so
the admin writes the same version check, timeline and audit as the app. Nothing is
added or deleted here unless an admin says otherwise, and a save that a service
refuses (a stale page, a broken rule) is reported and writes nothing.
"""

from urllib.parse import urlencode

from auditlog.registry import auditlog
from django import forms
from django.contrib import messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError, PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from unfold import admin as unfold_admin
from unfold.admin import TabularInline
from unfold.views import ChangeList as UnfoldChangeList

from core.admin_scale import LargeTableMixin
from core.audit import log_access, log_list
from core.locking import ConcurrentEditError


class FileInput(forms.FileInput):
    """A file input that speaks the page's language, not the browser's (see its template).
    Files are in private storage, without a URL: no link to the current file, no "clear" box."""

    template_name = "admin/widgets/file_input.html"


class ChangeList(UnfoldChangeList):
    """A list filter that cannot read its value (auditlog's resource type filter given a text, say)
    sends the admin back to the unfiltered list with its "invalid filter" notice, as Django does for
    plain field lookups, instead of a server error."""

    def get_queryset(self, request, exclude_parameters=None):
        try:
            return super().get_queryset(request, exclude_parameters)
        except (ValueError, TypeError, ValidationError, FieldError) as error:
            raise IncorrectLookupParameters(error) from error


class ModelAdmin(LargeTableMixin, unfold_admin.ModelAdmin):
    """The base of every ModelAdmin of the project (tests/test_hostile_query_strings.py checks)."""

    def get_changelist(self, request, **kwargs):
        return ChangeList

    def history_view(self, request, object_id, extra_context=None):
        """A record's history is its audit trail: the "History" button of an audited record's page
        opens the audit log filtered to that record (changes and reads, by whom and when).
        Only for users who may read the audit log (supervisors); core.admin_base.show_history
        hides the button from the others."""
        if not auditlog.contains(self.model):
            return super().history_view(request, object_id, extra_context)
        if not request.user.has_perm("auditlog.view_logentry"):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        # As LogEntry.objects.get_for_object() finds them: by object_id for an integer key.
        key = "object_id" if isinstance(obj.pk, int) else "object_pk"
        content_type = ContentType.objects.get_for_model(self.model)
        query = urlencode({"content_type__id__exact": content_type.pk, key: str(obj.pk)})
        return HttpResponseRedirect(f"{reverse('admin:auditlog_logentry_changelist')}?{query}")


def show_history(request) -> bool:
    """Unfold's SHOW_HISTORY: the "History" button of a record's admin page, for those who may read
    the audit log it opens."""
    return request.user.has_perm("auditlog.view_logentry")


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


class ServiceAdmin(ModelAdmin):
    # A form with a `version` field (core.forms.VersionedForm) carries it in the page.
    change_form_template = "admin/versioned_change_form.html"

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Every read of a record in the admin is recorded, as in the app.
        if obj is not None:
            log_access(request, obj, "admin view")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_search_results(self, request, queryset, search_term):
        # The changelist's search and the admin's global search both come here.
        if search_term:
            log_list(request, self.model, "admin search", search_term)
        return super().get_search_results(request, queryset, search_term)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (ConcurrentEditError, ValidationError) as error:
            # Raised by the service in save_model: the whole save was rolled back, and
            # the page reloads with what is stored now.
            self.message_user(request, error_text(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ReadOnlyAdmin(ServiceAdmin):
    def has_change_permission(self, request, obj=None) -> bool:
        return False


class NoDeleteAdmin(ModelAdmin):
    """Records are archived, never deleted."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
