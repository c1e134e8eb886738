"""What is recorded inside a case: the return home, commitments, follow-ups,
referrals, consents, and the downloads of their signed scans."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from django.views.generic import FormView

from cases import services
from cases.access import (
    get_case_for_user,
    get_commitment_for_user,
    get_consent_for_user,
    get_follow_up_for_user,
    get_referral_for_user,
    get_sharing_request_for_user,
)
from cases.exports import FOLLOW_UP_ANNOTATIONS, follow_up_columns
from cases.filters import FollowUpFilter
from cases.forms import (
    CommitmentForm,
    ConsentWithdrawForm,
    FollowUpRecordForm,
    FollowUpScheduleForm,
    HomeReturnForm,
    ReferralForm,
    ReferralUpdateForm,
    SharingDecisionForm,
    SharingRequestForm,
)
from cases.lists import FOLLOW_UP_COLUMNS, FOLLOW_UP_ROW_FIELDS, follow_up_row_css
from cases.models import Case, FollowUp, HomeReturn
from core.audit import AuditedFormMixin, log_access
from core.files import attachment_response
from core.lists.views import FilteredExportView, FilteredListView
from core.session import KeepsTypedInput


class CaseRecordFormView(KeepsTypedInput, FormView):
    """A form that adds or changes something inside one case the user may edit."""

    template_name = "cases/form.html"
    title = ""

    def dispatch(self, request, *args, **kwargs):
        self.case = get_case_for_user(request.user, kwargs["pk"], write=True)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, case=self.case, **kwargs)

    def save(self, form) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.save(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not do this."))
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.case)


class HomeReturnView(AuditedFormMixin, CaseRecordFormView):
    form_class = HomeReturnForm
    title = gettext_lazy("Return home")
    success_message = gettext_lazy("Return home saved.")

    def audited_object(self) -> Case:
        return self.case

    def get_form_kwargs(self):
        instance = HomeReturn.objects.filter(case=self.case).first() or HomeReturn(case=self.case)
        return {**super().get_form_kwargs(), "instance": instance}

    def save(self, form):
        services.home_return_record(actor=self.request.user, home_return=form.save(commit=False))


class CommitmentCreateView(CaseRecordFormView):
    form_class = CommitmentForm
    title = gettext_lazy("Signed commitment (surat pernyataan)")
    success_message = gettext_lazy("Commitment recorded.")

    def save(self, form):
        commitment = form.save(commit=False)
        commitment.case = self.case
        services.commitment_record(actor=self.request.user, commitment=commitment)


class FollowUpScheduleView(CaseRecordFormView):
    form_class = FollowUpScheduleForm
    title = gettext_lazy("Schedule a follow-up")
    success_message = gettext_lazy("Follow-up scheduled.")

    def save(self, form):
        follow_up = form.save(commit=False)
        follow_up.case = self.case
        services.follow_up_schedule(actor=self.request.user, follow_up=follow_up)


class ReferralCreateView(CaseRecordFormView):
    form_class = ReferralForm
    title = gettext_lazy("Refer to another agency")
    success_message = gettext_lazy("Referral recorded.")

    def get_form_kwargs(self):
        consented = services.has_sharing_consent(self.case.participant)
        return {**super().get_form_kwargs(), "user": self.request.user, "consented": consented}

    def save(self, form):
        referral = form.save(commit=False)
        referral.case = self.case
        reason = form.sharing_request_reason if "identity" in form.fields else ""
        services.referral_send(actor=self.request.user, referral=referral, sharing_request_reason=reason)
        if reason:
            self.success_message = _("Referral recorded without her identity; a supervisor has been asked to share it.")


class CaseRecordEditView(AuditedFormMixin, CaseRecordFormView):
    """Changes one existing record of a case, found through its access helper."""

    get_record = None  # e.g. staticmethod(get_follow_up_for_user)

    def audited_object(self):
        return self.record

    def dispatch(self, request, *args, **kwargs):
        self.record = self.get_record(request.user, kwargs["pk"], write=True)
        self.case = self.record.case
        return FormView.dispatch(self, request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.record}


class FollowUpRecordView(CaseRecordEditView):
    form_class = FollowUpRecordForm
    get_record = staticmethod(get_follow_up_for_user)
    title = gettext_lazy("Record a follow-up contact")
    success_message = gettext_lazy("Follow-up recorded.")

    def save(self, form):
        services.follow_up_record(
            actor=self.request.user, follow_up=form.save(commit=False), next_due_on=form.cleaned_data["next_due_on"]
        )

    def get_context_data(self, **kwargs):
        # Her phone, to call or message her from this page (the field worker's phone).
        return super().get_context_data(contact=self.case.participant, **kwargs)


class ReferralRecordView(CaseRecordEditView):
    """A form on one referral, shown above it."""

    get_record = staticmethod(get_referral_for_user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(referral=self.record, **kwargs)


class ReferralUpdateView(ReferralRecordView):
    form_class = ReferralUpdateForm
    title = gettext_lazy("Update referral")
    success_message = gettext_lazy("Referral updated.")

    def save(self, form):
        services.referral_update(actor=self.request.user, referral=form.save(commit=False))


class ReferralQuestionView(ReferralRecordView):
    """A form about a referral's sharing that is not an edit of its fields: a request, a decision."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        del kwargs["instance"]
        return kwargs


