"""Training records built through the trainings services, like the views build them."""

import datetime

from django.utils import timezone

from cases.models import Participant
from core.models import User
from tests.factories import make_case, make_participant
from trainings import services
from trainings.models import (
    AttendanceStatus,
    Cohort,
    CohortStatus,
    Enrollment,
    EquipmentItem,
    Program,
    Session,
    StockReceipt,
    UnmetNeed,
)


def make_program(name: str = "Membuat kue kering") -> Program:
    return Program.objects.get_or_create(name=name)[0]


def make_item(name: str = "Mixer", *, serials: bool = False, cost: int = 350_000) -> EquipmentItem:
    return EquipmentItem.objects.get_or_create(name=name, defaults={"unit_cost": cost, "has_serial_numbers": serials})[
        0
    ]


def make_cohort(
    coordinator: User, *, capacity: int = 20, kit: dict[EquipmentItem, int] | None = None, **fields
) -> Cohort:
    today = timezone.localdate()
    defaults = {
        "program": make_program(),
        "name": "Kue kering angkatan 1",
        "starts_on": today - datetime.timedelta(days=10),
        "ends_on": today,
        "place": "Aula Dinas Sosial",
        "capacity": capacity,
        "coordinator": coordinator,
        "status": CohortStatus.RUNNING,
    }
    cohort = Cohort(**{**defaults, **fields})
    return services.cohort_create(actor=coordinator, cohort=cohort, kit=(kit or {}).items())


def make_trainee(worker: User, coordinator: User, cohort: Cohort, name: str = "Siti Aminah") -> Enrollment:
    """A participant of `worker` with an open case, enrolled in `cohort` by the coordinator."""
    case = make_case(worker, make_participant(worker, full_name=name))
    return services.enrollment_add(actor=coordinator, cohort=cohort, participant=case.participant)


def receive(coordinator: User, item: EquipmentItem, quantity: int) -> StockReceipt:
    return services.stock_receive(
        actor=coordinator, receipt=StockReceipt(item=item, quantity=quantity, source="APBD 2026")
    )


def hold_sessions(coordinator: User, cohort: Cohort, count: int = 5, absent: set[int] = frozenset()) -> list[Session]:
    """`count` sessions where everyone is present, except `absent` enrollment ids (absent every time)."""
    sessions = []
    for day in range(count):
        session = services.session_add(
            actor=coordinator,
            session=Session(
                cohort=cohort, held_on=cohort.starts_on + datetime.timedelta(days=day), topic=f"Hari {day}"
            ),
        )
        marks = {
            e.pk: AttendanceStatus.ABSENT if e.pk in absent else AttendanceStatus.PRESENT
            for e in cohort.enrollments.exclude(status="dropped_out")
        }
        services.attendance_record(actor=coordinator, session=session, marks=marks)
        sessions.append(session)
    return sessions


def participant_with_open_case(worker: User, name: str = "Rina") -> Participant:
    return make_case(worker, make_participant(worker, full_name=name)).participant


def training_samples(worker: User, coordinator: User, case) -> dict[str, int]:
    """One of each training record, about `worker`'s participant (for the route x role matrix)."""
    from tests.factories import pdf_upload
    from trainings.models import Handout

    mixer = make_item()
    cohort = make_cohort(coordinator, kit={mixer: 1})
    enrollment = services.enrollment_add(actor=coordinator, cohort=cohort, participant=case.participant)
    [session] = hold_sessions(coordinator, cohort, count=1)
    services.enrollment_complete(actor=coordinator, enrollment=enrollment)
    receipt = services.stock_receive(
        actor=coordinator, receipt=StockReceipt(item=mixer, quantity=2, source="APBD", scan=pdf_upload())
    )
    handout = services.handout_give(
        actor=coordinator,
        handout=Handout(participant=case.participant, enrollment=enrollment, item=mixer, receipt_scan=pdf_upload()),
    )
    need = services.unmet_need_record(
        actor=coordinator,
        need=UnmetNeed(participant=case.participant, cohort=cohort, kind="business_grant", reason="Anggaran"),
    )
    return {
        "program": cohort.program_id,
        "item": mixer.pk,
        "stock_entry": receipt.entry.pk,
        "unmet_need": need.pk,
        "cohort": cohort.pk,
        "session": session.pk,
        "enrollment": enrollment.pk,
        "receipt": receipt.pk,
        "handout": handout.pk,
        "livelihood": enrollment.livelihood_follow_ups.first().pk,
    }
