"""The audit trail (UU 27/2022): who changed, viewed, exported or downloaded what.

Changes are logged by django-auditlog for every registered model. Reads of
personal data are logged here, through the same LogEntry table, so that one
history shows everything. Entries are never edited or deleted (see core.admin).
"""

from auditlog.models import LogEntry
from auditlog.render import get_field_verbose_name
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.masking import mask


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _data(request: HttpRequest, event: str, detail: str) -> dict[str, str]:
    # A search or a filter can hold a NIK: what is kept is masked (core.masking).
    return {"event": event, "detail": mask(detail), "path": mask(request.get_full_path())}


def log_access(request: HttpRequest, instance: models.Model, event: str, detail: str = "") -> LogEntry:
    """Record that the signed-in user viewed or downloaded one record."""
    return LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        actor=request.user,
        remote_addr=_client_ip(request),
        additional_data=_data(request, event, detail),
    )


def log_list(request: HttpRequest, model: type[models.Model], event: str, detail: str) -> LogEntry:
    """Record a read of a list (an export, a search): no single object, logged against the model."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=f"{model._meta.verbose_name_plural} {event}",
        action=LogEntry.Action.ACCESS,
        actor=request.user,
        remote_addr=_client_ip(request),
        additional_data=_data(request, event, detail),
    )


def log_export(request: HttpRequest, model: type[models.Model], detail: str, event: str = "export") -> LogEntry:
    return log_list(request, model, event, detail)


class AuditedFormMixin:
    """A form page that shows a record's personal data: each GET is recorded.
    The view names the record in `audited_object()`."""

    audit_event = "edit form"

    def audited_object(self) -> models.Model:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        log_access(request, self.audited_object(), self.audit_event)
        return super().get(request, *args, **kwargs)


def log_import(request: HttpRequest, model: type[models.Model], detail: str) -> LogEntry:
    """Record an import of a spreadsheet into a model (the detail names the file's checksum)."""
    return log_export(request, model, detail, event="import")


def audit_history(user, instance: models.Model, limit: int = 50):
    """A record's audit entries, newest first, for users allowed to read the trail (else None)."""
    if not user.has_perm("auditlog.view_logentry"):
        return None
    return LogEntry.objects.get_for_object(instance).select_related("actor")[:limit]


# What a read entry's event means, in the reader's language.
EVENTS = {
    "view": _("viewed"),
    "print": _("printed"),
    "pdf": _("PDF downloaded"),
    "download": _("scan downloaded"),
    "export": _("exported"),
    "edit form": _("edit form opened"),
    "report": _("report viewed"),
}


def event_label(event: str) -> str:
    return str(EVENTS.get(event, event))


def _own_fields(entry: LogEntry) -> list[tuple[str, models.Field | None]]:
    """(name, model field or None) of each change that is a field of the record. A record's creation
    also lists its reverse relations ("follow_ups", "referrals"): no verbose name, and not its data."""
    model = entry.content_type.model_class()
    fields = []
    for name in entry.changes_dict:
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        if field is None or not field.auto_created or field.concrete:
            fields.append((name, field))
    return fields


def changed_fields(entry: LogEntry) -> list[str]:
    """The changed fields' names as users read them ("reason for closing"), not as stored ("closure_reason")."""
    return [str(get_field_verbose_name(entry, name)) for name, _field in _own_fields(entry)]


def change_value(value, choices: dict | None = None) -> str:
    """A value as auditlog stored it ("None", "True", "origin_social_office"), as people read it."""
    shown = {"None": "–", "": "–", "True": _("Yes"), "False": _("No"), **(choices or {})}
    return str(shown.get(str(value), value))


# How auditlog names a many-to-many change (a team's members), as people read it.
M2M_OPERATIONS = {"add": _("added"), "remove": _("removed"), "clear": _("all removed")}


def change_rows(entry: LogEntry) -> list[tuple[str, str, str]]:
    """(field label, old value, new value) of each changed field; the values of
    a field with choices by their labels; a many-to-many change as what was added or removed."""
    rows = []
    for name, field in _own_fields(entry):
        change = entry.changes_dict[name]
        if isinstance(change, dict) and change.get("type") == "m2m":
            operation = M2M_OPERATIONS.get(change.get("operation"), change.get("operation"))
            objects = ", ".join(str(item) for item in change.get("objects") or [])
            rows.append(
                (
                    str(get_field_verbose_name(entry, name)),
                    "–",
                    f"{operation}: {objects}" if objects else str(operation),
                )
            )
            continue
        if not (isinstance(change, list) and len(change) == 2):
            continue
        choices = {str(key): label for key, label in field.flatchoices} if field and field.choices else None
        label = get_field_verbose_name(entry, name)
        rows.append((str(label), change_value(change[0], choices), change_value(change[1], choices)))
    return rows
