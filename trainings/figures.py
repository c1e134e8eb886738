"""The trainings app's figures for the supervisors' dashboard and the monthly report.

The cohort report's figures (trainings.reports), summed over the cohorts that finished
in the period; the equipment handed out, the unmet need recorded and the livelihood
follow-ups done in the period; the stock left today. Each count links to the list that
shows the same rows; a rate or an amount in rupiah is computed from the counts beside
it and has no list of its own. A fixed number of queries whatever the size of the
tables (tests/reports/test_app_figures.py).
"""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from core.lists.links import filtered as _url
from core.reports import Chart, Figure, Period, Section, figures_section
from trainings import reports
from trainings.models import (
    Cohort,
    CohortStatus,
    EnrollmentStatus,
    EquipmentItem,
    Handout,
    HandoutKind,
    LivelihoodFollowUp,
    UnmetNeed,
)


def _cohorts(period: Period) -> list[Figure]:
    group = _("Cohorts that finished in the period")
    cohorts = Cohort.objects.filter(period.between("ends_on"), status=CohortStatus.FINISHED)
    counts = reports.enrollment_counts(cohorts)
    training = reports.training_cost(cohorts)
    equipment = sum(row["cost"] for row in reports.handed_out(cohorts))
    finished = {"status": CohortStatus.FINISHED, **period.range_params("ends")}
    trainees = {"cohort_status": CohortStatus.FINISHED, **period.range_params("cohort_ends")}
    enrollments = "trainings:enrollment-list"
    return [
        Figure(
            "trainings.cohorts",
            _("Cohorts finished"),
            cohorts.count(),
            _url("trainings:cohort-list", **finished),
            group,
        ),
        Figure("trainings.enrolled", _("Trainees enrolled"), counts["enrolled"], _url(enrollments, **trainees), group),
        Figure(
            "trainings.completed",
            _("People trained (completed)"),
            counts["completed"],
            _url(enrollments, status=EnrollmentStatus.COMPLETED, **trainees),
            group,
        ),
        Figure(
            "trainings.dropped_out",
            _("Dropped out"),
            counts["dropped"],
            _url(enrollments, status=EnrollmentStatus.DROPPED_OUT, **trainees),
            group,
        ),
        Figure(
            "trainings.completion_rate",
            _("Completion rate (%)"),
            reports.percent(counts["completed"], counts["enrolled"]),
            group=group,
        ),
        Figure(
            "trainings.dropout_rate",
            _("Drop-out rate (%)"),
            reports.percent(counts["dropped"], counts["enrolled"]),
            group=group,
        ),
        Figure("trainings.attendance_rate", _("Attendance rate (%)"), reports.attendance_rate(cohorts), group=group),
        Figure(
            "trainings.cost_per_completer",
            _("Cost per person trained (Rp)"),
            reports.cost_per_completer(training, equipment, counts["completed"]),
            group=group,
        ),
    ]


def _equipment(period: Period) -> list[Figure]:
    group = _("Equipment handed out in the period")
    counts = Handout.objects.filter(period.between("handed_out_on")).aggregate(
        out=Count("pk", filter=Q(kind=HandoutKind.HANDOUT)),
        back=Count("pk", filter=Q(kind=HandoutKind.RETURN)),
        units=Sum("quantity", filter=Q(kind=HandoutKind.HANDOUT), default=0),
    )
    on = period.range_params("on")
    return [
        Figure(
            "trainings.handouts",
            _("Hand-outs"),
            counts["out"],
            _url("trainings:handout-list", kind=HandoutKind.HANDOUT, **on),
            group,
        ),
        Figure("trainings.handouts.units", _("Items handed out (units)"), counts["units"], group=group),
        Figure(
            "trainings.returns",
            _("Returns"),
            counts["back"],
            _url("trainings:handout-list", kind=HandoutKind.RETURN, **on),
            group,
        ),
    ]


def _stock() -> list[Figure]:
    # Each item's stock on hand, shown by the stock page above its ledger.
    group = _("Stock left (today)")
    return [
        Figure(f"trainings.stock.{pk}", name, on_hand, _url("trainings:stock-list", item=pk), group, current=True)
        for pk, name, on_hand in EquipmentItem.objects.with_stock().values_list("pk", "name", "on_hand")
    ]


def _unmet_need(period: Period) -> list[Figure]:
    group = _("Unmet need recorded in the period")
    totals = UnmetNeed.objects.filter(period.between("recorded_on")).aggregate(
        count=Count("pk"), amount=Sum("amount", default=0)
    )
    # Unmet needs have no list of their own outside the admin.
    changelist = _url(
        "admin:trainings_unmetneed_changelist",
        recorded_on__gte=period.start.isoformat(),
        recorded_on__lte=period.end.isoformat(),
    )
    return [
        Figure("trainings.unmet_needs", _("Unmet needs"), totals["count"], changelist, group),
        Figure("trainings.unmet_needs.amount", _("Amount not funded (Rp)"), int(totals["amount"]), group=group),
    ]


def _livelihood(period: Period) -> list[Figure]:
    group = _("Livelihood follow-ups done in the period")
    counts = LivelihoodFollowUp.objects.filter(period.between("done_on")).aggregate(
        done=Count("pk"), earning=Count("pk", filter=Q(earns_from_skill=True))
    )
    done = {"state": "done", **period.range_params("done")}
    return [
        Figure(
            "trainings.livelihood.done",
            _("Follow-ups done"),
            counts["done"],
            _url("trainings:livelihood-list", **done),
            group,
        ),
        Figure(
            "trainings.livelihood.earning",
            _("Earning from the skill"),
            counts["earning"],
            _url("trainings:livelihood-list", earns="yes", **done),
            group,
        ),
        Figure(
            "trainings.livelihood.earning_share",
            _("Share earning from the skill (%)"),
            reports.percent(counts["earning"], counts["done"]),
            group=group,
        ),
    ]


@figures_section("trainings")
def trainings_figures(period: Period) -> Section:
    stock = _stock()
    return Section(
        key="trainings",
        title=_("Trainings"),
        figures=[*_cohorts(period), *_equipment(period), *stock, *_unmet_need(period), *_livelihood(period)],
        charts=[Chart("trainings.stock", _("Stock left by item"), stock)],
    )
