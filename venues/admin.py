"""Supervisors' admin for the venues app. It is no side door: every save goes through
venues.services (version check and audit, as in the app); nothing is deleted. The workflow
(licence status, inspections, the round, enforcement steps) is read-only here and moves
through the services, from the app's pages or the enforcement steps' pages below, which run
the same forms and services as the app's (venues.steps)."""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action
from unfold.widgets import (
    INPUT_CLASSES,
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from core.admin_base import ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin
from core.forms import VersionedForm
from venues import services
from venues.forms import LicenseForm, VenueForm
from venues.models import (
    EnforcementAction,
    Evidence,
    Inspection,
    InspectionTeam,
    License,
    LicenseStatusChange,
    PersonReferral,
    PlannedVisit,
    Venue,
)
from venues.steps import DECIDE, ESCALATE, STEPS, Step, run_step


def style_date_inputs(form: forms.Form) -> None:
    """The app's date inputs (core.forms.DateField, declared on its forms, so the admin does not
    restyle them) in the admin's look."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.DateInput):
            field.widget.attrs["class"] = " ".join(INPUT_CLASSES)


class AdminDateInputs:
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        style_date_inputs(self)


class VenueAdminForm(AdminDateInputs, VenueForm):
    pass


class InspectionTeamForm(VersionedForm):
    class Meta:
        model = InspectionTeam
        fields = ["name", "members", "is_active"]


@admin.register(InspectionTeam)
class InspectionTeamAdmin(ServiceAdmin):
    form = InspectionTeamForm
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    fields = ["name", "members", "is_active"]
    # A plain multiple select: the two-box picker puts a label axe refuses (aria-prohibited-attr).

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm("venues.add_inspectionteam")

    def save_model(self, request, obj, form, change) -> None:
        services.team_save(
            actor=request.user,
            team=obj,
            members=list(form.cleaned_data["members"]),
            expected_version=form.loaded_version if change else None,
        )

    def save_related(self, request, form, formsets, change) -> None:
        pass  # the members were saved by team_save


class LicenseInline(ReadOnlyInline):
    model = License
    fields = ["number", "kind", "issued_on", "expires_on", "status"]
    readonly_fields = fields


@admin.register(Venue)
class VenueAdmin(ServiceAdmin):
    form = VenueAdminForm
    list_display = ["name", "kind", "district", "team", "booth_count"]
    list_filter = ["kind", "district", "team"]
    list_select_related = ["district", "team"]
    search_fields = ["name", "owner_name", "address"]
    fields = [*VenueForm.Meta.fields, "dismantling_verified_by"]
    # Verified by an inspection, recorded by venues.services.inspection_record.
    readonly_fields = ["dismantling_verified_by"]
    inlines = [LicenseInline]

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm("venues.add_venue")

    def save_model(self, request, obj, form, change) -> None:
        if change:
            services.venue_update(
                actor=request.user, venue=obj, fields=form.changed_fields, expected_version=form.loaded_version
            )
        else:
            services.venue_register(actor=request.user, venue=obj)


class StatusChangeTextMixin:
    @admin.display(description=_("note"))
    def note_text(self, change: LicenseStatusChange) -> str:
        return change.note_text  # the reason in the reader's language


class StatusChangeInline(StatusChangeTextMixin, ReadOnlyInline):
    model = LicenseStatusChange
    fields = ["effective_on", "from_status", "to_status", "reference", "note_text", "recorded_by"]
    readonly_fields = fields


class LicenseEditForm(AdminDateInputs, VersionedForm, LicenseForm):
    class Meta(LicenseForm.Meta):
        fields = ["number", "issuing_agency", "kind", "expires_on"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("issued_on", None)  # read-only here: the licence's history starts on it

    def clean(self):
        cleaned = forms.ModelForm.clean(self)
        expires = cleaned.get("expires_on")
        if expires and self.instance.issued_on and expires < self.instance.issued_on:
            self.add_error("expires_on", _("A licence cannot expire before it is issued."))
        return cleaned


@admin.register(License)
class LicenseAdmin(ServiceAdmin):
    form = LicenseEditForm
    list_display = ["number", "venue", "kind", "issued_on", "expires_on", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["venue"]
    search_fields = ["number", "venue__name"]
    fields = ["venue", "number", "issuing_agency", "kind", "issued_on", "expires_on", "status"]
    # A licence is recorded from its venue's page (one active per venue, with its history);
    # its status changes only with the licensing agency's recorded decision.
    readonly_fields = ["venue", "issued_on", "status"]
    inlines = [StatusChangeInline]

    def save_model(self, request, obj, form, change) -> None:
        services.license_update(
            actor=request.user, license=obj, fields=form.changed_fields, expected_version=form.loaded_version
        )


@admin.register(LicenseStatusChange)
class LicenseStatusChangeAdmin(StatusChangeTextMixin, ReadOnlyAdmin):
    list_display = ["license", "effective_on", "from_status", "to_status", "reference"]
    list_filter = ["to_status"]
    list_select_related = ["license"]
    fields = [
        "license",
        "from_status",
        "to_status",
        "effective_on",
        "reference",
        "note_text",
        "recorded_by",
        "recorded_at",
    ]
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


def admin_widgets(form: forms.Form) -> forms.Form:
    """The admin's look for a step form made for the app."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.Textarea):
            field.widget = UnfoldAdminTextareaWidget(attrs=field.widget.attrs)
        elif isinstance(field.widget, forms.Select):
            field.widget = UnfoldAdminSelectWidget(choices=field.choices)
        elif type(field.widget) is forms.TextInput:
            field.widget = UnfoldAdminTextInputWidget(attrs=field.widget.attrs)
    style_date_inputs(form)
    return form


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
    # Every field is the services' to write: the steps below are the only way to change them.
    readonly_fields = fields
    # One menu: four buttons would crowd the page's title out of its header.
    actions_detail = [{"title": _("Enforcement steps"), "items": ["warn", "report", "decide", "close"]}]

    # Permission methods, not "venues.escalate_enforcement": Unfold's system check would look a
    # dotted permission up in the database, before `migrate` has made it.
    def has_escalate_permission(self, request, object_id=None) -> bool:
        return request.user.has_perm(ESCALATE)

    def has_decide_permission(self, request, object_id=None) -> bool:
        return request.user.has_perm(DECIDE)

    def get_object_for_step(self, object_id) -> EnforcementAction:
        queryset = EnforcementAction.objects.select_related("venue", "inspection", "license")
        return get_object_or_404(queryset, pk=object_id)

    def run_step_page(self, request, object_id, step: Step):
        """The step's form on an admin page; a valid one goes through the step's service (venues.steps)."""
        enforcement = self.get_object_for_step(object_id)
        step_open = step.stage in enforcement.next_steps()  # before a refused step leaves it changed in memory
        data = request.POST if request.method == "POST" else None
        form = admin_widgets(step.form_class(data, initial={"version": enforcement.version}))
        if form.is_valid() and run_step(step, actor=request.user, action=enforcement, form=form):
            self.message_user(request, step.done, messages.SUCCESS)
            return redirect("admin:venues_enforcementaction_change", enforcement.pk)
        if form.is_bound:
            enforcement = self.get_object_for_step(object_id)  # as stored: a refused step changed nothing
        context = {
            **self.admin_site.each_context(request),
            "title": step.title,
            "subtitle": str(enforcement),
            "opts": self.model._meta,
            "original": enforcement,
            "enforcement": enforcement,
            "form": form,
            "submit_label": step.title,
            "step_open": step_open,
        }
        return TemplateResponse(request, "admin/venues/enforcementaction/step.html", context)

    @action(description=_("Written warning"), url_path="warn", permissions=["escalate"])
    def warn(self, request, object_id):
        return self.run_step_page(request, object_id, STEPS["warn"])

    @action(description=_("Report to the licensing agency"), url_path="report", permissions=["escalate"])
    def report(self, request, object_id):
        return self.run_step_page(request, object_id, STEPS["report"])

    @action(description=_("Record the agency's decision"), url_path="decide", permissions=["decide"])
    def decide(self, request, object_id):
        return self.run_step_page(request, object_id, STEPS["decide"])

    @action(description=_("Close without a report"), url_path="close", permissions=["escalate"])
    def close(self, request, object_id):
        return self.run_step_page(request, object_id, STEPS["close"])


@admin.register(PersonReferral)
class PersonReferralAdmin(ReadOnlyAdmin):
    list_display = ["inspection", "case", "referred_by", "referred_at"]
    list_select_related = ["inspection__venue", "case", "referred_by"]
    fields = ["inspection", "case", "referred_by", "referred_at"]
    readonly_fields = fields
