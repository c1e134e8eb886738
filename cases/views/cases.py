from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import FormView

from cases import services
from cases.access import can_edit_case, get_case_for_user, get_participant_for_user
from cases.exports import CASE_ANNOTATIONS, case_columns
from cases.filters import CaseFilter
from cases.forms import CaseEditForm, CaseForm, ClosureRequestForm, ReassignForm, ReopenForm, open_case_error
from cases.lists import CASE_COLUMNS
from cases.models import WORKFLOW, Case, CaseStatus, Participant
from core.audit import AuditedFormMixin, audit_history, log_access
from core.lists.views import FilteredExportView, FilteredListView
from core.locking import ConcurrentEditError
from core.panels import sections_for
from core.params import int_param
from core.session import KeepsTypedInput


class CaseQuerysetMixin:
    filterset_class = CaseFilter
    sort_options = {
        "newest": (gettext_lazy("Newest first"), ["-opened_on", "-id"]),
        "oldest": (gettext_lazy("Oldest first"), ["opened_on", "id"]),
    }
    default_sort = "newest"

    def get_queryset(self):
        # What the rows read follows from the columns (FilteredListView.list_queryset; the export's
        # values_list() from its Column sources): no select_related or .only() here.
        return Case.objects.visible_to(self.request.user).active()


class CaseListView(PermissionRequiredMixin, CaseQuerysetMixin, FilteredListView):
    permission_required = "cases.view_case"
    template_name = "cases/case_list.html"
    title = gettext_lazy("Cases")
    create_url_name, create_permission = "cases:case-create", "cases.add_case"
    create_label = gettext_lazy("Open a case")
    export_url_name, export_permission = "cases:case-export", "cases.export_case"
    columns = CASE_COLUMNS


class CaseExportView(PermissionRequiredMixin, CaseQuerysetMixin, FilteredExportView):
    permission_required = "cases.export_case"
    filename = gettext_lazy("cases")

    def get_queryset(self):
        # The export reads plain values; select_related would only widen the SELECT.
        return Case.objects.visible_to(self.request.user).active().annotate(**CASE_ANNOTATIONS)

    def columns(self):
        return case_columns(self.request.user)


@require_safe  # a page to read: a POST to it is refused (the route x role matrix's POST column)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    log_access(request, case, "view")
    participant = case.participant
    context = {
        "case": case,
        "participant": participant,
        "home_return": getattr(case, "home_return", None),
        "timeline": case.timeline.select_related("actor")[:200],
        "follow_ups": case.follow_ups.select_related("recorded_by"),
        "commitments": case.commitments.all(),
        "referrals": case.referrals.select_related("consent_override_by", "sharing_requested_by"),
        "workflow": WORKFLOW,
        "next_steps": [
            (value, CaseStatus(value).label) for value in case.allowed_transitions() if value != CaseStatus.CLOSED
        ],
        "workflow_index": WORKFLOW.index(case.status),
        "can_edit": can_edit_case(request.user, case),
        "can_approve": request.user.has_perm("cases.approve_closure"),
        "can_reassign": request.user.has_perm("cases.view_all_cases"),
        "closure_form": ClosureRequestForm(initial={"version": case.version}),
        "reopen_form": ReopenForm(initial={"version": case.version}),
        "history": audit_history(request.user, case),
        "app_sections": sections_for(request, "case", case),
    }
    return render(request, "cases/case_detail.html", context)


