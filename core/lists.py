"""The list + filter + export pattern, written once for every app.

A list page and its download share one FilterSet, so the file always holds
exactly the rows the screen shows: the download lives at the list's URL plus
`export/` with the same query string.
"""

from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView, View

from core.audit import log_export
from core.csv_export import Column, csv_response
from core.pagination import keyset_page
from core.xlsx_export import xlsx_response

CURSOR_PARAMS = ("after", "before")


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

    def toolbar(self) -> dict:
        user = self.request.user
        return {
            "title": self.title,
            "new_url": reverse(self.create_url_name)
            if self.create_url_name and user.has_perm(self.create_permission)
            else "",
            "new_label": self.create_label,
            "export_url": reverse(self.export_url_name)
            if self.export_url_name and user.has_perm(self.export_permission)
            else "",
        }

    def get_context_data(self, **kwargs):
        filterset = self.get_filterset()
        page = keyset_page(
            self.filtered_queryset(filterset),
            self.ordering(),
            self.paginate_by,
            after=self.request.GET.get("after"),
            before=self.request.GET.get("before"),
        )
        query = self.request.GET.copy()
        for name in CURSOR_PARAMS:
            query.pop(name, None)
        return super().get_context_data(
            filter=filterset,
            page=page,
            object_list=page.object_list,
            query_without_cursor=query.urlencode(),
            sort_options=[(key, label) for key, (label, _ordering) in self.sort_options.items()],
            current_sort=self.sort_key(),
            **self.toolbar(),
            **kwargs,
        )


class FilteredExportView(FilteredQuerysetMixin, View):
    """Sends the filtered rows as CSV, or as XLSX with `format=xlsx`, and writes an audit entry."""

    export_permission: str = ""
    filename: str = "export.csv"  # the XLSX download swaps the extension
    formats = ("csv", "xlsx")
    # On PostgreSQL the database writes the CSV (COPY), when every column can be written in SQL;
    # False forces the Python writer (same bytes, see core.csv_export).
    copy_on_postgresql = True

    def columns(self) -> list[Column]:
        raise NotImplementedError

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
        if file_format == "xlsx":
            filename = self.filename.rsplit(".", 1)[0] + ".xlsx"
            title = str(queryset.model._meta.verbose_name_plural).capitalize()
            return xlsx_response(filename, self.columns(), queryset, title=title)
        return csv_response(self.filename, self.columns(), queryset, use_copy=self.copy_on_postgresql)
