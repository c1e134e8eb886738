"""What cohorts achieved: the figures of the cohort report, for one cohort or summed over many.

The cohort report (trainings.views.cohorts.cohort_report) reads them for one cohort and the
supervisors' dashboard (trainings.figures) for the cohorts that finished in a period: one
rule for both. Each function takes a queryset of cohorts and costs one query.
"""

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from trainings.models import (
    Attendance,
    AttendanceStatus,
    BudgetLine,
    Enrollment,
    EnrollmentStatus,
    Handout,
    HandoutKind,
    LivelihoodFollowUp,
    NeedKind,
    UnmetNeed,
)


def percent(part: int, whole: int) -> int | None:
    """A share in whole percent; None when there is nothing to divide by (not 0%: nobody was there)."""
    return round(100 * part / whole) if whole else None


def enrollment_counts(cohorts: QuerySet) -> dict[str, int]:
    return Enrollment.objects.filter(cohort__in=cohorts).aggregate(
        enrolled=Count("pk"),
        completed=Count("pk", filter=Q(status=EnrollmentStatus.COMPLETED)),
        dropped=Count("pk", filter=Q(status=EnrollmentStatus.DROPPED_OUT)),
    )


def attendance_rate(cohorts: QuerySet) -> int | None:
    """Marks "present" out of all marks at the cohorts' sessions."""
    marks = Attendance.objects.filter(session__cohort__in=cohorts).aggregate(
        marked=Count("pk"), present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT))
    )
    return percent(marks["present"], marks["marked"])


def handed_out(cohorts: QuerySet) -> list[dict]:
    """Per item: units handed to the cohorts' trainees, returned, kept (net) and what those cost."""
    rows = list(
        Handout.objects.filter(enrollment__cohort__in=cohorts)
        .values("item__name", "item__unit_cost")
        .annotate(
            out=Sum("quantity", filter=Q(kind=HandoutKind.HANDOUT), default=0),
            back=Sum("quantity", filter=Q(kind=HandoutKind.RETURN), default=0),
        )
        .order_by("item__name")
    )
    for row in rows:
        row["net"] = row["out"] - row["back"]
        row["cost"] = row["net"] * row["item__unit_cost"]
    return rows


def training_cost(cohorts: QuerySet) -> Decimal:
    return BudgetLine.objects.filter(cohort__in=cohorts).aggregate(total=Sum("amount", default=0))["total"]


def cost_per_completer(training: Decimal, equipment: Decimal, completed: int) -> int | None:
    """The training's budget and the equipment the trainees kept, per trainee who completed."""
    return round((training + equipment) / completed) if completed else None


def unmet_needs(cohorts: QuerySet) -> list[dict]:
    rows = list(
        UnmetNeed.objects.filter(cohort__in=cohorts)
        .values("kind")
        .annotate(count=Count("pk"), amount=Sum("amount", default=0))
        .order_by("kind")
    )
    for row in rows:
        row["label"] = NeedKind(row["kind"]).label
    return rows


def livelihood(cohorts: QuerySet) -> dict[str, int]:
    return LivelihoodFollowUp.objects.filter(enrollment__cohort__in=cohorts).aggregate(
        due=Count("pk", filter=Q(done_on__isnull=True)),
        done=Count("pk", filter=Q(done_on__isnull=False)),
        earning=Count("pk", filter=Q(earns_from_skill=True)),
        with_equipment=Count("pk", filter=Q(still_has_equipment=True)),
    )
