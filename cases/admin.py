"""Supervisors' admin for the cases app. It is no side door: every save here goes
through cases.services, as in the app (version check, timeline, audit). Nothing is
added here (records are made in the app, in their case's context) and nothing is
deleted (cases are archived, see cases.services.case_archive). The workflow fields
(status, caseworker, closure, archive) are read-only and move only through the
case list's actions, which call the same services as the app's buttons."""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action
from unfold.widgets import UnfoldAdminSelectWidget, UnfoldAdminTextInputWidget

from cases import services, timeline
from cases.exports import CASE_ANNOTATIONS, FOLLOW_UP_ANNOTATIONS, case_columns, follow_up_columns, participant_columns
from cases.forms import (
    CaseEditForm,
    ConsentWithdrawForm,
    HomeReturnForm,
    ParticipantForm,
    ReassignForm,
    ReferralUpdateForm,
)
from cases.models import (
    Case,
    Commitment,
    Consent,
    FollowUp,
    HomeReturn,
    Participant,
    Referral,
    TimelineEntry,
)
from core.admin_base import ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin, error_text
from core.admin_scale import QuickRelatedDropdownFilter, export_action
from core.locking import ConcurrentEditError


class ParticipantAdminForm(ParticipantForm):
    def check_warnings(self, warnings: list[str]) -> None:
        # The admin's page has no place for the app's warnings box: they go in the error.
        self.warnings = warnings
        if warnings and not self.cleaned_data.get("confirm"):
            raise forms.ValidationError([*warnings, _("Please check the warnings and tick the confirmation to save.")])


@admin.register(Participant)
class ParticipantAdmin(ServiceAdmin):
    form = ParticipantAdminForm
    list_display = ["code", "full_name", "sex", "origin_regency", "welfare_category", "created_at"]
    list_filter = ["sex", "welfare_category", ("origin_regency__province", QuickRelatedDropdownFilter)]
    list_select_related = ["origin_regency"]
    search_fields = ["code__exact", "full_name", "alias", "nik__exact"]  # exact: the unique indexes answer
    actions = [export_action(participant_columns, "cases.export_case", "participants.xlsx")]
    date_range = "created_at"
    fields = ["code", *ParticipantForm.Meta.fields, "confirm", "created_by", "created_at"]
    readonly_fields = ["code", "created_by", "created_at"]
    autocomplete_fields = ["origin_regency"]

    def save_model(self, request, obj, form, change) -> None:
        services.participant_update(
            actor=request.user, participant=obj, fields=form.changed_fields, expected_version=form.loaded_version
        )


class TimelineEntryTextMixin:
    """A timeline entry's kind and sentence, in the reader's language (cases.timeline)."""

    @admin.display(description=_("kind"))
    def kind_label(self, entry: TimelineEntry) -> str:
        return entry.kind_label

    @admin.display(description=_("text"))
    def text(self, entry: TimelineEntry) -> str:
        return entry.text


class TimelineKindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return timeline.choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class TimelineInline(TimelineEntryTextMixin, ReadOnlyInline):
    model = TimelineEntry
    fields = ["at", "kind_label", "text", "actor"]
    readonly_fields = fields


class FollowUpInline(ReadOnlyInline):
    model = FollowUp
    fields = ["due_on", "done_on", "channel", "outcome", "cancelled_on"]
    readonly_fields = fields


class ReassignActionForm(ReassignForm):
    version = None  # each case's own version is checked when it is saved

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].widget = UnfoldAdminSelectWidget(choices=self.fields["caseworker"].choices)
        self.fields["reason"].widget = UnfoldAdminTextInputWidget()


