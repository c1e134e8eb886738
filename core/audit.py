"""The audit trail (UU 27/2022): who changed, viewed, exported or downloaded what.

Changes are logged by django-auditlog for every registered model. Reads of
personal data are logged here, through the same LogEntry table, so that one
history shows everything. Entries are never edited or deleted (see core.admin).
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

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


def log_export(request: HttpRequest, model: type[models.Model], detail: str) -> LogEntry:
    return log_list(request, model, "export", detail)


class AuditedFormMixin:
    """A form page that shows a record's personal data: each GET is recorded.
    The view names the record in `audited_object()`."""

    audit_event = "edit form"

    def audited_object(self) -> models.Model:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        log_access(request, self.audited_object(), self.audit_event)
        return super().get(request, *args, **kwargs)


def audit_history(user, instance: models.Model, limit: int = 50):
    """A record's audit entries, newest first, for users allowed to read the trail (else None)."""
    if not user.has_perm("auditlog.view_logentry"):
        return None
    return LogEntry.objects.get_for_object(instance).select_related("actor")[:limit]
