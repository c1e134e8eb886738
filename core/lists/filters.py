"""The filter form of every list page, styled once in Python.

Rendering it through crispy took half the case list's time (a template per
field, another per select option: bench/README.md); list filters need only a
label, a widget with Bootstrap's class and the errors, so
`templates/includes/list_filters.html` writes those directly.
"""

import django_filters
from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_INPUT_FORMATS


def _widgets(field: forms.Field) -> list[forms.Widget]:
    """The field's widget, or the parts of a two-box widget (a date range)."""
    return getattr(field.widget, "widgets", [field.widget])


class ListFilterForm(forms.Form):
    # Options written inline: Django's select includes two templates per option.
    select_template = "includes/widgets/filter_select.html"

    def __init__(self, *args, fields: dict[str, forms.Field], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The FilterSet's own fields, new for each page: Django's deep copy of declared fields
        # would copy every queryset and choice list again (a third of the filter's time).
        self.fields = fields
        for field in self.fields.values():
            for widget in _widgets(field):
                if isinstance(widget, forms.Select):
                    widget.attrs["class"] = "form-select"
                    widget.template_name = self.select_template
                else:
                    widget.attrs["class"] = "form-control"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                for widget in _widgets(self.fields[name]):
                    widget.attrs["class"] += " is-invalid"
                    widget.attrs["aria-invalid"] = "true"


class ListFilterSet(django_filters.FilterSet):
    """Base of every list's FilterSet; subclasses declare `class Meta(ListFilterSet.Meta)`."""

    class Meta:
        fields: list[str] = []

    @property
    def form(self) -> ListFilterForm:
        # django-filter would build a Form class per page to hold the same fields.
        if not hasattr(self, "_form"):
            fields = {name: filter_.field for name, filter_ in self.filters.items()}
            data = self.data if self.is_bound else None
            self._form = ListFilterForm(data, prefix=self.form_prefix, fields=fields)
        return self._form


class DateRangeFilter(django_filters.DateFromToRangeFilter):
    """Two dd-mm-yyyy boxes (from, to)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        widget = django_filters.widgets.RangeWidget(attrs={"placeholder": _("dd-mm-yyyy"), "inputmode": "numeric"})
        # Each box has its own accessible name ("Opened between: from"), not only the group's label.
        for box, end in zip(widget.widgets, (_("from"), _("to")), strict=True):
            box.attrs = {**box.attrs, "aria-label": format_lazy("{}: {}", self.label, end)}
        self.extra["widget"] = widget

    @property
    def field(self):
        field = super().field
        for sub in field.fields:
            sub.input_formats = DATE_INPUT_FORMATS
        return field