@admin.register(Case)
class CaseAdmin(ServiceAdmin):
    form = CaseEditForm
    list_display = ["number", "participant", "status", "priority", "caseworker", "opened_on", "archived_at"]
    list_filter = ["status", "priority", "source", "caseworker", "archived_at"]
    list_select_related = ["participant", "caseworker"]
    search_fields = ["number__exact", "participant__code__exact", "participant__full_name", "participant__nik__exact"]
    date_range = "opened_on"
    fields = [
        "number",
        "participant",
        "opened_on",
        "source",
        "caseworker",
        "status",
        "priority",
        "summary",
        "closure_requested_at",
        "closure_reason",
        "closed_on",
        "archived_at",
    ]
    # The workflow moves only through the actions below (cases.services).
    readonly_fields = [
        "number",
        "participant",
        "opened_on",
        "caseworker",
        "status",
        "closure_requested_at",
        "closure_reason",
        "closed_on",
        "archived_at",
    ]
    inlines = [FollowUpInline, TimelineInline]
    actions = [
        export_action(case_columns, "cases.export_case", "cases.xlsx", CASE_ANNOTATIONS),
        "reassign",
        "approve_closure",
        "decline_closure",
        "archive",
        "reopen",
    ]
    actions_detail = ["reassign_on_page"]

    def save_model(self, request, obj, form, change) -> None:
        services.case_update(
            actor=request.user, case=obj, fields=form.changed_fields, expected_version=form.loaded_version
        )

    def has_reassign_permission(self, request, object_id=None) -> bool:
        return request.user.has_perm("cases.view_all_cases")

    def has_approve_permission(self, request) -> bool:
        return request.user.has_perm("cases.approve_closure")

    def run_each(self, request, queryset, service, done_message: Callable[[int], str], **kwargs) -> None:
        """Run `service` on each selected case, at the version it has now; report each refusal."""
        done = 0
        for case in queryset.select_related("caseworker"):
            try:
                service(actor=request.user, case=case, expected_version=case.version, **kwargs)
            except (ValidationError, ConcurrentEditError, PermissionDenied) as error:
                self.message_user(request, f"{case.number}: {error_text(error)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done) % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Reassign to another caseworker"), permissions=["reassign"])
    def reassign(self, request, queryset):
        form = ReassignActionForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self.run_each(
                request,
                queryset,
                services.case_reassign,
                lambda done: ngettext("%(count)d case reassigned.", "%(count)d cases reassigned.", done),
                caseworker=form.cleaned_data["caseworker"],
                reason=form.cleaned_data["reason"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reassign cases"),
            "opts": self.model._meta,
            "form": form,
            "cases": queryset,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/cases/case/reassign.html", context)

    # A permission method, not "cases.view_all_cases": Unfold's system check would look
    # a dotted permission up in the database, before `migrate` has made it.
    @action(description=_("Reassign"), url_path="reassign", permissions=["reassign"])
    def reassign_on_page(self, request, object_id):
        # The app's reassign page: the same form and service as the list's action.
        return redirect("cases:case-reassign", object_id)

    @admin.action(description=_("Approve the requested closure"), permissions=["approve"])
    def approve_closure(self, request, queryset):
        def message(done: int) -> str:
            return ngettext("%(count)d case closed.", "%(count)d cases closed.", done)

        self.run_each(request, queryset, services.case_approve_closure, message)

    @admin.action(description=_("Decline the requested closure"), permissions=["approve"])
    def decline_closure(self, request, queryset):
        def message(done: int) -> str:
            return ngettext("%(count)d closure request declined.", "%(count)d closure requests declined.", done)

        self.run_each(request, queryset, services.case_reject_closure, message)

    @admin.action(description=_("Archive closed cases"), permissions=["approve"])
    def archive(self, request, queryset):
        def message(done: int) -> str:
            return ngettext("%(count)d case archived.", "%(count)d cases archived.", done)

        self.run_each(request, queryset, services.case_archive, message)

    @admin.action(description=_("Reopen the selected closed cases"), permissions=["approve"])
    def reopen(self, request, queryset):
        def message(done: int) -> str:
            return ngettext("%(count)d case reopened.", "%(count)d cases reopened.", done)

        reason = gettext("Reopened by a supervisor in the administration.")
        self.run_each(request, queryset, services.case_reopen, message, reason=reason)


@admin.register(HomeReturn)
class HomeReturnAdmin(ServiceAdmin):
    form = HomeReturnForm
    list_display = ["case", "arrangement", "travel_mode", "destination_regency", "departed_on", "arrived_on"]
    list_filter = ["arrangement", "travel_mode"]
    list_select_related = ["case", "destination_regency"]
    search_fields = ["case__number", "case__participant__code"]
    date_range = "departed_on"
    fields = ["case", *HomeReturnForm.Meta.fields, "recorded_by"]
    readonly_fields = ["case", "recorded_by"]

    def save_model(self, request, obj, form, change) -> None:
        services.home_return_record(actor=request.user, home_return=obj)


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "signed_on", "witness"]
    list_select_related = ["case"]
    search_fields = ["case__number", "case__participant__code"]
    date_range = "signed_on"
    # The scan is downloaded from the case page, through the audited view.
    fields = ["case", "kind", "signed_on", "witness", "recorded_by"]


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["case", "due_on", "done_on", "channel", "outcome", "cancelled_on"]
    list_filter = [
        "channel",
        "outcome",
        ("done_on", admin.EmptyFieldListFilter),
        ("cancelled_on", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["case"]
    actions = [export_action(follow_up_columns, "cases.export_case", "follow-ups.xlsx", FOLLOW_UP_ANNOTATIONS)]
    search_fields = ["case__number", "case__participant__code"]
    date_range = "due_on"
    fields = ["case", "due_on", "done_on", "channel", "outcome", "notes", "cancelled_on", "recorded_by"]


@admin.register(Referral)
class ReferralAdmin(ServiceAdmin):
    form = ReferralUpdateForm
    list_display = ["case", "agency", "agency_name", "status", "sent_on"]
    list_filter = ["agency", "status"]
    list_select_related = ["case"]
    search_fields = ["case__number", "agency_name"]
    date_range = "sent_on"
    fields = [
        "case",
        "agency",
        "agency_name",
        "agency_regency",
        "reason",
        "shares_personal_data",
        "consent_override_reason",
        "consent_override_by",
        "sharing_requested_at",
        "sharing_requested_by",
        "sharing_request_reason",
        "status",
        "sent_on",
        "reply",
        "recorded_by",
    ]
    readonly_fields = [name for name in fields if name not in ReferralUpdateForm.Meta.fields]

    def save_model(self, request, obj, form, change) -> None:
        services.referral_update(actor=request.user, referral=obj)


class ConsentAdminForm(ConsentWithdrawForm):
    """The admin's consent page saves one thing: a withdrawal, if one is entered."""

    today_fields = ()  # empty unless a withdrawal is entered: saving must not withdraw

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].required = False

    def clean_withdrawn_on(self):
        return super().clean_withdrawn_on() if self.cleaned_data.get("withdrawn_on") else None


@admin.register(Consent)
class ConsentAdmin(ServiceAdmin):
    form = ConsentAdminForm
    list_display = ["participant", "purpose", "given_on", "withdrawn_on"]
    list_filter = ["purpose", ("withdrawn_on", admin.EmptyFieldListFilter)]
    list_select_related = ["participant"]
    search_fields = ["participant__code"]
    fields = ["participant", "purpose", "text_version", "given_on", "recorded_by", "withdrawn_on", "withdrawal_note"]
    readonly_fields = ["participant", "purpose", "text_version", "given_on", "recorded_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        # A withdrawal is recorded once.
        return super().has_change_permission(request, obj) and not (obj and obj.withdrawn_on)

    def save_model(self, request, obj, form, change) -> None:
        if form.cleaned_data["withdrawn_on"]:
            services.consent_withdraw(
                actor=request.user,
                consent=obj,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                note=form.cleaned_data["withdrawal_note"],
            )


@admin.register(TimelineEntry)
class TimelineEntryAdmin(TimelineEntryTextMixin, ReadOnlyAdmin):
    list_display = ["case", "at", "kind_label", "actor"]
    list_filter = [TimelineKindFilter]
    list_select_related = ["case", "actor"]
    search_fields = ["case__number"]
    date_range = "at"
    fields = ["case", "at", "kind_label", "text", "actor"]
    readonly_fields = fields
