"""A small trainings and venues programme whose figures for October and November 2026 are counted by hand.

Dates sit on the months' edges: a cohort ending, a hand-out, an unmet need or a follow-up on
31 October counts for October, on 1 November for November; an inspection at 23:30 WIB on
31 October counts for October, one at 00:30 WIB on 1 November for November (Asia/Jakarta).
"""

import datetime

from django.db.models import Sum

from tests.trainings.factories import make_cohort, make_item, participant_with_open_case, receive
from tests.venue_factories import make_inspection, make_license, make_team, make_venue, wib
from trainings import services as trainings
from trainings.models import (
    AttendanceStatus,
    BudgetLine,
    CohortStatus,
    Handout,
    LivelihoodFollowUp,
    NeedKind,
    Session,
    UnmetNeed,
)
from venues import services as venues
from venues.models import Decision, EnforcementAction

date = datetime.date


def _session(coordinator, cohort, held_on: datetime.date, marks: dict) -> None:
    session = trainings.session_add(actor=coordinator, session=Session(cohort=cohort, held_on=held_on))
    trainings.attendance_record(actor=coordinator, session=session, marks={e.pk: s for e, s in marks.items()})


def _hand(coordinator, enrollment, item, on: datetime.date) -> Handout:
    handout = Handout(participant=enrollment.participant, enrollment=enrollment, item=item, handed_out_on=on)
    return trainings.handout_give(actor=coordinator, handout=handout)


def _livelihood(coordinator, enrollment, done_on: datetime.date, earns: bool) -> None:
    follow_up = LivelihoodFollowUp.objects.get(enrollment=enrollment, months_after=3)
    follow_up.done_on, follow_up.earns_from_skill = done_on, earns
    trainings.livelihood_record(actor=coordinator, follow_up=follow_up)


def _need(coordinator, participant, cohort, on: datetime.date, amount: int) -> None:
    need = UnmetNeed(participant=participant, cohort=cohort, kind=NeedKind.BUSINESS_GRANT, amount=amount,
                     reason="Anggaran habis.", recorded_on=on)  # fmt: skip
    trainings.unmet_need_record(actor=coordinator, need=need)


def _cohort(coordinator, name: str, starts: datetime.date, ends: datetime.date, budget: int, **fields):
    budget_line = BudgetLine(description="Honor instruktur", amount=budget)
    cohort = make_cohort(coordinator, name=name, starts_on=starts, ends_on=ends, **fields)
    budget_line.cohort = cohort
    budget_line.save()
    return cohort


