"""What each row of the trainings app's list pages shows (core.lists.ListColumn)."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.lists import links
from core.lists.views import ListColumn, short_date
from trainings.models import Attendance, Cohort, Enrollment, Handout, LivelihoodFollowUp, StockEntry


def status_badge(obj) -> str:
    """A cohort's or enrollment's status as a coloured badge."""
    return format_html(
        '<span class="badge rounded-pill status-badge status-{}" data-testid="status-badge">{}</span>',
        obj.status,
        obj.status_label,
    )


def _cohort_link(cohort: Cohort) -> str:
    return format_html('<a href="{}" class="fw-semibold row-link">{}</a>', cohort.get_absolute_url(), cohort.name)


COHORT_COLUMNS = [
    ListColumn(_("Cohort"), _cohort_link, fields=("name",)),
    ListColumn(_("Programme"), lambda cohort: cohort.program.name, fields=("program__name",)),
    ListColumn(_("Status"), status_badge, fields=("status",), css="card-end"),
    ListColumn(
        _("Dates"),
        lambda c: f"{short_date(c.starts_on)} – {short_date(c.ends_on)}",
        fields=("starts_on", "ends_on"),
        css="card-meta",
    ),
    ListColumn(_("Place"), lambda cohort: cohort.place, fields=("place",), css="card-meta"),
    ListColumn(
        _("Places"),
        lambda cohort: f"{cohort.places_taken}/{cohort.capacity}",
        fields=("places_taken", "capacity"),
        css="card-meta",
    ),
]


TRAINEE_FIELDS = ("participant__code", "participant__full_name")  # what _trainee reads


def _trainee(obj) -> str:
    participant = obj.participant
    return f"{participant.code} · {participant.full_name}"


def _enrollment_link(enrollment: Enrollment) -> str:
    return format_html(
        '<a href="{}" class="fw-semibold row-link">{}</a>', enrollment.get_absolute_url(), _trainee(enrollment)
    )


ENROLLMENT_COLUMNS = [
    ListColumn(_("Trainee"), _enrollment_link, fields=TRAINEE_FIELDS),
    ListColumn(_("Cohort"), lambda enrollment: enrollment.cohort.name, fields=("cohort__name",)),
    ListColumn(_("Status"), status_badge, fields=("status",), css="card-end"),
    ListColumn(
        _("Certificate"),
        lambda enrollment: enrollment.certificate_number or "–",
        fields=("certificate_number",),
        css="card-meta",
    ),
]


def _signed(entry: StockEntry) -> str:
    css = "text-success" if entry.quantity > 0 else "text-danger"
    return format_html('<span class="fw-semibold {}">{}</span>', css, f"{entry.quantity:+d}")


def _ledger_who(entry: StockEntry) -> str:
    if entry.handout_id:
        return _trainee(entry.handout)
    return entry.receipt.source


STOCK_COLUMNS = [
    ListColumn(_("Date"), lambda entry: short_date(entry.on), fields=("on",)),
    ListColumn(_("Item"), lambda entry: entry.item.name, fields=("item__name",)),
    ListColumn(_("Quantity"), _signed, fields=("quantity",), css="card-end"),
    ListColumn(_("Kind"), lambda entry: entry.get_kind_display(), fields=("kind",), css="card-meta"),
    ListColumn(
        _("From / to"),
        _ledger_who,
        fields=("handout__participant__code", "handout__participant__full_name", "receipt__source"),
        css="card-meta",
    ),
]


def _return_button(handout: Handout) -> str:
    if handout.kind != "handout":
        return ""
    url = links.url("trainings:handout-return", handout.pk)
    return format_html('<a class="btn btn-sm btn-outline-secondary" href="{}">{}</a>', url, _("Return / correct"))


HANDOUT_COLUMNS = [
    ListColumn(_("Date"), lambda handout: short_date(handout.handed_out_on), fields=("handed_out_on",)),
    ListColumn(_("Trainee"), _trainee, fields=TRAINEE_FIELDS),
    ListColumn(
        _("Item"),
        lambda h: f"{h.quantity} × {h.item.name}" + (f" ({h.serial_number})" if h.serial_number else ""),
        fields=("quantity", "item__name", "serial_number"),
    ),
    ListColumn(_("Kind"), lambda handout: handout.get_kind_display(), fields=("kind",), css="card-end"),
    ListColumn(
        _("Cohort"),
        lambda h: h.enrollment.cohort.name if h.enrollment_id else "–",
        fields=("enrollment__cohort__name",),
        css="card-meta",
    ),
]
MANAGER_HANDOUT_COLUMNS = [
    *HANDOUT_COLUMNS,
    ListColumn(_("Actions"), _return_button, fields=("kind",), css="text-end card-action", hide_header=True),
]


def _record_livelihood(follow_up: LivelihoodFollowUp) -> str:
    if follow_up.done_on:
        return ""
    url = links.url("trainings:livelihood-record", follow_up.pk)
    return format_html('<a class="btn btn-sm btn-primary" href="{}">{}</a>', url, _("Record"))


def _earns(follow_up: LivelihoodFollowUp) -> str:
    if follow_up.earns_from_skill is None:
        return "–"
    return str(_("Earns from the skill") if follow_up.earns_from_skill else _("Does not earn from the skill"))


LIVELIHOOD_COLUMNS = [
    ListColumn(_("Due"), lambda follow_up: short_date(follow_up.due_on), fields=("due_on",)),
    ListColumn(
        _("Trainee"),
        lambda follow_up: _trainee(follow_up.enrollment),
        fields=("enrollment__participant__code", "enrollment__participant__full_name"),
    ),
    ListColumn(
        _("Cohort"),
        lambda follow_up: follow_up.enrollment.cohort.name,
        fields=("enrollment__cohort__name",),
        css="card-meta",
    ),
    ListColumn(_("Months after"), lambda follow_up: follow_up.months_after, fields=("months_after",), css="card-end"),
    ListColumn(_("Outcome"), _earns, fields=("earns_from_skill",), css="card-meta"),
    ListColumn(_("Actions"), _record_livelihood, fields=("done_on",), css="text-end card-action", hide_header=True),
]
LIVELIHOOD_ROW_FIELDS = ("done_on", "due_on")  # what the list's row_css (is_overdue) reads


# A mark's colour (Bootstrap's contextual badges): present green, absent red, excused amber.
MARK_CSS = {"present": "text-bg-success", "absent": "text-bg-danger", "excused": "text-bg-warning"}


def _mark(attendance: Attendance) -> str:
    return format_html(
        '<span class="badge rounded-pill {}" data-testid="attendance-mark">{}</span>',
        MARK_CSS.get(attendance.status, "text-bg-secondary"),
        attendance.get_status_display(),
    )


def _attendance_trainee(attendance: Attendance) -> str:
    enrollment = attendance.enrollment
    return format_html(
        '<a href="{}" class="fw-semibold row-link">{}</a>', enrollment.get_absolute_url(), _trainee(enrollment)
    )


ATTENDANCE_COLUMNS = [
    ListColumn(
        _("Trainee"),
        _attendance_trainee,
        fields=("enrollment_id", "enrollment__participant__code", "enrollment__participant__full_name"),
    ),
    ListColumn(_("Mark"), _mark, fields=("status",), css="card-end"),
    ListColumn(_("Date"), lambda attendance: short_date(attendance.session.held_on), fields=("session__held_on",)),
    ListColumn(_("Cohort"), lambda attendance: attendance.session.cohort.name, fields=("session__cohort__name",)),
    ListColumn(
        _("Topic"), lambda attendance: attendance.session.topic or "–", fields=("session__topic",), css="card-meta"
    ),
]


def rupiah(amount) -> str:
    """Rp1.500.000, as the cohort pages write amounts (intcomma with the project's number format)."""
    return f"Rp{intcomma(amount)}"


UNMET_NEED_COLUMNS = [
    ListColumn(_("Trainee"), _trainee, fields=TRAINEE_FIELDS),
    ListColumn(_("Amount"), lambda need: rupiah(need.amount), fields=("amount",), css="card-end"),
    ListColumn(_("Kind"), lambda need: need.get_kind_display(), fields=("kind",)),
    ListColumn(_("Reason"), lambda need: need.reason, fields=("reason",)),
    ListColumn(
        _("Cohort"), lambda need: need.cohort.name if need.cohort_id else "–", fields=("cohort__name",), css="card-meta"
    ),
    ListColumn(_("Recorded on"), lambda need: short_date(need.recorded_on), fields=("recorded_on",), css="card-meta"),
]
