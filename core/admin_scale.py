"""Admin changelists that stay fast when a table holds hundreds of thousands of rows.

- `EstimatedCountPaginator`: Django's changelist counts its rows on every page
  (`show_full_result_count = False` only spares the second, unfiltered count).
  Unfiltered, that count is the whole table; this paginator takes PostgreSQL's
  own estimate (pg_class.reltuples, kept by autovacuum) for a large table, and
  counts exactly whenever a filter or a search narrows the rows.
- `LargeTableMixin`: both of the above for a ModelAdmin, and `date_range` in
  place of `date_hierarchy`: the hierarchy's year links cost a DISTINCT over the
  whole table on every page (a quarter of a second at 500,000 follow-ups); a
  from-to filter on the same field (`DayRangeFilter`: whole days in Asia/Jakarta)
  costs nothing until it is used.
- `action_checkbox`: a changelist row's checkbox without the widget templates.
- `QuickDropdownFilter` and its kin: Unfold's dropdown filters, their markup rendered once
  per set of choices and language instead of through the form templates on every page.
- `export_action`: an admin action sending the selected rows as XLSX with a
  list export's columns, under that export's permission, audited like it.
"""

import datetime
from collections.abc import Callable
from functools import cached_property

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin as UnfoldModelAdmin
from unfold.admin import checkbox as unfold_checkbox
from unfold.contrib.filters.admin import ChoicesDropdownFilter, DropdownFilter, RangeDateFilter, RelatedDropdownFilter

from core.audit import log_export
from core.kept import Kept
from core.lists.csv_export import Column
from core.lists.xlsx_export import xlsx_response

# Below this many rows an exact count is cheap (and exact numbers matter more).
ESTIMATE_ABOVE = 20_000


def estimated_rows(queryset: QuerySet) -> int | None:
    """PostgreSQL's estimate of the rows of the queryset's table; None elsewhere or when never analysed."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        table = queryset.model._meta.db_table
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(%s)", [table])
        row = cursor.fetchone()
    return row[0] if row and row[0] is not None and row[0] >= 0 else None


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if isinstance(queryset, QuerySet) and not queryset.query.where and not queryset.query.distinct:
            estimate = estimated_rows(queryset)
            if estimate is not None and estimate > ESTIMATE_ABOVE:
                return estimate
        return super().count


# Filters' markup rendered with nothing chosen (RenderedOnceMixin): a few filters x two languages.
RENDERED = Kept(128)
RENDERED_TEMPLATE = "admin/filters/rendered.html"  # {{ choices.0.html }}


class RenderedOnceMixin:
    """A list filter whose markup is `markup(changelist, choice)` (see the two below), drawn by
    RENDERED_TEMPLATE; `form_template` is the filter's own."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.form_template, self.template = self.template, RENDERED_TEMPLATE

    def choices(self, changelist):
        for choice in super().choices(changelist):
            yield {"html": mark_safe(self.markup(changelist, choice))}  # noqa: S308 (the templates' output)

    def render_form(self, choice: dict) -> str:
        return render_to_string(self.form_template, {"title": self.title, "choices": [choice], "spec": self})


class DayRangeFilter(RenderedOnceMixin, RangeDateFilter):
    """From one day to another, both included, on a date or a date-and-time field (whole days in
    Asia/Jakarta): two date inputs. The days are read as the forms read them, in the page's
    language (31-03-2026; Unfold reads settings.DATE_INPUT_FORMATS, month first). On a timestamp
    the bounds are timestamps, so its index answers; Unfold's date-and-time range asks for four
    inputs, and its date range compares timestamps with the last day's midnight, leaving it out.
    Its markup is rendered once per language and the days typed written into it (1 ms a page)."""

    def markup(self, changelist, choice: dict) -> str:
        typed = {end: self.used_parameters.get(f"{self.parameter_name}_{end}") for end in ("from", "to")}
        if any(value is not None and (len(value) > 40 or self._day(end) is None) for end, value in typed.items()):
            return self.render_form(choice)  # not a day: the form says so, as Unfold renders it

        def render() -> str:
            choice["form"].data = {}  # nothing typed (bound values are read when rendering)
            return self.render_form(choice)

        html = RENDERED.get((get_language(), self.form_template, self.parameter_name, str(self.title)), render)
        for end, value in typed.items():
            if value is not None:
                name = f'name="{self.parameter_name}_{end}"'
                html = html.replace(name, f'{name} value="{escape(value)}"', 1)
        return html

    def _day(self, end: str) -> datetime.date | None:
        value = self.used_parameters.get(f"{self.parameter_name}_{end}")
        if not isinstance(value, str):
            return None
        try:
            return forms.DateField().clean(value[:40])
        except ValidationError:
            return None  # not a day: no bound (the input still shows what was typed)

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        start, last = self._day("from"), self._day("to")
        field = self.parameter_name
        if not isinstance(self.field, models.DateTimeField):
            bounds = {f"{field}__gte": start, f"{field}__lte": last}
        else:
            after = last + datetime.timedelta(days=1) if last and last < datetime.date.max else None
            bounds = {f"{field}__gte": start and _midnight(start), f"{field}__lt": after and _midnight(after)}
        return queryset.filter(**{lookup: bound for lookup, bound in bounds.items() if bound})


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


