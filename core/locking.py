"""Optimistic locking: two users edit the same record, the second save is refused.

A model with a `version` field is saved through `save_versioned`, which
updates the row only where the version is still the one the user loaded.
"""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class ConcurrentEditError(Exception):
    message = _(
        "This record was changed by someone else while you were editing it. "
        "Nothing was saved: reload the page to see their changes, then make yours again."
    )


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs) -> None:
        """Every save of a stored row bumps the version, so that an open form is
        refused even after a change made without `save_versioned` (which bumps it itself)."""
        if self._state.adding or (update_fields is not None and "version" in update_fields):
            super().save(*args, update_fields=update_fields, **kwargs)
            return
        with transaction.atomic():
            rows = type(self)._base_manager.select_for_update().filter(pk=self.pk)
            self.version = (rows.values_list("version", flat=True).first() or self.version) + 1
            if update_fields is not None:
                update_fields = [*update_fields, "version"]
            super().save(*args, update_fields=update_fields, **kwargs)


def save_versioned(instance: VersionedModel, *, expected_version: int, update_fields: list[str]) -> None:
    """Save `update_fields` of `instance` if nobody saved it since `expected_version`.

    The row lock (PostgreSQL; SQLite's IMMEDIATE transactions serialise writers)
    makes check-and-write one step. A normal save() follows, so the audit log
    records the change like any other.
    """
    model = type(instance)
    with transaction.atomic():
        current = (
            model._base_manager.select_for_update().filter(pk=instance.pk).values_list("version", flat=True).first()
        )
        if current != expected_version:
            raise ConcurrentEditError(ConcurrentEditError.message)
        instance.version = expected_version + 1
        instance.save(update_fields=[*update_fields, "version"])
