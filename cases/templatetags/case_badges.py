"""`{% status_badge case %}`: the same badge as in the case list (cases.lists.status_badge)."""

from django import template

from cases.lists import status_badge

register = template.Library()
register.simple_tag(status_badge)
