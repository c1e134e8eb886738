"""The trainings services: enrollment rules, completion, stock ledger, the kit hand-out."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cases.models import CaseStatus, TimelineEntry
from tests.factories import make_case, make_participant
from tests.trainings.factories import (
    hold_sessions,
    make_cohort,
    make_item,
    make_trainee,
    participant_with_open_case,
    receive,
)
from trainings import services
from trainings.models import (
    Cohort,
    Enrollment,
    EnrollmentStatus,
    Handout,
    HandoutKind,
    LivelihoodFollowUp,
    StockEntry,
    UnmetNeed,
)


def test_enrollment_needs_an_open_case(caseworker, coordinator):
    cohort = make_cohort(coordinator)
    without_case = make_participant(caseworker, full_name="Tanpa Kasus")
    with pytest.raises(ValidationError, match="no open case"):
        services.enrollment_add(actor=coordinator, cohort=cohort, participant=without_case)
    closed = make_case(caseworker, make_participant(caseworker, full_name="Tutup"))
    closed.status, closed.closed_on, closed.closure_reason = CaseStatus.CLOSED, closed.opened_on, "selesai"
    closed.save()
    with pytest.raises(ValidationError, match="no open case"):
        services.enrollment_add(actor=coordinator, cohort=cohort, participant=closed.participant)
    assert not Enrollment.objects.exists()


def test_enrollment_once_per_cohort_and_within_capacity(caseworker, coordinator):
    cohort = make_cohort(coordinator, capacity=1)
    first = make_trainee(caseworker, coordinator, cohort)
    with pytest.raises(ValidationError, match="already enrolled"):
        services.enrollment_add(actor=coordinator, cohort=cohort, participant=first.participant)
    with pytest.raises(ValidationError, match="full"):
        services.enrollment_add(actor=coordinator, cohort=cohort, participant=participant_with_open_case(caseworker))
    assert Cohort.objects.get(pk=cohort.pk).places_taken == 1
    # The database itself refuses a second row and a place beyond capacity.
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(
            cohort=cohort, participant=first.participant, case=first.case, enrolled_by=coordinator
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Cohort.objects.filter(pk=cohort.pk).update(places_taken=2)


def test_a_caseworker_enrolls_only_her_own_participants(caseworker, caseworker2, coordinator):
    cohort = make_cohort(coordinator)
    mine = participant_with_open_case(caseworker)
    enrollment = services.enrollment_add(actor=caseworker, cohort=cohort, participant=mine)
    assert enrollment.case.caseworker == caseworker
    with pytest.raises(PermissionDenied):
        services.enrollment_add(actor=caseworker2, cohort=cohort, participant=participant_with_open_case(caseworker))


def test_drop_out_frees_the_place_and_needs_a_reason(caseworker, coordinator):
    cohort = make_cohort(coordinator, capacity=1)
    enrollment = make_trainee(caseworker, coordinator, cohort)
    with pytest.raises(ValidationError):
        services.enrollment_drop(actor=coordinator, enrollment=enrollment, reason=" ", expected_version=1)
    services.enrollment_drop(actor=coordinator, enrollment=enrollment, reason="Pindah kota", expected_version=1)
    assert Cohort.objects.get(pk=cohort.pk).places_taken == 0
    assert Enrollment.objects.get(pk=enrollment.pk).status == EnrollmentStatus.DROPPED_OUT


def test_completion_follows_the_attendance_rule(caseworker, coordinator):
    cohort = make_cohort(coordinator)
    good = make_trainee(caseworker, coordinator, cohort, "Ani")
    poor = make_trainee(caseworker, coordinator, cohort, "Budi")
    sessions = hold_sessions(coordinator, cohort, count=5)
    # Poor misses two of five sessions: 60 % < 80 %.
    for session in sessions[:2]:
        services.attendance_record(actor=coordinator, session=session, marks={poor.pk: "absent"})
    completed, missed = services.cohort_complete(actor=coordinator, cohort=cohort)
    assert [e.pk for e in completed] == [good.pk]
    assert missed == [poor.participant.code]
    good.refresh_from_db()
    assert good.status == EnrollmentStatus.COMPLETED
    assert good.certificate_number.endswith(f"/SERT-PEL/DINSOS/{good.completed_on.year}")
    due = sorted(LivelihoodFollowUp.objects.filter(enrollment=good).values_list("months_after", "due_on"))
    assert [months for months, _ in due] == [3, 6]
    assert due[0][1] > cohort.ends_on + datetime.timedelta(days=85)
    assert Cohort.objects.get(pk=cohort.pk).status == "finished"
    assert any(good.certificate_number in entry.text for entry in TimelineEntry.objects.filter(case=good.case))
    with pytest.raises(ValidationError, match="3 of 5"):
        services.enrollment_complete(actor=coordinator, enrollment=poor)


def test_attendance_refuses_strangers_and_unknown_marks(caseworker, coordinator):
    cohort = make_cohort(coordinator)
    other = make_trainee(caseworker, coordinator, make_cohort(coordinator, name="Lain"))
    session = hold_sessions(coordinator, cohort, count=1)[0]
    with pytest.raises(ValidationError):
        services.attendance_record(actor=coordinator, session=session, marks={other.pk: "present"})
    mine = make_trainee(caseworker, coordinator, cohort, "Ani")
    with pytest.raises(ValidationError):
        services.attendance_record(actor=coordinator, session=session, marks={mine.pk: "asleep"})
    assert not session.attendance.exists()


def test_stock_is_a_ledger_and_never_negative(caseworker, coordinator):
    mixer = make_item()
    enrollment = make_trainee(caseworker, coordinator, make_cohort(coordinator))
    receive(coordinator, mixer, 2)
    given = services.handout_give(
        actor=coordinator,
        handout=Handout(participant=enrollment.participant, enrollment=enrollment, item=mixer, quantity=2),
    )
    assert mixer.stock_on_hand() == 0
    with pytest.raises(services.StockShortError, match="1 wanted, 0 on hand"):
        services.handout_give(
            actor=coordinator, handout=Handout(participant=enrollment.participant, item=mixer, quantity=1)
        )
    back = services.handout_return(actor=coordinator, handout=given, quantity=1, note="Rusak")
    assert back.kind == HandoutKind.RETURN and back.corrects == given
    assert mixer.stock_on_hand() == 1
    assert list(StockEntry.objects.filter(item=mixer).order_by("id").values_list("kind", "quantity")) == [
        ("receipt", 2),
        ("handout", -2),
        ("return", 1),
    ]
    assert [entry.balance for entry in StockEntry.objects.filter(item=mixer).order_by("id")] == [2, 0, 1]
    assert mixer.stock_on_hand() == mixer.ledger_total()
    # The database refuses a line that would leave the stock below zero, whoever writes it.
    raw = Handout.objects.create(participant=enrollment.participant, item=mixer, quantity=2, handed_out_by=coordinator)
    with pytest.raises(IntegrityError, match="stock_entry_balance_not_negative"), transaction.atomic():
        StockEntry.objects.create(
            item=mixer, kind="handout", quantity=-2, balance=-1, on=raw.handed_out_on, handout=raw
        )
    with pytest.raises(ValidationError):
        services.handout_return(actor=coordinator, handout=given, quantity=2, note="lagi")
    # The original hand-out is untouched: history is never edited.
    given.refresh_from_db()
    assert given.quantity == 2


def test_a_correction_is_a_return_plus_a_new_hand_out(caseworker, coordinator):
    mixer, blender = make_item(), make_item("Blender")
    enrollment = make_trainee(caseworker, coordinator, make_cohort(coordinator))
    receive(coordinator, mixer, 1)
    receive(coordinator, blender, 1)
    wrong = services.handout_give(
        actor=coordinator, handout=Handout(participant=enrollment.participant, enrollment=enrollment, item=mixer)
    )
    right = services.handout_correct(
        actor=coordinator, handout=wrong, corrected=Handout(item=blender), note="Salah barang"
    )
    assert right.item == blender and right.enrollment == enrollment
    assert (mixer.stock_on_hand(), blender.stock_on_hand()) == (1, 0)
    assert Handout.objects.count() == 3


def test_serial_numbers_name_one_unit(caseworker, coordinator):
    mixer = make_item(serials=True)
    receive(coordinator, mixer, 3)
    participant = participant_with_open_case(caseworker)
    with pytest.raises(ValidationError, match="one unit"):
        services.handout_give(
            actor=coordinator, handout=Handout(participant=participant, item=mixer, quantity=2, serial_number="A1")
        )
    assert mixer.stock_on_hand() == 3


def test_kit_hand_out_is_all_or_nothing(caseworker, coordinator):
    """Must show 3: with one item short, no row is written, and the error says what is missing."""
    mixer, blender = make_item(), make_item("Blender")
    cohort = make_cohort(coordinator, kit={mixer: 1, blender: 1})
    for name in ("Ani", "Budi", "Cici"):
        make_trainee(caseworker, coordinator, cohort, name)
    hold_sessions(coordinator, cohort)
    services.cohort_complete(actor=coordinator, cohort=cohort)
    receive(coordinator, mixer, 3)
    receive(coordinator, blender, 2)
    entries = StockEntry.objects.count()
    with pytest.raises(services.StockShortError) as refused:
        services.kit_hand_out(actor=coordinator, cohort=cohort)
    assert "Blender: 3 needed, 2 on hand, 1 missing" in str(refused.value)
    assert "Mixer" not in str(refused.value)
    assert not Handout.objects.exists()
    assert StockEntry.objects.count() == entries
    assert (mixer.stock_on_hand(), blender.stock_on_hand()) == (3, 2)

    receive(coordinator, blender, 1)
    handouts = services.kit_hand_out(actor=coordinator, cohort=cohort)
    assert len(handouts) == 6
    assert (mixer.stock_on_hand(), blender.stock_on_hand()) == (0, 0)
    with pytest.raises(ValidationError, match="already"):
        services.kit_hand_out(actor=coordinator, cohort=cohort)


def test_kit_hand_out_records_serial_numbers(caseworker, coordinator):
    mixer = make_item(serials=True)
    cohort = make_cohort(coordinator, kit={mixer: 1})
    enrollment = make_trainee(caseworker, coordinator, cohort)
    hold_sessions(coordinator, cohort)
    services.cohort_complete(actor=coordinator, cohort=cohort)
    receive(coordinator, mixer, 1)
    [handout] = services.kit_hand_out(actor=coordinator, cohort=cohort, serials={(enrollment.pk, mixer.pk): "MX-001"})
    assert handout.serial_number == "MX-001"


def test_unmet_need_and_livelihood(caseworker, caseworker2, coordinator):
    cohort = make_cohort(coordinator)
    enrollment = make_trainee(caseworker, coordinator, cohort)
    need = services.unmet_need_record(
        actor=caseworker,
        need=UnmetNeed(
            participant=enrollment.participant,
            cohort=cohort,
            kind="business_grant",
            amount=2_000_000,
            reason="Anggaran tidak tersedia",
        ),
    )
    assert need.recorded_by == caseworker
    with pytest.raises(PermissionDenied):
        services.unmet_need_record(
            actor=caseworker2, need=UnmetNeed(participant=enrollment.participant, kind="other", reason="x")
        )
    hold_sessions(coordinator, cohort)
    services.enrollment_complete(actor=coordinator, enrollment=enrollment)
    follow_up = LivelihoodFollowUp.objects.filter(enrollment=enrollment).first()
    follow_up.earns_from_skill, follow_up.monthly_income, follow_up.still_has_equipment = True, 1_500_000, True
    services.livelihood_record(actor=caseworker, follow_up=follow_up)
    assert follow_up.done_on is not None
    texts = [entry.text for entry in TimelineEntry.objects.filter(case=enrollment.case)]
    assert "Livelihood 3 months after Kue kering angkatan 1: earns from the skill." in texts


def test_coordinators_only_manage(caseworker, coordinator):
    from trainings.models import Cohort as CohortModel

    with pytest.raises(PermissionDenied):
        make_cohort(caseworker)
    assert not CohortModel.objects.exists()
