"""What each row of the cases app's list pages shows (core.lists.ListColumn)."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases.models import Case, FollowUp, Participant, Priority
from core.lists import links
from core.lists.views import ListColumn, short_date


def _case_link(case: Case) -> str:
    priority = (
        format_html(' <span class="badge text-bg-danger">{}</span>', _("High priority"))
        if case.priority == Priority.HIGH
        else ""
    )
    return format_html(
        '<a href="{}" class="fw-semibold row-link">{}</a>{}', case.get_absolute_url(), case.number, priority
    )


def _code_and_name(participant: Participant) -> str:
    return f"{participant.code} · {participant.full_name}"


PARTICIPANT_FIELDS = ("participant__code", "participant__full_name", "participant__nik")


def _participant(case: Case) -> str:
    participant = case.participant
    if not participant.nik:
        return _code_and_name(participant)
    nik = format_html('<div class="small text-body-secondary font-monospace">{}</div>', participant.masked_nik)
    return format_html("{}{}", _code_and_name(participant), nik)


def status_badge(case: Case) -> str:
    """The case's status as a coloured badge, in lists and on pages ({% status_badge case %})."""
    return format_html(
        '<span class="badge rounded-pill status-badge status-{}" data-testid="status-badge">{}</span>',
        case.status,
        case.status_label,
    )


def _origin(participant: Participant) -> str:
    return participant.origin_regency.name if participant.origin_regency_id else "–"


CASE_COLUMNS = [
    ListColumn(_("Case"), _case_link, fields=("number", "priority")),
    ListColumn(_("Participant"), _participant, fields=PARTICIPANT_FIELDS),
    ListColumn(_("Status"), status_badge, fields=("status",), css="card-end"),
    ListColumn(
        _("Origin"),
        lambda case: _origin(case.participant),
        fields=("participant__origin_regency__name",),
        css="card-meta",
    ),
    ListColumn(
        _("Opened"), lambda case: short_date(case.opened_on), fields=("opened_on",), css="card-meta text-nowrap"
    ),
    ListColumn(
        _("Caseworker"),
        # User.__str__: the full name, else the username; an intake case referred from a
        # venue inspection has none until a supervisor assigns it.
        lambda case: case.caseworker or _("Not yet assigned"),
        fields=("caseworker__first_name", "caseworker__last_name", "caseworker__username"),
        css="card-meta",
    ),
]


def _participant_link(participant: Participant) -> str:
    return format_html(
        '<a href="{}" class="fw-semibold row-link">{}</a>', participant.get_absolute_url(), participant.code
    )


def _name(participant: Participant) -> str:
    if not participant.alias:
        return participant.full_name
    return format_html('{} <span class="text-body-secondary">({})</span>', participant.full_name, participant.alias)


PARTICIPANT_COLUMNS = [
    ListColumn(_("Code"), _participant_link, fields=("code",)),
    ListColumn(_("Name"), _name, fields=("full_name", "alias")),
    ListColumn(_("Origin"), _origin, fields=("origin_regency__name",), css="card-meta"),
    ListColumn(
        _("NIK"),
        lambda participant: participant.masked_nik or "–",
        fields=("nik",),
        css="card-meta font-monospace",
    ),
    ListColumn(
        _("Registered"),
        lambda participant: short_date(participant.created_at),
        fields=("created_at",),
        css="card-meta text-nowrap",
    ),
]


def _follow_up_case(follow_up: FollowUp) -> str:
    return format_html('<a href="{}">{}</a>', follow_up.case.get_absolute_url(), follow_up.case.number)


def _record_button(follow_up: FollowUp) -> str:
    if follow_up.is_cancelled:
        return format_html('<span class="badge text-bg-secondary">{}</span>', _("Cancelled"))
    if follow_up.is_done:
        return ""
    url = links.url("cases:follow-up-record", follow_up.pk)
    return format_html('<a class="btn btn-sm btn-primary" href="{}">{}</a>', url, _("Record contact"))


def _follow_up_due(follow_up: FollowUp):
    # Overdue is said in words too, not by the row's colour alone (WCAG 1.4.1).
    if follow_up.is_overdue:
        return format_html(
            '{} <span class="badge text-bg-danger">'
            '<i class="bi bi-exclamation-circle" aria-hidden="true"></i> {}</span>',
            short_date(follow_up.due_on),
            _("overdue"),
        )
    return short_date(follow_up.due_on)


FOLLOW_UP_COLUMNS = [
    ListColumn(_("Due"), _follow_up_due, fields=("due_on", "done_on", "cancelled_on"), css="text-nowrap"),
    ListColumn(_("Case"), _follow_up_case, fields=("case__number",), css="card-end"),
    ListColumn(
        _("Participant"),
        lambda follow_up: _code_and_name(follow_up.case.participant),
        fields=("case__participant__code", "case__participant__full_name"),
    ),
    ListColumn(
        _("Done"), lambda follow_up: short_date(follow_up.done_on), fields=("done_on",), css="card-meta text-nowrap"
    ),
    ListColumn(
        _("Outcome"), lambda follow_up: follow_up.get_outcome_display() or "–", fields=("outcome",), css="card-meta"
    ),
    ListColumn(
        _("Actions"), _record_button, fields=("done_on", "cancelled_on"), css="text-end card-action", hide_header=True
    ),
]


FOLLOW_UP_ROW_FIELDS = ("done_on", "due_on", "cancelled_on")  # what follow_up_row_css reads


def follow_up_row_css(follow_up: FollowUp) -> str:
    if follow_up.is_done:
        return ""
    if follow_up.is_cancelled:
        return "text-body-secondary card-no-meta"
    # On a phone a follow-up not yet done shows its button instead of empty done/outcome cells.
    return "table-danger card-no-meta" if follow_up.is_overdue else "card-no-meta"
