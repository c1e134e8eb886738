"""Supervisors' admin for the cases app. Nothing here deletes: cases are
archived (see cases.services.case_archive), and their records stay with them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, TabularInline

from cases import timeline
from cases.forms import HomeReturnForm, ParticipantForm
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


class NoDeleteAdmin(ModelAdmin):
    show_full_result_count = False  # a COUNT(*) per page on growing tables
    list_per_page = 50

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Participant)
class ParticipantAdmin(NoDeleteAdmin):
    list_display = ["code", "full_name", "sex", "origin_regency", "welfare_category", "created_at"]
    list_filter = ["sex", "welfare_category", "origin_regency__province"]
    list_select_related = ["origin_regency"]
    search_fields = ["code", "full_name", "alias", "nik"]
    date_hierarchy = "created_at"
    fields = ["code", *ParticipantForm.Meta.fields, "created_by", "created_at"]
    readonly_fields = ["code", "created_by", "created_at"]
    autocomplete_fields = ["origin_regency"]


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
    fields = ["due_on", "done_on", "channel", "outcome"]
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(NoDeleteAdmin):
    list_display = ["number", "participant", "status", "priority", "caseworker", "opened_on", "archived_at"]
    list_filter = ["status", "priority", "source", "caseworker", "archived_at"]
    list_select_related = ["participant", "caseworker"]
    search_fields = ["number", "participant__code", "participant__full_name"]
    date_hierarchy = "opened_on"
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
    # The workflow (status, closure, archive) moves only through cases.services.
    readonly_fields = ["number", "participant", "status", "closure_requested_at", "closed_on", "archived_at"]
    inlines = [FollowUpInline, TimelineInline]


@admin.register(HomeReturn)
class HomeReturnAdmin(NoDeleteAdmin):
    list_display = ["case", "arrangement", "travel_mode", "destination_regency", "departed_on", "arrived_on"]
    list_filter = ["arrangement", "travel_mode"]
    list_select_related = ["case", "destination_regency"]
    search_fields = ["case__number", "case__participant__code"]
    date_hierarchy = "departed_on"
    fields = ["case", *HomeReturnForm.Meta.fields, "recorded_by"]
    readonly_fields = ["case", "recorded_by"]


@admin.register(Commitment)
class CommitmentAdmin(NoDeleteAdmin):
    list_display = ["case", "kind", "signed_on", "witness"]
    list_select_related = ["case"]
    search_fields = ["case__number", "case__participant__code"]
    date_hierarchy = "signed_on"
    # The scan is downloaded from the case page, through the audited view.
    fields = ["case", "kind", "signed_on", "witness", "recorded_by"]
    readonly_fields = ["case", "recorded_by"]


@admin.register(FollowUp)
class FollowUpAdmin(NoDeleteAdmin):
    list_display = ["case", "due_on", "done_on", "channel", "outcome"]
    list_filter = ["channel", "outcome", ("done_on", admin.EmptyFieldListFilter)]
    list_select_related = ["case"]
    search_fields = ["case__number", "case__participant__code"]
    date_hierarchy = "due_on"
    fields = ["case", "due_on", "done_on", "channel", "outcome", "notes", "recorded_by"]
    readonly_fields = ["case", "recorded_by"]


@admin.register(Referral)
class ReferralAdmin(NoDeleteAdmin):
    list_display = ["case", "agency", "agency_name", "status", "sent_on"]
    list_filter = ["agency", "status"]
    list_select_related = ["case"]
    search_fields = ["case__number", "agency_name"]
    date_hierarchy = "sent_on"
    fields = [
        "case",
        "agency",
        "agency_name",
        "agency_regency",
        "reason",
        "shares_personal_data",
        "consent_override_reason",
        "consent_override_by",
        "status",
        "sent_on",
        "reply",
        "recorded_by",
    ]
    readonly_fields = ["case", "shares_personal_data", "consent_override_reason", "consent_override_by", "recorded_by"]
    autocomplete_fields = ["agency_regency"]


@admin.register(Consent)
class ConsentAdmin(NoDeleteAdmin):
    list_display = ["participant", "purpose", "given_on", "withdrawn_on"]
    list_filter = ["purpose", ("withdrawn_on", admin.EmptyFieldListFilter)]
    list_select_related = ["participant"]
    search_fields = ["participant__code"]
    fields = ["participant", "purpose", "text_version", "given_on", "recorded_by", "withdrawn_on", "withdrawal_note"]
    readonly_fields = ["participant", "purpose", "text_version", "given_on", "recorded_by"]


@admin.register(TimelineEntry)
class TimelineEntryAdmin(TimelineEntryTextMixin, NoDeleteAdmin):
    list_display = ["case", "at", "kind_label", "actor"]
    list_filter = [TimelineKindFilter]
    list_select_related = ["case", "actor"]
    search_fields = ["case__number"]
    date_hierarchy = "at"
    fields = ["case", "at", "kind_label", "text", "actor"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