_PK_MARK = "\x00pk\x00"  # no primary key holds a NUL
_CHECKBOXES = Kept(8)  # one a language


class LargeTableMixin:
    """Mixed into core.admin_base.ModelAdmin, so every changelist of the project has it."""

    show_full_result_count = False  # a second COUNT(*) of the whole table on every page
    paginator = EstimatedCountPaginator
    list_per_page = 25  # as the app's lists (core.lists.views): a row costs more here (its checkbox is a form widget)
    # Unfold's changelist looks this up twice a row; missing, each failed lookup costs the template engine
    # a dir() of the ModelAdmin (6 ms a page).
    list_sections: list = []
    date_range = ""  # a date field: a from-to filter on it (instead of date_hierarchy)

    def action_checkbox(self, obj) -> str:
        """Unfold's row checkbox, its markup rendered once per language instead of through the form
        widget templates on every row (a third of a 25-row changelist's time)."""
        markup = _CHECKBOXES.get(get_language(), lambda: unfold_checkbox.render(helpers.ACTION_CHECKBOX_NAME, _PK_MARK))
        return mark_safe(markup.replace(_PK_MARK, escape(str(obj.pk))))  # noqa: S308 (escaped pk)

    action_checkbox.short_description = UnfoldModelAdmin.action_checkbox.short_description

    def get_list_filter(self, request) -> list:
        filters = list(super().get_list_filter(request))
        if self.date_range:
            filters.append((self.date_range, DayRangeFilter))
        return filters


class QuickDropdownMixin(RenderedOnceMixin):
    """Unfold's dropdown filter renders a Django form on every page (its label, its select and each
    option through the widget templates): 2.5 ms of the participant changelist's 24 for 38 provinces.
    The markup depends only on the filter's label, its choices and the language, so it is rendered
    once for each, with nothing chosen, and the chosen option marked in it. With facet counts in
    the labels (`_facets`) the choices change with the data: rendered every time."""

    def markup(self, changelist, choice: dict) -> str:
        form, value = choice["form"], self.value()
        if getattr(changelist, "add_facets", False) or len(form.fields) != 1:
            return self.render_form(choice)
        name, field = next(iter(form.fields.items()))
        options = tuple((str(option), str(label)) for option, label in field.choices)
        if value not in (None, "") and (not isinstance(value, str) or value not in dict(options)):
            return self.render_form(choice)  # not an option (a tampered address): the form says so

        def render() -> str:
            form.data = {name: None}  # nothing chosen (bound values are read when rendering)
            return self.render_form(choice)

        html = RENDERED.get((get_language(), self.form_template, name, str(field.label), options), render)
        return _chosen(html, value)


def _chosen(html: str, value: str | None) -> str:
    """The dropdown's markup with `value`, one of its options, chosen instead of "All"."""
    if not value:
        return html
    html = html.replace('<option value="" selected>', '<option value="">', 1)
    option = f'<option value="{escape(value)}">'
    return html.replace(option, f'<option value="{escape(value)}" selected>', 1)


class QuickDropdownFilter(QuickDropdownMixin, DropdownFilter):
    pass


class QuickChoicesDropdownFilter(QuickDropdownMixin, ChoicesDropdownFilter):
    pass


class QuickRelatedDropdownFilter(QuickDropdownMixin, RelatedDropdownFilter):
    pass


def export_action(columns: Callable, permission: str, filename: str, annotations: dict | None = None) -> Callable:
    """An admin action exporting the selected rows with `columns(user)` (a list export's columns),
    on the rows annotated as that export annotates them."""

    @admin.action(description=_("Export the selected rows (XLSX)"))
    def export_selected(modeladmin, request, queryset: QuerySet):
        if not request.user.has_perm(permission):
            messages.error(request, _("You may not export these records."))
            return None
        log_export(request, queryset.model, detail=f"admin selection of {queryset.count()} rows")
        export_columns: list[Column] = columns(request.user)
        title = str(queryset.model._meta.verbose_name_plural).capitalize()
        rows = queryset.annotate(**(annotations or {})).order_by("pk")
        return xlsx_response(filename, export_columns, rows, title=title)

    return export_selected
