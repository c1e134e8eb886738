"""The list + filter + export pattern, written once for every app.

A list page and its download share one FilterSet, so the file always holds
exactly the rows the screen shows: the download lives at the list's URL plus
`export/` with the same query string.
"""

import datetime
import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import BadRequest, ImproperlyConfigured, PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.dateformat import format as django_date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.views.generic import TemplateView, View

from core.audit import log_export
from core.lists import links
from core.lists.csv_export import Column, csv_response
from core.lists.pagination import keyset_page
from core.lists.xlsx_export import xlsx_response

CURSOR_PARAMS = ("after", "before")
FILTER_FORM_SECONDS = 120


@dataclass(frozen=True)
class ListColumn:
    """One column of a list page's table: its header, and its cell for a row's object.

    Cells are written in Python (text is escaped; markup comes from format_html):
    through the template engine the 25 rows of the case list took 6 ms here, a
    fifth of the page. `css` is the cell's class; on phones, where each row is a
    card (static/css/app.css), card-end puts the cell beside the first one,
    card-meta into the small last line and card-action below it.
    """

    header: Any
    cell: Callable[[Any], Any]
    # What the cell reads, as queryset paths ("number", "participant__code"): the list's query
    # loads exactly these (see queryset_for_columns), so a cell that reads more costs a query per row.
    fields: tuple[str, ...] = ()
    css: str = ""
    hide_header: bool = False  # e.g. a column of buttons: its header is only for screen readers


@functools.cache
def _only_and_related(model, paths: frozenset[str]) -> tuple[list[str], list[str]]:
    """The `.only()` paths and the `select_related()` relations that load `paths` in one query."""
    relations = set()
    for path in paths:
        meta, walked = model._meta, []
        for part in path.split("__")[:-1]:
            field = meta.get_field(part)
            if not (field.many_to_one or field.one_to_one) or not field.concrete:
                raise ImproperlyConfigured(f"{model.__name__} list: {path!r} must follow foreign keys only")
            walked.append(part)
            relations.add("__".join(walked))
            meta = field.related_model._meta
    return sorted(paths), sorted(relations)


def queryset_for_columns(queryset: QuerySet, columns: Iterable[ListColumn], extra: Iterable[str] = ()) -> QuerySet:
    """The list's queryset reading only what its columns (and `extra`: the sort keys, the row's
    classes) declare: the columns are the one place that says which fields a list loads."""
    paths = set(extra)
    for column in columns:
        if not column.fields:
            raise ImproperlyConfigured(f"List column {column.header!r} does not say which fields it reads")
        paths.update(column.fields)
    only, related = _only_and_related(queryset.model, frozenset(paths))
    return queryset.select_related(*related).only(*only)


def render_rows(columns: list[ListColumn], objects: Iterable, row_css: Callable[[Any], str]) -> SafeString:
    cell_open = [f'<td class="{conditional_escape(column.css)}">' if column.css else "<td>" for column in columns]
    rows = []
    for obj in objects:
        css = conditional_escape(row_css(obj))
        cells = "".join(
            f"{opening}{conditional_escape(column.cell(obj))}</td>"
            for opening, column in zip(cell_open, columns, strict=True)
        )
        rows.append(f'<tr class="{css}">{cells}</tr>' if css else f"<tr>{cells}</tr>")
    return mark_safe("\n".join(rows))  # noqa: S308 (every cell is escaped above)


# Django date format characters that strftime writes the same way.
_STRFTIME = {"d": "%d", "m": "%m", "Y": "%Y", "y": "%y", "H": "%H", "i": "%M", "s": "%S"}


@functools.cache
def _strftime_pattern(django_format: str) -> str | None:
    """Turns "d-m-Y" into "%d-%m-%Y"; None when the format needs Django's formatter (names, escapes)."""
    out = []
    for char in django_format:
        if char in _STRFTIME:
            out.append(_STRFTIME[char])
        elif char.isalpha() or char in "\\%":
            return None
        else:
            out.append(char)
    return "".join(out)


