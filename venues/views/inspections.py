"""Inspections: the phone form used during the visit, the list and its download,
the inspection page, evidence downloads and referring a person to the social office."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django.views.generic import FormView

from core.audit import log_access
from core.files import attachment_response
from core.lists.views import FilteredExportView, FilteredListView
from venues import services
from venues.access import get_evidence_for_user, get_inspection_for_user, get_venue_for_user
from venues.exports import inspection_columns
from venues.filters import InspectionFilter
from venues.forms import InspectionForm, ReferPersonForm
from venues.lists import INSPECTION_COLUMNS
from venues.models import Inspection, InspectionTeam

# Checklist items, and the answer that is a finding (shown in red).
CHECKLIST = [
    ("venue_operating", None),
    ("private_rooms_present", True),
    ("prostitution_signs", True),
    ("minors_present", True),
    ("opening_hours_kept", False),
    ("license_displayed", False),
]


def label(name: str) -> str:
    return capfirst(Inspection._meta.get_field(name).verbose_name)


class InspectionQuerysetMixin:
    filterset_class = InspectionFilter
    sort_options = {
        "newest": (gettext_lazy("Newest first"), ["-inspected_at", "-id"]),
        "oldest": (gettext_lazy("Oldest first"), ["inspected_at", "id"]),
    }
    default_sort = "newest"

    def get_queryset(self):
        return Inspection.objects.visible_to(self.request.user)


class InspectionListView(PermissionRequiredMixin, InspectionQuerysetMixin, FilteredListView):
    permission_required = "venues.view_inspection"
    template_name = "venues/inspection_list.html"
    title = gettext_lazy("Inspections")
    export_url_name, export_permission = "venues:inspection-export", "venues.export_venue"
    columns = INSPECTION_COLUMNS


class InspectionExportView(PermissionRequiredMixin, InspectionQuerysetMixin, FilteredExportView):
    permission_required = "venues.export_venue"
    export_permission = "venues.export_venue"
    filename = gettext_lazy("inspections")

    def columns(self):
        return inspection_columns(self.request.user)


class InspectionCreateView(FormView):
    """The visit, recorded on a phone: checklist, findings, outcome and photos."""

    form_class = InspectionForm
    template_name = "venues/inspection_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.venue = get_venue_for_user(request.user, kwargs["pk"])
        if not request.user.has_perm("venues.add_inspection"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        team = self.venue.team
        if not self.request.user.has_perm("venues.view_all_venues"):
            team = InspectionTeam.objects.filter(members=self.request.user, is_active=True).first()
        return {"team": team, "purpose": self.request.GET.get("purpose") or None}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Record an inspection"), venue=self.venue, **kwargs)

    def form_valid(self, form):
        inspection = form.save(commit=False)
        inspection.venue = self.venue
        try:
            services.inspection_record(
                actor=self.request.user, inspection=inspection, files=form.cleaned_data.get("photos") or []
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error if isinstance(error, ValidationError) else str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Inspection recorded."))
        if inspection.is_violation:
            messages.warning(self.request, _("A violation was recorded: a supervisor will follow it up."))
        return redirect(inspection)


@require_GET
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, pk)
    log_access(request, inspection, "view")
    context = {
        "inspection": inspection,
        "venue": inspection.venue,
        "local_at": timezone.localtime(inspection.inspected_at),
        "evidence": inspection.evidence.all(),
        "checklist": [
            (label(name), getattr(inspection, name), getattr(inspection, name) == bad) for name, bad in CHECKLIST
        ],
        "action": getattr(inspection, "enforcement", None),
        # The inspector sees that she referred someone, never the case itself.
        "referral_count": inspection.referrals.count(),
        "can_refer": request.user.has_perm("venues.add_personreferral"),
    }
    return render(request, "venues/inspection_detail.html", context)


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request.user, pk)
    log_access(request, evidence, "download")
    return attachment_response(evidence.file, f"bukti-{evidence.inspection_id}-{evidence.pk}")


class PersonReferView(FormView):
    """A person met during the visit who needs help: an intake case at the social office."""

    form_class = ReferPersonForm
    template_name = "venues/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.inspection = get_inspection_for_user(request.user, kwargs["pk"])
        if not request.user.has_perm("venues.add_personreferral"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            title=_("Refer a person to the social office"),
            venue=self.inspection.venue,
            intro=_(
                "The social office opens an intake case and a supervisor assigns a caseworker. "
                "You will not see the case afterwards: what she tells the social office stays there."
            ),
            **kwargs,
        )

    def form_valid(self, form):
        services.person_refer(actor=self.request.user, inspection=self.inspection, **form.cleaned_data)
        messages.success(self.request, _("Referred to the social office. A supervisor will assign a caseworker."))
        return redirect(self.inspection)
