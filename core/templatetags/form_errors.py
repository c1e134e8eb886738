"""`{{ form|fields_with_errors }}`: the visible fields to list in a form's error summary."""

from django import template

register = template.Library()


@register.filter
def fields_with_errors(form) -> list:
    # Hidden fields (a version) have no input to go to: their errors show with the form's own.
    return [field for field in form.visible_fields() if field.errors] if form is not None else []
