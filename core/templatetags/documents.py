"""Filters for printed documents: `{{ date|long_date }}` gives "5 Maret 2025" in any UI language."""

import datetime

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core import documents

register = template.Library()


@register.filter
def long_date(value: datetime.date | None) -> str:
    return documents.long_date(value) if value else ""


@register.filter
def place_and_date(value: datetime.date | None, place: str) -> str:
    """{{ dated|place_and_date:office.city }}"""
    return documents.place_and_date(value, place) if value else ""


@register.filter
def or_blank(value) -> str:
    """The value, or a dotted line to write on by hand when it is empty."""
    if value in (None, ""):
        return mark_safe('<span class="blank"></span>')  # noqa: S308 (a constant)
    return conditional_escape(value)
