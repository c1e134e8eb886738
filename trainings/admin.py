"""Supervisors' admin for trainings. Nothing here deletes, and the admin is no side
door: statuses, places, certificates and every ledger line are read-only here and
change only through admin actions that call trainings.services. A cohort's and an
unmet need's edits go through their services with the version the page was loaded
at (core.admin_base.ServiceAdmin): a second supervisor saving a stale page is refused.
A cohort's kit and budget lines are edited on the coordinator's cohort form."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.admin_base import NoDeleteAdmin, ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin
from core.forms import VersionedForm
from core.locking import ConcurrentEditError
from trainings import services
from trainings.forms import CohortForm
from trainings.models import (
    BudgetLine,
    Cohort,
    CohortStatus,
    Enrollment,
    EquipmentItem,
    Handout,
    HandoutKind,
    KitLine,
    LivelihoodFollowUp,
    Program,
    Session,
    StockEntry,
    StockReceipt,
    UnmetNeed,
)


def run_for_each(modeladmin, request, queryset, action, success) -> None:
    """Run a service for each selected record; report each refusal with its reason."""
    done = 0
    for obj in queryset:
        try:
            action(obj)
        except (ValidationError, ConcurrentEditError, PermissionDenied) as error:
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            modeladmin.message_user(request, f"{obj}: {reason or _('You may not do this.')}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, success % {"count": done}, messages.SUCCESS)


@admin.register(Program)
class ProgramAdmin(NoDeleteAdmin):
    list_display = ["name", "partner_agency"]
    search_fields = ["name"]
    fields = ["name", "description", "partner_agency"]


@admin.register(EquipmentItem)
class EquipmentItemAdmin(NoDeleteAdmin):
    list_display = ["name", "unit", "unit_cost", "has_serial_numbers", "on_hand"]
    search_fields = ["name"]
    fields = ["name", "unit", "unit_cost", "has_serial_numbers"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_stock()

    @admin.display(description=gettext_lazy("stock on hand"))
    def on_hand(self, obj) -> int:
        return obj.on_hand


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine
    fields = ["description", "amount", "funding_source"]
    readonly_fields = fields
    show_change_link = False


class KitInline(ReadOnlyInline):
    model = KitLine
    fields = ["item", "quantity"]
    readonly_fields = fields
    show_change_link = False


class CohortAdminForm(VersionedForm):
    class Meta:
        model = Cohort
        fields = CohortForm.Meta.fields  # what the coordinator's form edits (the kit and budget: there only)


@admin.register(Cohort)
class CohortAdmin(ServiceAdmin):
    form = CohortAdminForm
    list_display = ["name", "program", "status", "starts_on", "ends_on", "places_taken", "capacity"]
    list_filter = ["status", "program"]
    list_select_related = ["program"]
    search_fields = ["name", "program__name"]
    date_hierarchy = "starts_on"
    fields = [*CohortForm.Meta.fields, "places_taken", "status"]
    readonly_fields = ["places_taken", "status"]
    inlines = [KitInline, BudgetLineInline]
    actions = ["start", "finish", "cancel", "complete_trainees", "hand_out_kit"]

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm("trainings.manage_trainings")

    def save_model(self, request, obj, form, change) -> None:
        if change:
            services.cohort_update(
                actor=request.user, cohort=obj, expected_version=form.loaded_version, fields=form.changed_fields
            )
        else:
            services.cohort_create(actor=request.user, cohort=obj)

    def _status(self, request, queryset, status) -> None:
        run_for_each(
            self,
            request,
            queryset,
            lambda cohort: services.cohort_set_status(
                actor=request.user, cohort=cohort, status=status, expected_version=cohort.version
            ),
            _("%(count)d cohorts changed."),
        )

    @admin.action(description=gettext_lazy("Mark as running"), permissions=["change"])
    def start(self, request, queryset):
        self._status(request, queryset, CohortStatus.RUNNING)

    @admin.action(description=gettext_lazy("Mark as finished"), permissions=["change"])
    def finish(self, request, queryset):
        self._status(request, queryset, CohortStatus.FINISHED)

    @admin.action(description=gettext_lazy("Cancel"), permissions=["change"])
    def cancel(self, request, queryset):
        self._status(request, queryset, CohortStatus.CANCELLED)

    @admin.action(description=gettext_lazy("Complete the trainees who met the attendance rule"), permissions=["change"])
    def complete_trainees(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda cohort: services.cohort_complete(actor=request.user, cohort=cohort),
            _("%(count)d cohorts completed."),
        )

    @admin.action(description=gettext_lazy("Hand out the kit to every completer"), permissions=["change"])
    def hand_out_kit(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda cohort: services.kit_hand_out(actor=request.user, cohort=cohort),
            _("Kit handed out in %(count)d cohorts."),
        )


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    list_display = ["participant", "cohort", "status", "certificate_number", "completed_on"]
    list_filter = ["status", "cohort"]
    list_select_related = ["participant", "cohort"]
    search_fields = ["participant__code", "participant__full_name", "certificate_number"]
    fields = ["cohort", "participant", "case", "status", "dropout_reason", "completed_on", "certificate_number"]
    readonly_fields = fields
    actions = ["complete"]

    def has_change_permission(self, request, obj=None) -> bool:
        # For the action on the list only: a record's page stays a view page (nothing to save there).
        return obj is None and request.user.has_perm("trainings.manage_trainings")

    @admin.action(description=gettext_lazy("Complete (if the attendance rule is met)"), permissions=["change"])
    def complete(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset,
            lambda enrollment: services.enrollment_complete(actor=request.user, enrollment=enrollment),
            _("%(count)d trainees completed."),
        )


@admin.register(Session)
class SessionAdmin(NoDeleteAdmin):
    list_display = ["cohort", "held_on", "starts_at", "topic"]
    list_select_related = ["cohort"]
    date_hierarchy = "held_on"
    fields = ["cohort", "held_on", "starts_at", "topic"]

    def get_readonly_fields(self, request, obj=None):
        return ["cohort"] if obj else []

    def save_model(self, request, obj, form, change) -> None:
        # A new session through the service, as on the site; moving one (date, time, topic) is plain CRUD.
        if change:
            obj.save()
        else:
            services.session_add(actor=request.user, session=obj)


@admin.register(StockReceipt)
class StockReceiptAdmin(NoDeleteAdmin):
    list_display = ["received_on", "item", "quantity", "unit_cost", "source"]
    list_filter = ["item"]
    list_select_related = ["item"]
    date_hierarchy = "received_on"
    # The scan is downloaded from the stock page, through the audited view.
    fields = ["item", "received_on", "quantity", "unit_cost", "source", "recorded_by"]
    readonly_fields = ["recorded_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        services.stock_receive(actor=request.user, receipt=obj)


@admin.register(Handout)
class HandoutAdmin(ReadOnlyAdmin):
    list_display = ["handed_out_on", "kind", "participant", "item", "quantity", "serial_number"]
    list_filter = ["kind", "item"]
    list_select_related = ["participant", "item"]
    search_fields = ["participant__code", "serial_number"]
    date_hierarchy = "handed_out_on"
    fields = [
        "kind",
        "participant",
        "enrollment",
        "item",
        "quantity",
        "serial_number",
        "handed_out_on",
        "handed_out_by",
        "corrects",
        "note",
    ]
    readonly_fields = fields
    actions = ["return_equipment"]

    def has_change_permission(self, request, obj=None) -> bool:
        # For the action on the list only: a record's page stays a view page (nothing to save there).
        return obj is None and request.user.has_perm("trainings.manage_trainings")

    @admin.action(description=gettext_lazy("Record the return of the equipment"), permissions=["change"])
    def return_equipment(self, request, queryset):
        run_for_each(
            self,
            request,
            queryset.filter(kind=HandoutKind.HANDOUT),
            lambda handout: services.handout_return(
                actor=request.user, handout=handout, note=_("Returned (recorded in the administration)")
            ),
            _("%(count)d returns recorded."),
        )


@admin.register(StockEntry)
class StockEntryAdmin(ReadOnlyAdmin):
    list_display = ["on", "item", "kind", "quantity"]
    list_filter = ["kind", "item"]
    list_select_related = ["item"]
    date_hierarchy = "on"
    fields = ["item", "kind", "quantity", "on", "receipt", "handout"]
    readonly_fields = fields


class UnmetNeedAdminForm(VersionedForm):
    class Meta:
        model = UnmetNeed
        fields = ["participant", "cohort", "kind", "amount", "reason", "recorded_on"]


@admin.register(UnmetNeed)
class UnmetNeedAdmin(ServiceAdmin):
    form = UnmetNeedAdminForm
    list_display = ["participant", "cohort", "kind", "amount", "recorded_on"]
    list_filter = ["kind", "cohort"]
    list_select_related = ["participant", "cohort"]
    search_fields = ["participant__code"]
    fields = ["participant", "cohort", "kind", "amount", "reason", "recorded_on", "recorded_by"]
    readonly_fields = ["recorded_by"]
    raw_id_fields = ["participant"]  # a labelled box (the autocomplete widget has no accessible name), fast at any size

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm("trainings.add_unmetneed")

    def get_readonly_fields(self, request, obj=None):
        # Whose need it is stays as recorded; a need recorded for the wrong trainee is a new record.
        return ["participant", "recorded_by"] if obj else ["recorded_by"]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            services.unmet_need_update(
                actor=request.user, need=obj, expected_version=form.loaded_version, fields=form.changed_fields
            )
        else:
            services.unmet_need_record(actor=request.user, need=obj)


@admin.register(LivelihoodFollowUp)
class LivelihoodFollowUpAdmin(ReadOnlyAdmin):
    list_display = ["enrollment", "months_after", "due_on", "done_on", "earns_from_skill", "monthly_income"]
    list_filter = ["months_after", "earns_from_skill", ("done_on", admin.EmptyFieldListFilter)]
    list_select_related = ["enrollment__participant", "enrollment__cohort"]
    date_hierarchy = "due_on"
    fields = [
        "enrollment",
        "months_after",
        "due_on",
        "done_on",
        "earns_from_skill",
        "monthly_income",
        "still_has_equipment",
        "notes",
        "recorded_by",
    ]
    readonly_fields = fields
