"""What each row of the venues app's list pages shows (core.lists.ListColumn)."""

from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.lists import links
from core.lists.views import ListColumn, short_date
from venues.models import EnforcementAction, Inspection, InspectionOutcome, License, LicenseStatus, Stage, Venue


def with_license_and_last_visit(queryset):
    """The venue's current licence (active first, then the newest) and its last inspection, one query."""
    current = License.objects.filter(venue=OuterRef("pk")).order_by(
        Case(When(status=LicenseStatus.ACTIVE, then=Value(0)), default=Value(1), output_field=IntegerField()),
        "-issued_on",
        "-id",
    )
    last = Inspection.objects.filter(venue=OuterRef("pk")).order_by("-inspected_at").values("inspected_at")[:1]
    return queryset.annotate(
        license_number=Subquery(current.values("number")[:1]),
        license_status_stored=Coalesce(Subquery(current.values("status")[:1]), Value("")),
        license_expires_on=Subquery(current.values("expires_on")[:1]),
        last_inspected_at=Subquery(last),
    )


def venue_license_status(venue: Venue) -> str:
    status = venue.license_status_stored
    if status == LicenseStatus.ACTIVE and venue.license_expires_on and venue.license_expires_on < timezone.localdate():
        return LicenseStatus.EXPIRED
    return status


def license_badge(status: str) -> str:
    if not status:
        return format_html('<span class="badge rounded-pill text-bg-light">{}</span>', _("No licence"))
    css = {
        LicenseStatus.ACTIVE: "text-bg-success",
        LicenseStatus.SUSPENDED: "text-bg-warning",
        LicenseStatus.REVOKED: "text-bg-danger",
        LicenseStatus.EXPIRED: "text-bg-secondary",
    }[status]
    return format_html(
        '<span class="badge rounded-pill {}" data-testid="license-status">{}</span>', css, LicenseStatus(status).label
    )


def _venue_link(venue: Venue) -> str:
    return format_html('<a href="{}" class="fw-semibold row-link">{}</a>', venue.get_absolute_url(), venue.name)


VENUE_COLUMNS = [
    ListColumn(_("Venue"), _venue_link, fields=("name",)),
    # The licence and last-inspection cells read with_license_and_last_visit()'s annotations.
    ListColumn(_("Licence"), lambda venue: license_badge(venue_license_status(venue)), fields=("id",), css="card-end"),
    ListColumn(_("District"), lambda venue: venue.district.name, fields=("district__name",), css="card-meta"),
    ListColumn(
        _("Team"), lambda venue: venue.team.name if venue.team_id else "–", fields=("team__name",), css="card-meta"
    ),
    ListColumn(
        _("Last inspection"), lambda venue: short_date(venue.last_inspected_at), fields=("id",), css="card-meta"
    ),
]


def _license_venue(license: License) -> str:
    return format_html('<a href="{}" class="row-link">{}</a>', license.venue.get_absolute_url(), license.venue.name)


LICENSE_COLUMNS = [
    ListColumn(_("Licence number"), lambda license: license.number, fields=("number",)),
    ListColumn(
        _("Status"),
        lambda license: license_badge(license.current_status()),
        fields=("status", "expires_on"),
        css="card-end",
    ),
    ListColumn(_("Venue"), _license_venue, fields=("venue__name",)),
    ListColumn(_("Issued"), lambda license: short_date(license.issued_on), fields=("issued_on",), css="card-meta"),
    ListColumn(_("Expires"), lambda license: short_date(license.expires_on), fields=("expires_on",), css="card-meta"),
]


def outcome_badge(inspection: Inspection) -> str:
    css = "text-bg-danger" if inspection.outcome == InspectionOutcome.VIOLATION else "text-bg-success"
    return format_html(
        '<span class="badge rounded-pill {}">{}</span>', css, InspectionOutcome(inspection.outcome).label
    )


def _inspection_link(inspection: Inspection) -> str:
    return format_html(
        '<a href="{}" class="fw-semibold row-link">{}</a>',
        inspection.get_absolute_url(),
        timezone.localtime(inspection.inspected_at).strftime("%d-%m-%Y %H.%M"),
    )


