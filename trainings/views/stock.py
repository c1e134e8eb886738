"""Stock: the ledger and its download, receipts, hand-outs (single and the cohort's kit), returns."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from core.audit import log_access
from core.files import attachment_response
from core.lists.views import FilteredExportView, FilteredListView
from trainings import services
from trainings.access import can_manage, get_cohort_for_user, get_handout_for_user, get_receipt_for_user
from trainings.exports import handout_columns, stock_columns
from trainings.filters import HandoutFilter, StockEntryFilter
from trainings.forms import HandoutForm, KitHandOutForm, ReturnForm, StockReceiptForm
from trainings.lists import HANDOUT_COLUMNS, MANAGER_HANDOUT_COLUMNS, STOCK_COLUMNS
from trainings.models import EquipmentItem, Handout, StockEntry
from trainings.views.records import TrainingFormView


class StockQuerysetMixin:
    filterset_class = StockEntryFilter
    sort_options = {
        "newest": (gettext_lazy("Newest first"), ["-on", "-id"]),
        "oldest": (gettext_lazy("Oldest first"), ["on", "id"]),
    }
    default_sort = "newest"

    def get_queryset(self):
        return StockEntry.objects.all()


class StockListView(PermissionRequiredMixin, StockQuerysetMixin, FilteredListView):
    permission_required = "trainings.manage_trainings"
    template_name = "trainings/stock_list.html"
    title = gettext_lazy("Stock ledger")
    create_url_name, create_permission = "trainings:stock-receive", "trainings.manage_trainings"
    create_label = gettext_lazy("Receive stock")
    export_url_name, export_permission = "trainings:stock-export", "trainings.export_trainings"
    columns = STOCK_COLUMNS  # which also say what the list's query loads

    def get_context_data(self, **kwargs):
        # Stock on hand of every item: one grouped SUM over the ledger's (item, quantity) index.
        return super().get_context_data(items=EquipmentItem.objects.with_stock(), **kwargs)


class StockExportView(PermissionRequiredMixin, StockQuerysetMixin, FilteredExportView):
    permission_required = "trainings.manage_trainings"
    export_permission = "trainings.export_trainings"
    filename = "stock-ledger.csv"

    def columns(self):
        return stock_columns(self.request.user)


class StockReceiveView(PermissionRequiredMixin, TrainingFormView):
    permission_required = "trainings.manage_trainings"
    form_class = StockReceiptForm
    title = gettext_lazy("Receive stock")
    success_message = gettext_lazy("Stock received.")

    def get_initial(self):
        return {"received_on": timezone.localdate()}

    def save(self, form):
        services.stock_receive(actor=self.request.user, receipt=form.save(commit=False))
        return "trainings:stock-list"


@require_safe
def receipt_scan(request: HttpRequest, pk: int) -> HttpResponse:
    receipt = get_receipt_for_user(request.user, pk)
    if not receipt.scan:
        raise PermissionDenied
    log_access(request, receipt, "download", detail="scan")
    return attachment_response(receipt.scan, f"stock-receipt-{receipt.pk}")


class HandoutQuerysetMixin:
    filterset_class = HandoutFilter
    sort_options = {
        "newest": (gettext_lazy("Newest first"), ["-handed_out_on", "-id"]),
        "oldest": (gettext_lazy("Oldest first"), ["handed_out_on", "id"]),
    }
    default_sort = "newest"

    def get_queryset(self):
        return Handout.objects.visible_to(self.request.user)


class HandoutListView(PermissionRequiredMixin, HandoutQuerysetMixin, FilteredListView):
    permission_required = "trainings.view_handout"
    template_name = "trainings/handout_list.html"
    title = gettext_lazy("Equipment hand-outs")
    create_url_name, create_permission = "trainings:handout-create", "trainings.manage_trainings"
    create_label = gettext_lazy("Hand out equipment")
    export_url_name, export_permission = "trainings:handout-export", "trainings.export_trainings"

    @property
    def columns(self):
        return MANAGER_HANDOUT_COLUMNS if can_manage(self.request.user) else HANDOUT_COLUMNS


class HandoutExportView(PermissionRequiredMixin, HandoutQuerysetMixin, FilteredExportView):
    permission_required = "trainings.export_trainings"
    filename = "hand-outs.csv"

    def columns(self):
        return handout_columns(self.request.user)


class HandoutCreateView(PermissionRequiredMixin, TrainingFormView):
    permission_required = "trainings.manage_trainings"
    form_class = HandoutForm
    title = gettext_lazy("Hand out equipment")
    success_message = gettext_lazy("Equipment handed out.")

    def get_initial(self):
        return {"handed_out_on": timezone.localdate(), "quantity": 1}

    def save(self, form):
        services.handout_give(actor=self.request.user, handout=form.save(commit=False))
        return "trainings:handout-list"


class HandoutReturnView(TrainingFormView):
    form_class = ReturnForm
    title = gettext_lazy("Return or correct a hand-out")
    success_message = gettext_lazy("Return recorded.")

    def dispatch(self, request, *args, **kwargs):
        self.handout = get_handout_for_user(request.user, kwargs["pk"], write=True)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"quantity": self.handout.quantity}

    def get_context_data(self, **kwargs):
        return super().get_context_data(subtitle=str(self.handout), **kwargs)

    def save(self, form):
        services.handout_return(
            actor=self.request.user,
            handout=self.handout,
            quantity=form.cleaned_data["quantity"],
            note=form.cleaned_data["note"],
        )
        return "trainings:handout-list"


@require_safe
def handout_scan(request: HttpRequest, pk: int) -> HttpResponse:
    handout = get_handout_for_user(request.user, pk)
    if not handout.receipt_scan:
        raise PermissionDenied
    log_access(request, handout, "download", detail="receipt scan")
    return attachment_response(handout.receipt_scan, f"hand-over-receipt-{handout.pk}")


def kit_hand_out(request: HttpRequest, pk: int) -> HttpResponse:
    """The cohort's kit to every completer at once; all or nothing."""
    cohort = get_cohort_for_user(request.user, pk, write=True)
    pending = services.kit_pending(cohort)
    form = KitHandOutForm(request.POST or None, pending=pending, initial={"handed_out_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            handouts = services.kit_hand_out(
                actor=request.user, cohort=cohort, on=form.cleaned_data["handed_out_on"], serials=form.serials()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(count)d items handed out.") % {"count": len(handouts)})
            return redirect(cohort)
    context = {
        "cohort": cohort,
        "form": form,
        "pending": pending,
        "shortages": services.kit_shortages(cohort, pending) if pending else [],
    }
    return render(request, "trainings/kit_form.html", context)
