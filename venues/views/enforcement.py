"""Enforcement actions: the list, the page, and the supervisors' steps
(warning, report to the licensing agency, the agency's decision, closing)."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django.views.generic import FormView

from core.audit import log_access
from core.lists.views import FilteredExportView, FilteredListView
from venues.access import get_enforcement_for_user
from venues.exports import enforcement_annotations, enforcement_columns
from venues.filters import EnforcementFilter
from venues.lists import ENFORCEMENT_COLUMNS, enforcement_row_css
from venues.models import EnforcementAction, Stage
from venues.steps import STEPS, run_step


class EnforcementQuerysetMixin:
    filterset_class = EnforcementFilter
    sort_options = {"newest": (gettext_lazy("Newest first"), ["-inspection_id", "-id"])}
    default_sort = "newest"

    def get_queryset(self):
        return EnforcementAction.objects.visible_to(self.request.user)  # the columns say what to load


class EnforcementListView(PermissionRequiredMixin, EnforcementQuerysetMixin, FilteredListView):
    permission_required = "venues.view_enforcementaction"
    template_name = "venues/enforcement_list.html"
    title = gettext_lazy("Enforcement")
    export_url_name, export_permission = "venues:enforcement-export", "venues.export_venue"
    columns = ENFORCEMENT_COLUMNS
    row_fields = ("stage", "reported_on")

    def row_css(self, obj) -> str:
        return enforcement_row_css(obj)


class EnforcementExportView(PermissionRequiredMixin, EnforcementQuerysetMixin, FilteredExportView):
    permission_required = "venues.export_venue"
    export_permission = "venues.export_venue"
    filename = gettext_lazy("enforcement actions")

    def get_queryset(self):
        return super().get_queryset().annotate(**enforcement_annotations())

    def columns(self):
        return enforcement_columns(self.request.user)


@require_GET
def enforcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_enforcement_for_user(request.user, pk)
    log_access(request, action, "view")
    user = request.user
    steps = action.next_steps()
    context = {
        "action": action,
        "venue": action.venue,
        "can_warn": Stage.WARNED in steps and user.has_perm("venues.escalate_enforcement"),
        "can_report": Stage.REPORTED in steps and user.has_perm("venues.escalate_enforcement"),
        "can_decide": Stage.DECIDED in steps and user.has_perm("venues.record_decision"),
        "can_close": Stage.CLOSED in steps and user.has_perm("venues.escalate_enforcement"),
        "can_print": user.has_perm("venues.escalate_enforcement"),
    }
    return render(request, "venues/enforcement_detail.html", context)


class EnforcementStepView(FormView):
    """One step of the escalation, by a supervisor: a form with the step's date and letter."""

    template_name = "venues/form.html"
    step_name = ""

    def dispatch(self, request, *args, **kwargs):
        self.step = STEPS[self.step_name]
        self.action = get_enforcement_for_user(request.user, kwargs["pk"])
        if not request.user.has_perm(self.step.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return self.step.form_class

    def get_initial(self):
        return {"version": self.action.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.step.title, venue=self.action.venue, back_url=self.action.get_absolute_url(), **kwargs
        )

    def form_valid(self, form):
        if not run_step(self.step, actor=self.request.user, action=self.action, form=form):
            return self.form_invalid(form)
        messages.success(self.request, self.step.done)
        return redirect(self.action)


class WarnView(EnforcementStepView):
    step_name = "warn"


class ReportView(EnforcementStepView):
    step_name = "report"


class DecideView(EnforcementStepView):
    step_name = "decide"


class CloseView(EnforcementStepView):
    step_name = "close"