class ReferralSharingRequestView(ReferralQuestionView):
    """A caseworker asks a supervisor to share the identity of a participant who has not
    consented, for a referral sent without it: later than when sending it, or again after a
    refusal. The request waits on the supervisors' home page."""

    form_class = SharingRequestForm
    title = gettext_lazy("Ask a supervisor to share her identity")
    success_message = gettext_lazy("A supervisor has been asked to share her identity.")

    def save(self, form):
        services.referral_request_sharing(
            actor=self.request.user, referral=self.record, reason=form.cleaned_data["reason"]
        )


class ReferralSharingDecisionView(ReferralQuestionView):
    """A supervisor grants or refuses a caseworker's request to share the identity
    of a participant who has not consented (from the home page's panel)."""

    form_class = SharingDecisionForm
    get_record = staticmethod(get_sharing_request_for_user)
    title = gettext_lazy("Share her identity without consent?")
    success_message = gettext_lazy("Decision recorded.")

    def save(self, form):
        services.referral_decide_sharing(
            actor=self.request.user,
            referral=self.record,
            grant=form.cleaned_data["decision"] == "grant",
            reason=form.cleaned_data["reason"],
        )


class ConsentWithdrawView(KeepsTypedInput, FormView):
    form_class = ConsentWithdrawForm
    template_name = "cases/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.consent = get_consent_for_user(request.user, kwargs["pk"], write=True)
        self.participant = self.consent.participant
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.consent}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Withdraw consent"), participant=self.participant, **kwargs)

    def form_valid(self, form):
        try:
            services.consent_withdraw(
                actor=self.request.user,
                consent=self.consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                note=form.cleaned_data["withdrawal_note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Consent withdrawal recorded."))
        return redirect(self.participant)


@require_safe
def commitment_scan(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request.user, pk)
    if not commitment.scan:
        raise Http404
    log_access(request, commitment, "download", detail=commitment.scan.name)
    return attachment_response(commitment.scan, f"commitment-{commitment.case.number}-{commitment.pk}")


@require_safe
def consent_scan(request: HttpRequest, pk: int) -> HttpResponse:
    consent = get_consent_for_user(request.user, pk)
    if not consent.scan:
        raise Http404
    log_access(request, consent, "download", detail=consent.scan.name)
    return attachment_response(consent.scan, f"consent-{consent.participant.code}-{consent.pk}")


class FollowUpQuerysetMixin:
    filterset_class = FollowUpFilter
    sort_options = {
        "due": (gettext_lazy("Due date"), ["due_on", "id"]),
        "due_desc": (gettext_lazy("Due date, latest first"), ["-due_on", "-id"]),
    }
    default_sort = "due"

    def get_queryset(self):
        return FollowUp.objects.visible_to(self.request.user)


class FollowUpListView(PermissionRequiredMixin, FollowUpQuerysetMixin, FilteredListView):
    permission_required = "cases.view_followup"
    template_name = "cases/followup_list.html"
    title = gettext_lazy("Follow-ups")
    export_url_name, export_permission = "cases:follow-up-export", "cases.export_case"
    columns = FOLLOW_UP_COLUMNS
    row_fields = FOLLOW_UP_ROW_FIELDS

    def row_css(self, follow_up) -> str:
        return follow_up_row_css(follow_up)


class FollowUpExportView(PermissionRequiredMixin, FollowUpQuerysetMixin, FilteredExportView):
    permission_required = "cases.export_case"
    filename = gettext_lazy("follow-ups")

    def get_queryset(self):
        return FollowUp.objects.visible_to(self.request.user).annotate(**FOLLOW_UP_ANNOTATIONS)

    def columns(self):
        return follow_up_columns(self.request.user)