INSPECTION_COLUMNS = [
    ListColumn(_("Date and time"), _inspection_link, fields=("inspected_at",)),
    ListColumn(_("Outcome"), outcome_badge, fields=("outcome",), css="card-end"),
    ListColumn(_("Venue"), lambda inspection: inspection.venue.name, fields=("venue__name",)),
    ListColumn(
        _("District"),
        lambda inspection: inspection.venue.district.name,
        fields=("venue__district__name",),
        css="card-meta",
    ),
    ListColumn(_("Team"), lambda inspection: inspection.team.name, fields=("team__name",), css="card-meta"),
]


def stage_badge(action: EnforcementAction) -> str:
    css = "text-bg-danger" if action.is_overdue() else "text-bg-secondary" if not action.is_open else "text-bg-warning"
    label = Stage(action.stage).label
    if action.is_overdue():
        label = format_html("{} · {}", label, _("reply overdue"))
    return format_html('<span class="badge rounded-pill {}" data-testid="stage">{}</span>', css, label)


def _action_link(action: EnforcementAction) -> str:
    return format_html('<a href="{}" class="fw-semibold row-link">{}</a>', action.get_absolute_url(), action.venue.name)


ENFORCEMENT_COLUMNS = [
    ListColumn(_("Venue"), _action_link, fields=("venue__name",)),
    ListColumn(_("Stage"), stage_badge, fields=("stage", "reported_on"), css="card-end"),
    ListColumn(
        _("Violation found"),
        lambda action: short_date(action.inspection.inspected_at),
        fields=("inspection__inspected_at",),
        css="card-meta",
    ),
    ListColumn(
        _("Repeat violation"), lambda action: _("Yes") if action.repeat else "–", fields=("repeat",), css="card-meta"
    ),
    ListColumn(
        _("Report sent"), lambda action: short_date(action.reported_on), fields=("reported_on",), css="card-meta"
    ),
]


def enforcement_row_css(action: EnforcementAction) -> str:
    return "table-danger" if action.is_overdue() else ""


def inspection_url(venue: Venue) -> str:
    return links.url("venues:inspection-create", venue.pk)


STATE_CSS = {"overdue": "text-bg-danger", "inspected": "text-bg-success", "planned": "text-bg-primary"}


def _plan_venue(row) -> str:
    link = format_html('<a class="fw-semibold" href="{}">{}</a>', row.venue.get_absolute_url(), row.venue.name)
    if row.kind != "confirmation":
        return link
    return format_html('{} <span class="badge text-bg-dark">{}</span>', link, _("Confirm it stopped operating"))


def _plan_state(row) -> str:
    return format_html(
        '<span class="badge rounded-pill state-{} {}" data-testid="state">{}</span>',
        row.state,
        STATE_CSS.get(row.state, "text-bg-light"),
        row.state_label,
    )


def _plan_date(row) -> str:
    return f"{short_date(row.plan.planned_on)} · {row.plan.team_name}" if row.plan else "–"


def _inspect_button(row) -> str:
    if row.state == "inspected":
        return ""
    url = inspection_url(row.venue)
    if row.kind == "confirmation":
        url += "?purpose=confirmation"
    label = _("Record inspection")
    return format_html('<a class="btn btn-sm btn-primary" href="{}" data-testid="inspect">{}</a>', url, label)


def plan_columns(can_inspect: bool) -> list[ListColumn]:
    """The plan page's rows (a RoundRow each), written in Python: at 2,000 venues a
    template per row would be most of the page's time."""
    columns = [
        ListColumn(_("Venue"), _plan_venue),
        ListColumn(_("State"), _plan_state, css="card-end"),
        ListColumn(_("District"), lambda row: row.venue.district_name, css="card-meta"),
        ListColumn(_("Planned"), _plan_date, css="card-meta"),
    ]
    if can_inspect:
        columns.append(ListColumn(_("Actions"), _inspect_button, css="card-action text-end", hide_header=True))
    return columns


def plan_row_css(row) -> str:
    return "table-danger" if row.state == "overdue" else ""
