"""Cohort pages: the list (the app's front page), its download, a cohort, its report."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import FormView

from core.audit import log_access
from core.lists.views import FilteredExportView, FilteredListView
from core.locking import ConcurrentEditError
from trainings import reports, services
from trainings.access import can_manage, get_cohort_for_user
from trainings.exports import cohort_columns
from trainings.filters import CohortFilter
from trainings.forms import BudgetFormSet, CohortForm, budget_lines
from trainings.lists import COHORT_COLUMNS
from trainings.models import (
    Cohort,
    CohortStatus,
    Enrollment,
)


class CohortQuerysetMixin:
    filterset_class = CohortFilter
    sort_options = {
        "newest": (gettext_lazy("Newest first"), ["-starts_on", "-id"]),
        "oldest": (gettext_lazy("Oldest first"), ["starts_on", "id"]),
    }
    default_sort = "newest"

    def get_queryset(self):
        return Cohort.objects.visible_to(self.request.user)


class CohortListView(PermissionRequiredMixin, CohortQuerysetMixin, FilteredListView):
    permission_required = "trainings.view_cohort"
    template_name = "trainings/cohort_list.html"
    title = gettext_lazy("Training cohorts")
    create_url_name, create_permission = "trainings:cohort-create", "trainings.manage_trainings"
    create_label = gettext_lazy("New cohort")
    export_url_name, export_permission = "trainings:cohort-export", "trainings.export_trainings"
    columns = COHORT_COLUMNS  # which also say what the list's query loads


class CohortExportView(PermissionRequiredMixin, CohortQuerysetMixin, FilteredExportView):
    permission_required = "trainings.export_trainings"
    filename = "cohorts.csv"

    def columns(self):
        return cohort_columns(self.request.user)


@require_safe
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk)
    enrollments = list(Enrollment.objects.visible_to(request.user).filter(cohort=cohort).for_list().order_by("id"))
    if enrollments:
        log_access(request, cohort, "view", detail="trainees")
    shares = services.attendance_shares(cohort) if enrollments else {}
    manage = can_manage(request.user)
    pending = services.kit_pending(cohort) if manage else []
    context = {
        "cohort": cohort,
        "rows": [(e, shares.get(e.pk)) for e in enrollments],
        "sessions": cohort.sessions.annotate(
            marked=Count("attendance"), present=Count("attendance", filter=Q(attendance__status="present"))
        ),
        "kit": cohort.kit.select_related("item"),
        "budget_lines": cohort.budget_lines.all(),
        "can_manage": manage,
        "can_enroll": request.user.has_perm("trainings.add_enrollment") and cohort.is_open_for_enrollment,
        "next_statuses": [
            (value, CohortStatus(value).label) for value in services.COHORT_TRANSITIONS[CohortStatus(cohort.status)]
        ],
        "kit_pending": len(pending),
        "shortages": services.kit_shortages(cohort, pending) if pending else [],
    }
    return render(request, "trainings/cohort_detail.html", context)


class CohortFormView(FormView):
    """The cohort form: the cohort, its kit and its budget lines, saved by one service call."""

    form_class = CohortForm
    template_name = "trainings/cohort_form.html"
    cohort: Cohort | None = None

    def budget_formset(self) -> BudgetFormSet:
        data = self.request.POST if self.request.method == "POST" else None
        return BudgetFormSet(data, instance=self.cohort or Cohort(), prefix="budget")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("budget", self.budget_formset())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form, budget = self.get_form(), self.budget_formset()
        valid = form.is_valid()  # both validated, so that every error shows at once
        if budget.is_valid() and valid:
            try:
                cohort = self.save(form, budget_lines(budget))
            except (ConcurrentEditError, ValidationError) as error:
                form.add_error(None, str(error) if isinstance(error, ConcurrentEditError) else error)
            else:
                messages.success(self.request, _("Cohort %(name)s saved.") % {"name": cohort.name})
                return redirect(cohort)
        return self.render_to_response(self.get_context_data(form=form, budget=budget))

    def save(self, form: CohortForm, budget: list) -> Cohort:
        raise NotImplementedError


class CohortCreateView(PermissionRequiredMixin, CohortFormView):
    permission_required = "trainings.manage_trainings"
    extra_context = {"title": gettext_lazy("New cohort")}

    def get_initial(self):
        return {"coordinator": self.request.user.pk}

    def save(self, form: CohortForm, budget: list) -> Cohort:
        return services.cohort_create(
            actor=self.request.user, cohort=form.save(commit=False), kit=form.kit(), budget=budget
        )


class CohortEditView(CohortFormView):
    def dispatch(self, request, *args, **kwargs):
        self.cohort = get_cohort_for_user(request.user, kwargs["pk"], write=True)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.cohort}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit %(name)s") % {"name": self.cohort}, cohort=self.cohort, **kwargs)

    def save(self, form: CohortForm, budget: list) -> Cohort:
        return services.cohort_update(
            actor=self.request.user,
            cohort=form.instance,
            expected_version=form.loaded_version,
            fields=form.changed_fields,
            kit=form.kit(),
            budget=budget,
        )


def _version(request: HttpRequest, default: int) -> int:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else default


@require_POST
def cohort_status(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk, write=True)
    status = request.POST.get("to", "")
    if status not in CohortStatus.values:
        messages.error(request, _("Unknown status."))
        return redirect(cohort)
    try:
        services.cohort_set_status(
            actor=request.user, cohort=cohort, status=status, expected_version=_version(request, cohort.version)
        )
    except ConcurrentEditError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Status changed to %(status)s.") % {"status": CohortStatus(status).label})
    return redirect(cohort)


@require_POST
def cohort_complete(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk, write=True)
    try:
        completed, missed = services.cohort_complete(actor=request.user, cohort=cohort)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(cohort)
    messages.success(request, _("%(count)d trainees completed.") % {"count": len(completed)})
    if missed:
        messages.warning(
            request, _("Below the attendance rule, not completed: %(codes)s.") % {"codes": ", ".join(missed)}
        )
    return redirect(cohort)


@require_safe
def cohort_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrolled, completed, dropped out, attendance, hand-outs, costs, unmet need, livelihoods."""
    cohort = get_cohort_for_user(request.user, pk)
    if not request.user.has_perm("trainings.view_all_trainees"):
        raise PermissionDenied
    log_access(request, cohort, "report")
    cohorts = Cohort.objects.filter(pk=cohort.pk)
    counts = reports.enrollment_counts(cohorts)
    handed = reports.handed_out(cohorts)
    training_cost = reports.training_cost(cohorts)
    equipment_cost = sum(row["cost"] for row in handed)
    context = {
        "cohort": cohort,
        "counts": counts,
        "attendance_rate": reports.attendance_rate(cohorts),
        "handed": handed,
        "budget_lines": cohort.budget_lines.all(),
        "training_cost": training_cost,
        "equipment_cost": equipment_cost,
        "cost_per_completer": reports.cost_per_completer(training_cost, equipment_cost, counts["completed"]),
        "needs": reports.unmet_needs(cohorts),
        "livelihood": reports.livelihood(cohorts),
    }
    return render(request, "trainings/cohort_report.html", context)