def short_date(value: datetime.date | None, empty: str = "–") -> str:
    """What `{{ value|date:"SHORT_DATE_FORMAT" }}` writes (a date-time in local time), through
    strftime for the numeric formats of config/formats: a tenth of the cost, once per row."""
    if value is None:
        return empty
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    django_format = formats.get_format("SHORT_DATE_FORMAT")
    pattern = _strftime_pattern(django_format)
    if pattern and value.year >= 1000:  # strftime writes year 999 as "999", Django as "0999"
        return value.strftime(pattern)
    return django_date_format(value, django_format)


def query_without_cursor(request: HttpRequest) -> str:
    query = request.GET.copy()
    for name in CURSOR_PARAMS:
        query.pop(name, None)
    return query.urlencode()


def filter_form_html(request: HttpRequest, render: Callable[[], str]) -> SafeString:
    """The filter form's HTML, cached for two minutes: paging through a list then renders only its rows.

    Measured (bench/README.md, "The filter form's cache"): without it the case list's Python work nearly
    doubles and its ratio to the bare view fell from 0.072 to 0.037, under the 0.05 floor.

    The key is made here, from the request alone, so that no caller can leave a part out: the user, a
    digest of her permissions (which filters and choices she gets depend on them: a changed role shows at
    once), the page, the query without the cursor, and the language. A caseworker added meanwhile appears
    in the choices within two minutes; the filter itself always checks the live data. The cache is the
    process's memory (CACHES is not set): a shared cache would keep searched names outside the process.
    """
    user = request.user
    if not user.is_authenticated:
        return mark_safe(render())  # noqa: S308 (rendered by the template engine, which escapes)
    permissions = "|".join(sorted(user.get_all_permissions()))
    parts = (str(user.pk), permissions, request.path, query_without_cursor(request), get_language() or "")
    key = "list_filters:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, FILTER_FORM_SECONDS)
    return mark_safe(html)  # noqa: S308 (rendered by the template engine, which escapes)


class FilteredQuerysetMixin:
    """Subclasses set `filterset_class` and `sort_options`, and define `get_queryset()`
    returning only what the user may see (e.g. Case.objects.visible_to(user))."""

    filterset_class = None
    # key -> (label, ordering); every ordering ends in a unique field.
    sort_options: dict[str, tuple[str, list[str]]] = {}
    default_sort: str = ""

    def get_queryset(self) -> QuerySet:
        raise NotImplementedError

    def filter_data(self):
        return self.request.GET

    def get_filterset(self):
        return self.filterset_class(self.filter_data() or None, queryset=self.get_queryset(), request=self.request)

    def filtered_queryset(self, filterset) -> QuerySet:
        # An invalid filter (e.g. a malformed date) shows nothing rather than
        # silently dropping that filter and showing more than was asked for.
        if filterset.is_bound and not filterset.is_valid():
            return filterset.queryset.none()
        return filterset.qs

    def sort_key(self) -> str:
        key = self.request.GET.get("sort", "")
        return key if key in self.sort_options else self.default_sort

    def ordering(self) -> list[str]:
        return self.sort_options[self.sort_key()][1]


