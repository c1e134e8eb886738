"""The list + filter + export pattern, written once for every app.

A list page and its download share one FilterSet, so the file always holds
exactly the rows the screen shows: the download lives at the list's URL plus
`export/` with the same query string.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.views.generic import TemplateView, View

from core.audit import log_export
from core.csv_export import Column, csv_response
from core.pagination import keyset_page

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

    def get_filterset(self):
        return self.filterset_class(self.request.GET or None, queryset=self.get_queryset(), request=self.request)

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
    """Streams the filtered rows as CSV and writes an audit entry."""

    export_permission: str = ""
    filename: str = "export.csv"

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def get(self, request, *args, **kwargs) -> HttpResponse:
        if self.export_permission and not request.user.has_perm(self.export_permission):
            raise PermissionDenied
        filterset = self.get_filterset()
        queryset = self.filtered_queryset(filterset).order_by(*self.ordering())
        log_export(request, queryset.model, detail=request.GET.urlencode())
        return csv_response(self.filename, self.columns(), queryset)