def build_trainings(worker, coordinator) -> dict:
    mixer, blender = make_item("Mixer", cost=350_000), make_item("Blender", cost=250_000)
    receive(coordinator, mixer, 10)
    receive(coordinator, blender, 5)
    # Cohort A ends on 31 October: three trainees, two complete, one drops out.
    a = _cohort(coordinator, "Kue A", date(2026, 10, 20), date(2026, 10, 31), 1_000_000, min_attendance_percent=50)
    a1, a2, a3 = (
        trainings.enrollment_add(actor=coordinator, cohort=a, participant=participant_with_open_case(worker, name))
        for name in ("Ayu", "Bela", "Cici")
    )
    present, absent = AttendanceStatus.PRESENT, AttendanceStatus.ABSENT
    _session(coordinator, a, date(2026, 10, 20), {a1: present, a2: present, a3: present})
    trainings.enrollment_drop(actor=coordinator, enrollment=a3, reason="Pindah kota.", expected_version=a3.version)
    _session(coordinator, a, date(2026, 10, 21), {a1: present, a2: absent})
    for enrollment in (a1, a2):
        trainings.enrollment_complete(actor=coordinator, enrollment=enrollment, on=date(2026, 10, 31))
    a.refresh_from_db()
    trainings.cohort_set_status(actor=coordinator, cohort=a, status=CohortStatus.FINISHED, expected_version=a.version)
    _hand(coordinator, a1, mixer, date(2026, 10, 31))  # October
    _hand(coordinator, a2, mixer, date(2026, 11, 1))  # November
    blender_out = _hand(coordinator, a2, blender, date(2026, 11, 1))
    trainings.handout_return(actor=coordinator, handout=blender_out, note="Rusak.", on=date(2026, 11, 2))
    # Cohort B ends on 1 November: one trainee, who completes.
    b = _cohort(coordinator, "Jahit B", date(2026, 10, 25), date(2026, 11, 1), 500_000)
    b1 = trainings.enrollment_add(actor=coordinator, cohort=b, participant=participant_with_open_case(worker, "Dini"))
    _session(coordinator, b, date(2026, 10, 25), {b1: present})
    trainings.enrollment_complete(actor=coordinator, enrollment=b1, on=date(2026, 11, 1))
    b.refresh_from_db()
    trainings.cohort_set_status(actor=coordinator, cohort=b, status=CohortStatus.FINISHED, expected_version=b.version)
    # Cohort C, cancelled, would have ended in October: it trained nobody and is left out.
    c = _cohort(coordinator, "Batal C", date(2026, 10, 1), date(2026, 10, 15), 300_000)
    trainings.enrollment_add(actor=coordinator, cohort=c, participant=participant_with_open_case(worker, "Eka"))
    trainings.cohort_set_status(actor=coordinator, cohort=c, status=CohortStatus.CANCELLED, expected_version=c.version)

    _need(coordinator, a1.participant, a, date(2026, 10, 31), 2_000_000)
    _need(coordinator, b1.participant, b, date(2026, 11, 1), 500_000)
    _livelihood(coordinator, a1, date(2026, 10, 31), earns=True)
    _livelihood(coordinator, a2, date(2026, 10, 31), earns=False)
    _livelihood(coordinator, b1, date(2026, 11, 1), earns=True)
    return {"mixer": mixer, "blender": blender}


def _decide_revocation(supervisor, action: EnforcementAction) -> None:
    action = venues.enforcement_warn(actor=supervisor, action=action, warned_on=date(2026, 10, 10),
                                     warning_number="W-1", expected_version=action.version)  # fmt: skip
    action = venues.enforcement_report(actor=supervisor, action=action, reported_on=date(2026, 10, 20),
                                       report_number="R-1", expected_version=action.version)  # fmt: skip
    venues.enforcement_decide(actor=supervisor, action=action, replied_on=date(2026, 10, 31),
                              decision=Decision.REVOCATION, decree_number="SK-1", effective_on=date(2026, 10, 31),
                              expected_version=action.version)  # fmt: skip


def build_venues(supervisor, inspector) -> dict:
    team = make_team(inspector)
    v1, v2, v3, v4, v5 = (make_venue(supervisor, team) for _n in range(5))
    for venue in (v1, v2, v3):
        make_license(supervisor, venue)  # issued 10 January 2024, no expiry
    make_license(supervisor, v4, expires_on=date(2026, 9, 15))  # not due from October on
    # v5 has no licence: never due.
    make_inspection(supervisor, v1, at=wib(2026, 9, 30, 23, 30))  # September
    make_inspection(supervisor, v1, at=wib(2026, 10, 31, 23, 30))  # October
    make_inspection(supervisor, v3, at=wib(2026, 10, 1, 0, 30), violation=True)  # October
    make_inspection(supervisor, v4, at=wib(2026, 10, 15, 12, 0))  # October, not due
    make_inspection(supervisor, v5, at=wib(2026, 10, 16, 12, 0))  # October, not due
    second = make_inspection(supervisor, v2, at=wib(2026, 11, 1, 0, 30), violation=True)  # November
    _decide_revocation(supervisor, EnforcementAction.objects.get(venue=v3))
    action = second.enforcement
    venues.enforcement_warn(actor=supervisor, action=action, warned_on=date(2026, 11, 1), warning_number="W-2",
                            expected_version=action.version)  # fmt: skip
    return {"venues": [v1, v2, v3, v4, v5]}


