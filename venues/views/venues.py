"""Venues and their licences: lists, downloads, the venue page, and the supervisors' forms."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django.views.generic import FormView

from core.audit import audit_history, log_access
from core.lists.views import FilteredExportView, FilteredListView
from core.locking import ConcurrentEditError
from venues import services
from venues.access import get_venue_for_user
from venues.exports import license_annotations, license_columns, venue_columns
from venues.filters import LicenseFilter, VenueFilter
from venues.forms import LicenseForm, VenueForm
from venues.lists import (
    LICENSE_COLUMNS,
    VENUE_COLUMNS,
    license_badge,
    venue_license_status,
    with_license_and_last_visit,
)
from venues.models import License, Venue
from venues.rounds import coverage, current_month, last_months


class VenueQuerysetMixin:
    filterset_class = VenueFilter
    sort_options = {"name": (gettext_lazy("Name"), ["name", "id"])}
    default_sort = "name"

    def get_queryset(self):
        return with_license_and_last_visit(Venue.objects.visible_to(self.request.user))


class VenueListView(PermissionRequiredMixin, VenueQuerysetMixin, FilteredListView):
    permission_required = "venues.view_venue"
    template_name = "venues/venue_list.html"
    title = gettext_lazy("Venues")
    create_url_name, create_permission = "venues:venue-create", "venues.add_venue"
    create_label = gettext_lazy("Register a venue")
    export_url_name, export_permission = "venues:venue-export", "venues.export_venue"
    columns = VENUE_COLUMNS


class VenueExportView(PermissionRequiredMixin, VenueQuerysetMixin, FilteredExportView):
    permission_required = "venues.export_venue"
    export_permission = "venues.export_venue"
    filename = gettext_lazy("venues")

    def columns(self):
        return venue_columns(self.request.user)


@require_GET
def venue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    venue = get_venue_for_user(request.user, pk)
    log_access(request, venue, "view")
    venue_row = with_license_and_last_visit(Venue.objects.filter(pk=venue.pk)).get()
    venues = Venue.objects.filter(pk=venue.pk)
    context = {
        "venue": venue,
        "license_badge": license_badge(venue_license_status(venue_row)),
        "licenses": venue.licenses.prefetch_related("status_changes"),
        "inspections": venue.inspections.select_related("team")[:24],
        "actions": venue.enforcement_actions.select_related("inspection"),
        "coverage": coverage(venues, last_months(current_month(), 12)),
        "can_edit": request.user.has_perm("venues.change_venue"),
        "can_license": request.user.has_perm("venues.add_license"),
        "can_inspect": request.user.has_perm("venues.add_inspection"),
        "history": audit_history(request.user, venue),
    }
    return render(request, "venues/venue_detail.html", context)


class VenueCreateView(PermissionRequiredMixin, FormView):
    permission_required = "venues.add_venue"
    form_class = VenueForm
    template_name = "venues/form.html"
    extra_context = {"title": gettext_lazy("Register a venue")}

    def form_valid(self, form):
        venue = services.venue_register(actor=self.request.user, venue=form.save(commit=False))
        messages.success(self.request, _("Venue %(name)s registered.") % {"name": venue.name})
        return redirect(venue)


class VenueEditView(FormView):
    form_class = VenueForm
    template_name = "venues/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.venue = get_venue_for_user(request.user, kwargs["pk"], write=True)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.venue}

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Edit %(name)s") % {"name": self.venue}, venue=self.venue, **kwargs)

    def form_valid(self, form):
        try:
            services.venue_update(
                actor=self.request.user,
                venue=form.instance,
                fields=form.changed_fields,
                expected_version=form.loaded_version,
            )
        except ConcurrentEditError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Venue saved."))
        return redirect(self.venue)


class LicenseCreateView(FormView):
    form_class = LicenseForm
    template_name = "venues/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.venue = get_venue_for_user(request.user, kwargs["pk"])
        if not request.user.has_perm("venues.add_license"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=_("Record a licence"), venue=self.venue, **kwargs)

    def form_valid(self, form):
        license = form.save(commit=False)
        license.venue = self.venue
        try:
            services.license_register(actor=self.request.user, license=license)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Licence recorded."))
        return redirect(self.venue)


class LicenseQuerysetMixin:
    filterset_class = LicenseFilter
    sort_options = {
        "newest": (gettext_lazy("Newest first"), ["-issued_on", "-id"]),
    }
    default_sort = "newest"

    def get_queryset(self):
        return License.objects.visible_to(self.request.user)  # the columns say what to load


class LicenseListView(PermissionRequiredMixin, LicenseQuerysetMixin, FilteredListView):
    permission_required = "venues.view_license"
    template_name = "venues/license_list.html"
    title = gettext_lazy("Licences")
    export_url_name, export_permission = "venues:license-export", "venues.export_venue"
    columns = LICENSE_COLUMNS


class LicenseExportView(PermissionRequiredMixin, LicenseQuerysetMixin, FilteredExportView):
    permission_required = "venues.export_venue"
    export_permission = "venues.export_venue"
    filename = gettext_lazy("licences")

    def get_queryset(self):
        return super().get_queryset().annotate(**license_annotations())

    def columns(self):
        return license_columns(self.request.user)