class FilteredListView(FilteredQuerysetMixin, TemplateView):
    paginate_by = 25
    title = ""
    # The toolbar's buttons, each shown only to users with its permission.
    create_url_name = ""
    create_permission = ""
    create_label = ""
    export_url_name = ""
    export_permission = ""
    columns: list[ListColumn] = []
    row_fields: tuple[str, ...] = ()  # what row_css() reads, as the columns' `fields`

    def row_css(self, obj) -> str:
        """Classes of a row's <tr>, e.g. table-danger for an overdue follow-up."""
        return ""

    def list_queryset(self, filterset) -> QuerySet:
        """The filtered rows, loading only what the columns, the row classes and the sort keys read."""
        sort_keys = {name.lstrip("-") for _label, ordering in self.sort_options.values() for name in ordering}
        return queryset_for_columns(self.filtered_queryset(filterset), self.columns, {*self.row_fields, *sort_keys})

    def toolbar(self) -> dict:
        user = self.request.user
        return {
            "title": self.title,
            "new_url": links.url(self.create_url_name)
            if self.create_url_name and user.has_perm(self.create_permission)
            else "",
            "new_label": self.create_label,
            "export_url": links.url(self.export_url_name)
            if self.export_url_name and user.has_perm(self.export_permission)
            else "",
        }

    def get_context_data(self, **kwargs):
        filterset = self.get_filterset()
        page = keyset_page(
            self.list_queryset(filterset),
            self.ordering(),
            self.paginate_by,
            after=self.request.GET.get("after"),
            before=self.request.GET.get("before"),
        )
        sort_options = [(key, label) for key, (label, _ordering) in self.sort_options.items()]

        def render_filter_form() -> str:
            context = {
                "filter": filterset,
                "sort_options": sort_options,
                "current_sort": self.sort_key(),
                "reset_url": self.request.path,
            }
            return render_to_string("includes/list_filters.html", context)

        return super().get_context_data(
            filter=filterset,
            page=page,
            object_list=page.object_list,
            columns=self.columns,
            rows=render_rows(self.columns, page.object_list, self.row_css),
            query_without_cursor=query_without_cursor(self.request),
            filter_form=filter_form_html(self.request, render_filter_form),
            **self.toolbar(),
            **kwargs,
        )


class FilteredExportView(FilteredQuerysetMixin, View):
    """Sends the filtered rows as CSV, or as XLSX with `format=xlsx`, and writes an audit entry."""

    export_permission: str = ""
    # What the file holds, in the user's language: "kasus" downloads as kasus-2026-11-28.csv.
    filename: str = "export"
    formats = ("csv", "xlsx")
    # On PostgreSQL the database writes the CSV (COPY), when every column can be written in SQL;
    # False forces the Python writer (same bytes, see core.lists.csv_export).
    copy_on_postgresql = True

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def get_filename(self) -> str:
        """What the file holds, before the date (e.g. with the month of a monthly plan)."""
        return str(self.filename)

    def export_rows(self, queryset: QuerySet) -> Iterable[tuple] | None:
        """Rows computed in Python from the filtered `queryset`, one tuple per row in the columns'
        order, for a file that is no single query (e.g. the monthly round); None, the default: each
        column's `source` is read from the queryset. Either way the writers neutralise formulas."""
        return None

    def filter_data(self):
        # Without `format` the FilterSet sees exactly the list page's query string.
        data = self.request.GET.copy()
        data.pop("format", None)
        return data

    def get(self, request, *args, **kwargs) -> HttpResponse:
        if self.export_permission and not request.user.has_perm(self.export_permission):
            raise PermissionDenied
        file_format = request.GET.get("format") or "csv"
        if file_format not in self.formats:
            raise BadRequest(f"Unknown export format {file_format!r}")
        filterset = self.get_filterset()
        queryset = self.filtered_queryset(filterset).order_by(*self.ordering())
        # The query string is the detail: it holds the filters and, for XLSX, format=xlsx.
        log_export(request, queryset.model, detail=request.GET.urlencode())
        filename = (
            f"{slugify(self.get_filename().removesuffix('.csv'))}-{timezone.localdate().isoformat()}.{file_format}"
        )
        rows = self.export_rows(queryset)
        if file_format == "xlsx":
            title = str(queryset.model._meta.verbose_name_plural).capitalize()
            return xlsx_response(filename, self.columns(), queryset, title=title, rows=rows)
        return csv_response(filename, self.columns(), queryset, use_copy=self.copy_on_postgresql, rows=rows)
