"""What every app's admin builds on: the admin is no side door.

Saves go through the app's services (each ModelAdmin's `save_model` calls one), so
the admin writes the same version check, timeline and audit as the app. Nothing is
added or deleted here unless an admin says otherwise, and a save that a service
refuses (a stale page, a broken rule) is reported and writes nothing.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _
from unfold.admin import ModelAdmin

from core.locking import ConcurrentEditError


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


class ServiceAdmin(ModelAdmin):
    # A form with a `version` field (cases.forms.VersionedForm) carries it in the page.
    change_form_template = "admin/versioned_change_form.html"
    show_full_result_count = False  # a COUNT(*) per page on growing tables
    list_per_page = 50

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

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