def stock_left(item) -> int:
    return item.ledger.aggregate(total=Sum("quantity"))["total"]


# What October 2026 shows, counted by hand from build_trainings() and build_venues().
OCTOBER_FIGURES = {
    "trainings.cohorts": 1,  # A (31 Oct); B ends 1 Nov, C was cancelled
    "trainings.enrolled": 3,  # Ayu, Bela, Cici
    "trainings.completed": 2,  # Ayu, Bela
    "trainings.dropped_out": 1,  # Cici
    "trainings.completion_rate": 67,  # 2 of 3
    "trainings.dropout_rate": 33,  # 1 of 3
    "trainings.attendance_rate": 80,  # 4 "present" of 5 marks
    "trainings.cost_per_completer": 850_000,  # (1,000,000 budget + 2 mixers kept × 350,000) / 2
    "trainings.handouts": 1,  # Ayu's mixer (31 Oct)
    "trainings.handouts.units": 1,
    "trainings.returns": 0,
    "trainings.unmet_needs": 1,  # 31 Oct
    "trainings.unmet_needs.amount": 2_000_000,
    "trainings.livelihood.done": 2,  # Ayu and Bela (31 Oct)
    "trainings.livelihood.earning": 1,  # Ayu
    "trainings.livelihood.earning_share": 50,
    "venues.round.due": 3,  # v1, v2, v3 (v4's licence expired 15 Sep, v5 has none)
    "venues.round.inspected": 2,  # v1 (31 Oct 23:30 WIB), v3 (1 Oct 00:30 WIB)
    "venues.round.overdue": 1,  # v2: inspected only on 1 Nov 00:30 WIB
    "venues.round.coverage": 67,
    "venues.coverage.2026-10": 67,
    "venues.coverage.2026-09": 25,  # v1 of v1-v4 (30 Sep 23:30 WIB)
    "venues.coverage.2026-08": 0,
    "venues.coverage.2025-11": 0,  # the oldest of the 12 months
    "venues.inspections": 4,  # v1, v3, v4, v5
    "venues.violations": 1,  # v3
    "venues.enforcement.warned": 1,  # v3 (10 Oct)
    "venues.enforcement.reported": 1,  # v3 (20 Oct)
    "venues.enforcement.decided": 1,  # v3 (31 Oct)
    "venues.enforcement.decision.revocation": 1,
    "venues.enforcement.decision.suspension": 0,
    "venues.enforcement.decision.declined": 0,
    "venues.enforcement.overdue": 0,
    "venues.licences.revoked": 1,  # v3's, from 31 Oct
}

NOVEMBER_FIGURES = {
    "trainings.cohorts": 1,  # B
    "trainings.enrolled": 1,
    "trainings.completed": 1,
    "trainings.dropped_out": 0,
    "trainings.completion_rate": 100,
    "trainings.dropout_rate": 0,
    "trainings.attendance_rate": 100,
    "trainings.cost_per_completer": 500_000,
    "trainings.handouts": 2,  # Bela's mixer and blender (1 Nov)
    "trainings.handouts.units": 2,
    "trainings.returns": 1,  # the blender (2 Nov)
    "trainings.unmet_needs": 1,
    "trainings.unmet_needs.amount": 500_000,
    "trainings.livelihood.done": 1,  # Dini (1 Nov)
    "trainings.livelihood.earning": 1,
    "trainings.livelihood.earning_share": 100,
    "venues.round.due": 3,  # v1, v2; v3 for the visit confirming it stopped (revoked 31 Oct)
    "venues.round.inspected": 1,  # v2 (1 Nov 00:30 WIB)
    "venues.coverage.2026-11": 33,
    "venues.coverage.2026-10": 67,
    "venues.inspections": 1,
    "venues.violations": 1,
    "venues.enforcement.warned": 1,  # v2 (1 Nov)
    "venues.enforcement.reported": 0,
    "venues.enforcement.decided": 0,
    "venues.licences.revoked": 0,
}
