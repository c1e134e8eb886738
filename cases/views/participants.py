from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.generic import FormView

from cases import services
from cases.access import get_participant_for_user
from cases.exports import participant_columns
from cases.filters import ParticipantFilter
from cases.forms import ConsentForm, ParticipantForm
from cases.lists import PARTICIPANT_COLUMNS
from cases.models import Case, Participant
from core.audit import AuditedFormMixin, audit_history, log_access
from core.lists.views import FilteredExportView, FilteredListView
from core.locking import ConcurrentEditError


class ParticipantQuerysetMixin:
    filterset_class = ParticipantFilter
    sort_options = {
        "newest": (gettext_lazy("Newest first"), ["-created_at", "-id"]),
        "oldest": (gettext_lazy("Oldest first"), ["created_at", "id"]),
    }
    default_sort = "newest"

    def get_queryset(self):
        return Participant.objects.visible_to(self.request.user)


class ParticipantListView(PermissionRequiredMixin, ParticipantQuerysetMixin, FilteredListView):
    permission_required = "cases.view_participant"
    template_name = "cases/participant_list.html"
    title = gettext_lazy("Participants")
    create_url_name, create_permission = "cases:participant-create", "cases.add_participant"
    create_label = gettext_lazy("Register a participant")
    export_url_name, export_permission = "cases:participant-export", "cases.export_case"
    columns = PARTICIPANT_COLUMNS


class ParticipantExportView(PermissionRequiredMixin, ParticipantQuerysetMixin, FilteredExportView):
    permission_required = "cases.export_case"
    filename = "participants.csv"

    def columns(self):
        return participant_columns(self.request.user)


@require_safe
def participant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_participant_for_user(request.user, pk)
    log_access(request, participant, "view")
    cases = Case.objects.visible_to(request.user).filter(participant=participant).select_related("caseworker")
    context = {
        "participant": participant,
        "cases": cases,
        "consents": participant.consents.select_related("recorded_by"),
        "can_edit": request.user.has_perm("cases.change_participant"),
        "history": audit_history(request.user, participant),
    }
    return render(request, "cases/participant_detail.html", context)


class ParticipantCreateView(PermissionRequiredMixin, FormView):
    permission_required = "cases.add_participant"
    form_class = ParticipantForm
    template_name = "cases/form.html"
    extra_context = {"title": gettext_lazy("Register a participant")}

    def form_valid(self, form):
        try:
            participant = services.participant_register(
                actor=self.request.user,
                participant=form.save(commit=False),
                duplicates_checked=form.cleaned_data["confirm"],
            )
        except ValidationError as error:  # registered meanwhile, in another tab
            if error.code == "possible_duplicate":
                form.warnings = error.messages
                form.add_error(None, _("Please check the warnings and tick the confirmation to save."))
            else:
                form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Participant %(code)s registered. Now open her case.") % {"code": participant.code},
        )
        return redirect(f"{redirect('cases:case-create').url}?participant={participant.pk}")


class ParticipantEditView(AuditedFormMixin, FormView):
    form_class = ParticipantForm
    template_name = "cases/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.participant = get_participant_for_user(request.user, kwargs["pk"], write=True)
        return super().dispatch(request, *args, **kwargs)

    def audited_object(self) -> Participant:
        return self.participant

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.participant}

    def get_context_data(self, **kwargs):
        title = _("Edit participant %(code)s") % {"code": self.participant.code}
        return super().get_context_data(title=title, participant=self.participant, **kwargs)

    def form_valid(self, form):
        try:
            services.participant_update(
                actor=self.request.user,
                participant=form.instance,
                fields=form.changed_fields,
                expected_version=form.loaded_version,
            )
        except ConcurrentEditError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Participant saved."))
        return redirect(form.instance)


class ConsentCreateView(FormView):
    form_class = ConsentForm
    template_name = "cases/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.participant = get_participant_for_user(request.user, kwargs["pk"], write=True)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        title = _("Record consent of %(code)s") % {"code": self.participant.code}
        return super().get_context_data(title=title, participant=self.participant, **kwargs)

    def form_valid(self, form):
        consent = form.save(commit=False)
        consent.participant = self.participant
        try:
            services.consent_record(actor=self.request.user, consent=consent)
        except ValidationError as error:  # recorded meanwhile, in another tab
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Consent recorded."))
        return redirect(self.participant)
