"""The monthly round's download: the plan page's rows for the chosen month (and state), all of
them (the page shows the first 50), as CSV or XLSX under the rules of every export."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from core.lists.views import FilteredExportView
from venues.exports import plan_columns, plan_rows
from venues.filters import PlanFilter
from venues.models import Venue
from venues.rounds import STATE_LABELS, monthly_round, parse_month


class PlanExportView(PermissionRequiredMixin, FilteredExportView):
    permission_required = "venues.export_venue"
    export_permission = "venues.export_venue"
    filterset_class = PlanFilter
    sort_options = {"name": (gettext_lazy("Name"), ["name", "id"])}
    default_sort = "name"

    def get_queryset(self):
        return Venue.objects.visible_to(self.request.user)

    def month(self):
        return parse_month(self.request.GET.get("month"))  # as the plan page reads it

    def get_filename(self) -> str:
        # "rencana-pemeriksaan-2026-11" then the download's date: which month, and when.
        return str(format_lazy("{}-{:%Y-%m}", gettext_lazy("monthly round"), self.month()))

    def columns(self):
        return plan_columns()

    def export_rows(self, queryset):
        rows = monthly_round(queryset, self.month())  # the page's rows, in its order
        state = self.request.GET.get("state", "")
        if state in STATE_LABELS:
            rows = [row for row in rows if row.state == state]
        return plan_rows(queryset, rows)