class CaseCreateView(PermissionRequiredMixin, KeepsTypedInput, FormView):
    permission_required = "cases.add_case"
    form_class = CaseForm
    template_name = "cases/form.html"
    extra_context = {"title": gettext_lazy("Open a case")}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["participants"] = Participant.objects.visible_to(self.request.user)
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        if (participant_id := int_param(self.request.GET.get("participant"))) is not None:
            initial["participant"] = get_participant_for_user(self.request.user, participant_id).pk
        return initial

    def form_valid(self, form):
        case = form.save(commit=False)
        if not self.request.user.has_perm("cases.view_all_cases"):
            case.caseworker = self.request.user
        try:
            services.case_open(actor=self.request.user, case=case)
        except services.OpenCaseExists as error:  # opened meanwhile, in another tab or by a colleague
            form.add_error("participant", open_case_error(error.case))
            return self.form_invalid(form)
        messages.success(self.request, _("Case %(number)s opened.") % {"number": case.number})
        return redirect(case)


class CaseEditView(AuditedFormMixin, KeepsTypedInput, FormView):
    form_class = CaseEditForm
    template_name = "cases/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.case = get_case_for_user(request.user, kwargs["pk"], write=True)
        return super().dispatch(request, *args, **kwargs)

    def audited_object(self) -> Case:
        return self.case

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.case}

    def get_context_data(self, **kwargs):
        title = _("Edit case %(number)s") % {"number": self.case}
        return super().get_context_data(title=title, case=self.case, **kwargs)

    def form_valid(self, form):
        try:
            services.case_update(
                actor=self.request.user,
                case=form.instance,
                fields=form.changed_fields,
                expected_version=form.loaded_version,
            )
        except ConcurrentEditError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        except ValidationError as error:  # closed meanwhile
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Case saved."))
        return redirect(self.case)


def _version(request: HttpRequest, case: Case) -> int:
    version = int_param(request.POST.get("version"))
    return case.version if version is None else version


def _run(request: HttpRequest, case: Case, action, success: str, **kwargs) -> HttpResponse:
    """Run a state change from a POST button and report the result as a message."""
    try:
        action(actor=request.user, case=case, expected_version=_version(request, case), **kwargs)
    except ConcurrentEditError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(case)


@require_POST
def case_transition(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, write=True)
    to_status = request.POST.get("to", "")
    if to_status not in CaseStatus.values:
        messages.error(request, _("Unknown status."))
        return redirect(case)
    return _run(
        request,
        case,
        services.case_transition,
        _("Status changed to %(status)s.") % {"status": CaseStatus(to_status).label},
        to_status=to_status,
    )


@require_POST
def case_request_closure(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk, write=True)
    form = ClosureRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for closing."))
        return redirect(case)
    return _run(
        request,
        case,
        services.case_request_closure,
        _("Closure requested; a supervisor will review it."),
        reason=form.cleaned_data["reason"],
    )


@require_POST
def case_approve_closure(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("cases.approve_closure"):
        raise PermissionDenied
    case = get_case_for_user(request.user, pk)
    return _run(request, case, services.case_approve_closure, _("Case closed."))


@require_POST
def case_reject_closure(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("cases.approve_closure"):
        raise PermissionDenied
    case = get_case_for_user(request.user, pk)
    return _run(request, case, services.case_reject_closure, _("Closure request declined."))


@require_POST
def case_archive(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("cases.approve_closure"):
        raise PermissionDenied
    case = get_case_for_user(request.user, pk)
    return _run(request, case, services.case_archive, _("Case archived."))


@require_POST
def case_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("cases.approve_closure"):
        raise PermissionDenied
    case = get_case_for_user(request.user, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for reopening."))
        return redirect(case)
    return _run(request, case, services.case_reopen, _("Case reopened."), reason=form.cleaned_data["reason"])


def case_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("cases.view_all_cases"):
        raise PermissionDenied
    case = get_case_for_user(request.user, pk)
    form = ReassignForm(request.POST or None, initial={"caseworker": case.caseworker_id, "version": case.version})
    if request.method == "POST" and form.is_valid():
        return _run(
            request,
            case,
            services.case_reassign,
            _("Case reassigned."),
            caseworker=form.cleaned_data["caseworker"],
            reason=form.cleaned_data["reason"],
        )
    return render(request, "cases/form.html", {"form": form, "case": case, "title": _("Reassign case")})
