"""Supervisors' admin for the venues app. Nothing here deletes, and the workflow
(licence status, inspections, the round, enforcement steps) is read-only: it
moves through venues.services, from the app's pages or the admin actions below."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action

from core.admin_base import NoDeleteAdmin, ReadOnlyInline
from core.locking import ConcurrentEditError
from venues import services
from venues.forms import VenueForm
from venues.models import (
    EnforcementAction,
    Evidence,
    Inspection,
    InspectionTeam,
    License,
    LicenseStatusChange,
    PersonReferral,
    PlannedVisit,
    Stage,
    Venue,
)


class ReadOnlyAdmin(NoDeleteAdmin):
    """Records written only by the services: the admin shows them."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(InspectionTeam)
class InspectionTeamAdmin(NoDeleteAdmin):
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    fields = ["name", "members", "is_active"]
    # A plain multiple select: the two-box picker puts a label axe refuses (aria-prohibited-attr).


class LicenseInline(ReadOnlyInline):
    model = License
    fields = ["number", "kind", "issued_on", "expires_on", "status"]
    readonly_fields = fields


@admin.register(Venue)
class VenueAdmin(NoDeleteAdmin):
    list_display = ["name", "kind", "district", "team", "booth_count"]
    list_filter = ["kind", "district", "team"]
    list_select_related = ["district", "team"]
    search_fields = ["name", "owner_name", "address"]
    fields = [*VenueForm.Meta.fields, "dismantling_verified_by"]
    # Verified by an inspection, recorded by venues.services.inspection_record.
    readonly_fields = ["dismantling_verified_by"]
    inlines = [LicenseInline]


class StatusChangeInline(ReadOnlyInline):
    model = LicenseStatusChange
    fields = ["effective_on", "from_status", "to_status", "reference", "note", "recorded_by"]
    readonly_fields = fields


@admin.register(License)
class LicenseAdmin(NoDeleteAdmin):
    list_display = ["number", "venue", "kind", "issued_on", "expires_on", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["venue"]
    search_fields = ["number", "venue__name"]
    fields = ["venue", "number", "issuing_agency", "kind", "issued_on", "expires_on", "status"]
    # A licence is recorded from its venue's page (one active per venue, with its history);
    # its status changes only with the licensing agency's recorded decision.
    readonly_fields = ["venue", "issued_on", "status"]
    inlines = [StatusChangeInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(LicenseStatusChange)
class LicenseStatusChangeAdmin(ReadOnlyAdmin):
    list_display = ["license", "effective_on", "from_status", "to_status", "reference"]
    list_filter = ["to_status"]
    list_select_related = ["license"]
    fields = ["license", "from_status", "to_status", "effective_on", "reference", "note", "recorded_by", "recorded_at"]
    readonly_fields = fields


@admin.register(PlannedVisit)
class PlannedVisitAdmin(ReadOnlyAdmin):
    list_display = ["venue", "month", "team", "planned_on"]
    list_filter = ["team", "month"]
    list_select_related = ["venue", "team"]
    fields = ["venue", "month", "team", "planned_on", "assigned_by"]
    readonly_fields = fields


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["kind", "caption", "uploaded_by", "uploaded_at"]  # the file itself: from the app, audited
    readonly_fields = fields


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["venue", "inspected_at", "team", "purpose", "outcome"]
    list_filter = ["outcome", "purpose", "team"]
    list_select_related = ["venue", "team"]
    search_fields = ["venue__name"]
    date_hierarchy = "inspected_at"
    fields = [
        "venue",
        "inspected_at",
        "team",
        "purpose",
        "venue_operating",
        "private_rooms_present",
        "prostitution_signs",
        "minors_present",
        "opening_hours_kept",
        "license_displayed",
        "other_findings",
        "findings",
        "outcome",
        "recorded_by",
    ]
    readonly_fields = fields
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "kind", "uploaded_at"]
    list_select_related = ["inspection__venue"]
    fields = ["inspection", "kind", "caption", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(EnforcementAction)
class EnforcementActionAdmin(ReadOnlyAdmin):
    list_display = ["venue", "stage", "repeat", "warned_on", "reported_on", "decision"]
    list_filter = ["stage", "decision", "repeat"]
    list_select_related = ["venue"]
    search_fields = ["venue__name", "warning_number", "report_number", "decree_number"]
    fields = [
        "venue",
        "inspection",
        "license",
        "stage",
        "repeat",
        "warned_on",
        "warning_number",
        "reported_on",
        "report_number",
        "replied_on",
        "decision",
        "decree_number",
        "effective_on",
        "note",
    ]
    readonly_fields = fields
    actions = ["close_complied"]

    @action(description=_("Close: the venue complied after the warning"), permissions=["escalate"])
    def close_complied(self, request, queryset):
        closed = 0
        for enforcement in queryset.filter(stage__in=[Stage.OPENED, Stage.WARNED]):
            try:
                services.enforcement_close(
                    actor=request.user,
                    action=enforcement,
                    note=str(_("Closed in the admin: the venue complied after the warning.")),
                    expected_version=enforcement.version,
                )
            except (ValidationError, PermissionDenied, ConcurrentEditError) as error:
                messages.error(request, f"{enforcement}: {' '.join(getattr(error, 'messages', [str(error)]))}")
            else:
                closed += 1
        messages.success(request, _("%(count)d enforcement actions closed.") % {"count": closed})

    def has_escalate_permission(self, request) -> bool:
        return request.user.has_perm("venues.escalate_enforcement")


@admin.register(PersonReferral)
class PersonReferralAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "case", "referred_by", "referred_at"]
    list_select_related = ["inspection__venue", "case", "referred_by"]
    fields = ["inspection", "case", "referred_by", "referred_at"]
    readonly_fields = fields
