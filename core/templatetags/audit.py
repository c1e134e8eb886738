"""The audit panel in the reader's language: `{{ entry|changed_fields }}`, `{{ entry|event_label }}`."""

from django import template

from core import audit

register = template.Library()


@register.filter
def changed_fields(entry) -> str:
    return ", ".join(audit.changed_fields(entry))


@register.filter
def event_label(entry) -> str:
    return audit.event_label(entry.additional_data.get("event", "")) if entry.additional_data else ""
