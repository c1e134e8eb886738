"""The trainings app's navigation entries and home-page panels."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lists import links
from core.panels import home_panel, nav_entry, record_section
from trainings import services
from trainings.models import (
    AttendanceStatus,
    Cohort,
    CohortStatus,
    Enrollment,
    Handout,
    LivelihoodFollowUp,
    Session,
)


@nav_entry
def trainings_navigation(request) -> list[dict]:
    user = request.user
    items = []
    # One entry (the navbar fits one row at 1280 px): the cohort list links to stock, hand-outs and trainees.
    if user.has_perm("trainings.view_cohort"):
        items.append({"label": _("Trainings"), "url": links.url("trainings:cohort-list"), "icon": "mortarboard"})
    return items


def _due_livelihood(user, *, own_cases_only: bool) -> list[LivelihoodFollowUp]:
    due = LivelihoodFollowUp.objects.due().filter(due_on__lte=timezone.localdate() + datetime.timedelta(days=14))
    due = due.filter(enrollment__case__caseworker=user) if own_cases_only else due
    return list(due.select_related("enrollment__participant", "enrollment__cohort").order_by("due_on", "id")[:20])


@home_panel
def coordinator_panel(request):
    """Running cohorts, today's sessions, stock short for a planned kit, due livelihood follow-ups."""
    user = request.user
    if not user.has_perm("trainings.manage_trainings") or user.has_perm("cases.view_all_cases"):
        return None
    today = timezone.localdate()
    running = list(
        Cohort.objects.filter(status=CohortStatus.RUNNING).select_related("program").order_by("ends_on")[:10]
    )
    sessions = list(Session.objects.filter(held_on=today).select_related("cohort").order_by("starts_at", "id")[:10])
    shortages = []
    planned = Cohort.objects.filter(status__in=[CohortStatus.PLANNED, CohortStatus.RUNNING]).order_by("starts_on")
    for cohort in planned[:10]:
        # Planned kits: what every place of the cohort would need, against the stock on hand.
        kit = list(cohort.kit.select_related("item"))
        stock = services.on_hand(line.item_id for line in kit)
        undelivered = cohort.capacity - cohort.enrollments.filter(handouts__isnull=False).distinct().count()
        for line in kit:
            needed = line.quantity * undelivered
            if needed > stock[line.item_id]:
                shortages.append((cohort, services.Shortage(line.item, needed, stock[line.item_id])))
    return (
        "trainings/panels/coordinator.html",
        {
            "running": running,
            "sessions": sessions,
            "shortages": shortages,
            "livelihood": _due_livelihood(user, own_cases_only=False),
        },
    )


@home_panel
def livelihood_due_panel(request):
    """A caseworker's trainees whose livelihood follow-up is due, beside her case follow-ups."""
    user = request.user
    if not user.has_perm("trainings.change_livelihoodfollowup") or user.has_perm("trainings.manage_trainings"):
        return None
    return "trainings/panels/livelihood_due.html", {"livelihood": _due_livelihood(user, own_cases_only=True)}


@record_section
def training_record(request, page: str, obj):
    """Her trainings on the participant's and the case's page: status, attendance,
    certificate and the equipment she received (what the reader may see of them)."""
    participant_id = obj.pk if page == "participant" else obj.participant_id
    enrollments = list(
        Enrollment.objects.visible_to(request.user)
        .filter(participant_id=participant_id)
        .select_related("cohort__program")
        .annotate(
            sessions=Count("cohort__sessions", distinct=True),
            present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT), distinct=True),
        )
        .order_by("-cohort__starts_on", "-id")
    )
    if not enrollments:
        return None
    handouts = list(
        Handout.objects.filter(enrollment__in=enrollments).select_related("item").order_by("handed_out_on", "id")
    )
    for enrollment in enrollments:
        enrollment.equipment = [h for h in handouts if h.enrollment_id == enrollment.pk]
    return "trainings/panels/training_record.html", {"enrollments": enrollments}
