"""Enforcement actions: the list, the page, and the supervisors' steps
(warning, report to the licensing agency, the agency's decision, closing)."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django.views.generic import FormView

from core.audit import log_access
from core.lists.views import FilteredListView
from core.locking import ConcurrentEditError
from venues import services
from venues.access import get_enforcement_for_user
from venues.filters import EnforcementFilter
from venues.forms import CloseForm, DecisionForm, ReportForm, WarningForm
from venues.lists import ENFORCEMENT_COLUMNS, enforcement_row_css
from venues.models import EnforcementAction, Stage


class EnforcementListView(PermissionRequiredMixin, FilteredListView):
    permission_required = "venues.view_enforcementaction"
    template_name = "venues/enforcement_list.html"
    title = gettext_lazy("Enforcement")
    filterset_class = EnforcementFilter
    sort_options = {"newest": (gettext_lazy("Newest first"), ["-inspection_id", "-id"])}
    default_sort = "newest"
    columns = ENFORCEMENT_COLUMNS
    row_fields = ("stage", "reported_on")

    def row_css(self, obj) -> str:
        return enforcement_row_css(obj)

    def get_queryset(self):
        return EnforcementAction.objects.visible_to(self.request.user)  # the columns say what to load


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
    permission = "venues.escalate_enforcement"
    title = ""
    success_message = ""

    def dispatch(self, request, *args, **kwargs):
        self.action = get_enforcement_for_user(request.user, kwargs["pk"])
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"version": self.action.version}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=self.title, venue=self.action.venue, back_url=self.action.get_absolute_url(), **kwargs
        )

    def run(self, data: dict) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version", None) or self.action.version
        try:
            self.run(data, expected_version=version)
        except (ValidationError, ConcurrentEditError) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.action)


class WarnView(EnforcementStepView):
    form_class = WarningForm
    title = gettext_lazy("Send the written warning")
    success_message = gettext_lazy("Warning recorded.")

    def run(self, data, expected_version):
        services.enforcement_warn(
            actor=self.request.user, action=self.action, expected_version=expected_version, **data
        )


class ReportView(EnforcementStepView):
    form_class = ReportForm
    title = gettext_lazy("Report to the licensing agency with a recommendation to revoke")
    success_message = gettext_lazy("Report to the licensing agency recorded.")

    def run(self, data, expected_version):
        services.enforcement_report(
            actor=self.request.user, action=self.action, expected_version=expected_version, **data
        )


class DecideView(EnforcementStepView):
    form_class = DecisionForm
    permission = "venues.record_decision"
    title = gettext_lazy("Record the licensing agency's decision")
    success_message = gettext_lazy("The agency's decision was recorded.")

    def run(self, data, expected_version):
        services.enforcement_decide(
            actor=self.request.user, action=self.action, expected_version=expected_version, **data
        )


class CloseView(EnforcementStepView):
    form_class = CloseForm
    title = gettext_lazy("Close without a report")
    success_message = gettext_lazy("Enforcement action closed.")

    def run(self, data, expected_version):
        services.enforcement_close(
            actor=self.request.user, action=self.action, expected_version=expected_version, **data
        )
