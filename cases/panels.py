"""The cases app's home-page panels, navigation entries and dashboard cards."""

import datetime

from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CaseStatus, FollowUp, Referral
from core.admin_dashboard import dashboard_card
from core.lists import links
from core.panels import home_panel, nav_entry, nav_search


@nav_entry
def cases_navigation(request) -> list[dict]:
    user = request.user
    items = []
    if user.has_perm("cases.view_case"):
        items.append({"label": _("Cases"), "url": links.url("cases:case-list"), "icon": "folder2-open"})
    if user.has_perm("cases.view_participant"):
        items.append({"label": _("Participants"), "url": links.url("cases:participant-list"), "icon": "people"})
    if user.has_perm("cases.view_followup"):
        items.append({"label": _("Follow-ups"), "url": links.url("cases:follow-up-list"), "icon": "calendar-check"})
    return items


@nav_search
def case_search(request):
    if not request.user.has_perm("cases.view_case"):
        return None
    return {"url": links.url("cases:case-list"), "placeholder": _("Code, name, NIK or case number")}


@home_panel
def follow_ups_due(request):
    """The caseworker's overdue, today's and next-7-days follow-ups, one click from recording."""
    user = request.user
    if not user.has_perm("cases.change_followup") or user.has_perm("cases.view_all_cases"):
        return None
    today = timezone.localdate()
    due = list(
        FollowUp.objects.due()
        .filter(case__caseworker=user, case__archived_at__isnull=True, due_on__lte=today + datetime.timedelta(days=7))
        .for_list()
        .order_by("due_on", "id")[:50]
    )
    return (
        "cases/panels/follow_ups_due.html",
        {
            "overdue": [f for f in due if f.due_on < today],
            "today": [f for f in due if f.due_on == today],
            "upcoming": [f for f in due if f.due_on > today],
        },
    )


@home_panel
def my_cases(request):
    """The caseworker's open cases by workflow step, each a link to the filtered list."""
    user = request.user
    if not user.has_perm("cases.view_case") or user.has_perm("cases.view_all_cases"):
        return None
    counts = dict(
        Case.objects.filter(caseworker=user)
        .active()
        .exclude(status=CaseStatus.CLOSED)
        .values_list("status")
        .annotate(total=Count("*"))  # not COUNT(id): the index on (caseworker, status) answers alone
        .order_by()
    )
    steps = [(status, counts.get(status.value, 0)) for status in CaseStatus if status != CaseStatus.CLOSED]
    return "cases/panels/my_cases.html", {"steps": steps, "total": sum(counts.values())}


@home_panel
def closures_awaiting_approval(request):
    if not request.user.has_perm("cases.approve_closure"):
        return None
    pending = list(
        Case.objects.filter(closure_requested_at__isnull=False)
        .exclude(status=CaseStatus.CLOSED)
        .for_list()
        .order_by("closure_requested_at")[:20]
    )
    return "cases/panels/closures.html", {"pending": pending}


@home_panel
def sharing_requests(request):
    """Caseworkers' requests to share the identity of a participant who has not consented."""
    if not request.user.has_perm("cases.override_consent"):
        return None
    pending = list(
        Referral.objects.filter(
            sharing_requested_at__isnull=False,
            case__in=Case.objects.visible_to(request.user).active().exclude(status=CaseStatus.CLOSED),
        )
        .select_related("case__participant", "sharing_requested_by")
        .order_by("sharing_requested_at", "id")[:20]
    )
    return "cases/panels/sharing_requests.html", {"pending": pending}


# Dashboard figures scan whole tables (~250 ms at 100,000 cases here): they are
# computed at most every few minutes, not on every visit to the admin.
DASHBOARD_SECONDS = 300


def _counts_by_status() -> dict[str, int]:
    counts = dict.fromkeys(CaseStatus.values, 0)
    for row in Case.objects.active().counts_by_worker_and_status():
        counts[row["status"]] += row["total"]
    return {"open": sum(total for status, total in counts.items() if status != CaseStatus.CLOSED), **counts}


@dashboard_card
def cases_by_status(request):
    if not request.user.has_perm("cases.view_all_cases"):
        return None
    counts = cache.get_or_set("dashboard:cases-by-status", _counts_by_status, DASHBOARD_SECONDS)
    return {
        "title": _("Open cases"),
        "value": counts["open"],
        "footer": ", ".join(f"{status.label}: {counts[status.value]}" for status in CaseStatus),
        "url": reverse("admin:cases_case_changelist"),
    }


@dashboard_card
def overdue_follow_ups(request):
    if not request.user.has_perm("cases.view_all_cases"):
        return None
    overdue = cache.get_or_set(
        "dashboard:overdue-follow-ups",
        lambda: FollowUp.objects.due().filter(due_on__lt=timezone.localdate()).count(),
        DASHBOARD_SECONDS,
    )
    return {
        "title": _("Overdue follow-ups"),
        "value": overdue,
        "footer": _("Contacts past their due date, all caseworkers"),
        "url": reverse("admin:cases_followup_changelist") + "?done_on__isempty=1&cancelled_on__isempty=1",
    }
