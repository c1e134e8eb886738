"""The trainings pages through HTTP: every POST for every role, bad input writes nothing."""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from tests.conftest import client_for, make_persona
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
    BudgetLine,
    Cohort,
    Enrollment,
    EnrollmentStatus,
    Handout,
    KitLine,
    LivelihoodFollowUp,
    StockEntry,
    StockReceipt,
    UnmetNeed,
)

COHORT_POST = {
    "name": "Menjahit angkatan 2",
    "starts_on": "01-12-2026",
    "ends_on": "12-12-2026",
    "place": "Aula",
    "capacity": "20",
    "min_attendance_percent": "80",
    # The budget lines' formset: no line.
    "budget-TOTAL_FORMS": "0",
    "budget-INITIAL_FORMS": "0",
}


def cohort_data(program, coordinator, **changes) -> dict:
    return {**COHORT_POST, "program": program.pk, "coordinator": coordinator.pk, **changes}


def test_a_coordinator_creates_a_cohort_with_a_kit(coordinator):
    mixer, blender = make_item(), make_item("Blender")
    program = make_cohort(coordinator).program
    response = client_for(coordinator).post(
        reverse("trainings:cohort-create"),
        cohort_data(program, coordinator, **{f"kit_{mixer.pk}": "1", f"kit_{blender.pk}": "2"}),
    )
    cohort = Cohort.objects.get(name="Menjahit angkatan 2")
    assert response.status_code == 302 and response["Location"] == cohort.get_absolute_url()
    assert sorted(cohort.kit.values_list("item__name", "quantity")) == [("Blender", 2), ("Mixer", 1)]


@pytest.mark.parametrize(
    "changes",
    [
        {"capacity": "0"},
        {"capacity": "-3"},
        {"capacity": "12abc"},
        {"ends_on": "01-11-2026"},
        {"starts_on": "2026-13-45"},
        {"min_attendance_percent": "101"},
        {"name": "x" * 151},
        {"program": "999999"},
    ],
)
def test_bad_cohort_input_writes_nothing(coordinator, changes):
    program = make_cohort(coordinator).program
    before = Cohort.objects.count()
    data = {**cohort_data(program, coordinator), **changes}
    response = client_for(coordinator).post(reverse("trainings:cohort-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Cohort.objects.count() == before


def test_a_nul_byte_in_the_cohort_form_is_a_400_and_writes_nothing(coordinator):
    program = make_cohort(coordinator).program
    before = Cohort.objects.count()
    data = cohort_data(program, coordinator, name="\x00")
    response = client_for(coordinator).post(reverse("trainings:cohort-create"), data)
    assert response.status_code == 400  # core.middleware refuses NUL bytes before any view
    assert Cohort.objects.count() == before


def test_only_managers_post_to_the_cohort_pages(caseworker, caseworker2, inspector, coordinator):
    cohort = make_cohort(coordinator)
    for user in (caseworker, caseworker2):
        client = client_for(user)
        assert client.post(reverse("trainings:cohort-create"), {}).status_code == 403
        for name in ("cohort-status", "cohort-complete", "session-create", "kit-hand-out", "cohort-edit"):
            assert client.post(reverse(f"trainings:{name}", args=[cohort.pk]), {"to": "finished"}).status_code == 403
    for name in ("cohort-status", "cohort-complete", "session-create"):
        assert client_for(inspector).post(reverse(f"trainings:{name}", args=[cohort.pk])).status_code == 404
    assert Cohort.objects.get(pk=cohort.pk).status == "running"


def test_caseworker_enrolls_her_own_participant_only(caseworker, caseworker2, coordinator):
    cohort = make_cohort(coordinator)
    mine = participant_with_open_case(caseworker, "Ani")
    theirs = participant_with_open_case(caseworker2, "Dewi")
    url = reverse("trainings:enroll", args=[cohort.pk])
    page = client_for(caseworker).get(url)
    assert "Ani" in page.content.decode() and "Dewi" not in page.content.decode()
    response = client_for(caseworker).post(url, {"participant": theirs.pk})
    assert response.status_code == 200 and response.context["form"].errors
    assert client_for(caseworker).post(url, {"participant": mine.pk}).status_code == 302
    assert list(Enrollment.objects.values_list("participant", flat=True)) == [mine.pk]


def test_enrolling_into_a_full_cohort_says_so(caseworker, coordinator):
    cohort = make_cohort(coordinator, capacity=1)
    make_trainee(caseworker, coordinator, cohort)
    late = participant_with_open_case(caseworker, "Telat")
    response = client_for(coordinator, language="en").post(
        reverse("trainings:enroll", args=[cohort.pk]), {"participant": late.pk}
    )
    assert "The cohort is full" in response.content.decode()
    assert Enrollment.objects.count() == 1


def test_attendance_grid_marks_everyone_in_one_go(caseworker, caseworker2, coordinator):
    cohort = make_cohort(coordinator)
    one, two = make_trainee(caseworker, coordinator, cohort, "Ani"), make_trainee(caseworker, coordinator, cohort, "Bu")
    [session] = hold_sessions(coordinator, cohort, count=1)
    url = reverse("trainings:attendance", args=[session.pk])
    assert client_for(caseworker).post(url, {}).status_code == 403
    response = client_for(coordinator).post(url, {f"mark_{one.pk}": "absent", f"mark_{two.pk}": "excused"})
    assert response.status_code == 302
    assert dict(session.attendance.values_list("enrollment", "status")) == {one.pk: "absent", two.pk: "excused"}
    # A forged mark writes nothing.
    response = client_for(coordinator).post(url, {f"mark_{one.pk}": "present", f"mark_{two.pk}": "asleep"})
    assert response.status_code == 200
    assert dict(session.attendance.values_list("enrollment", "status")) == {one.pk: "absent", two.pk: "excused"}


def test_complete_and_kit_hand_out_through_the_pages(caseworker, coordinator):
    mixer, blender = make_item(), make_item("Blender")
    cohort = make_cohort(coordinator, kit={mixer: 1, blender: 1})
    enrollment = make_trainee(caseworker, coordinator, cohort)
    hold_sessions(coordinator, cohort)
    client = client_for(coordinator, language="en")
    client.post(reverse("trainings:cohort-complete", args=[cohort.pk]))
    assert Enrollment.objects.get(pk=enrollment.pk).status == EnrollmentStatus.COMPLETED
    receive(coordinator, mixer, 1)
    url = reverse("trainings:kit-hand-out", args=[cohort.pk])
    response = client.post(url, {"handed_out_on": "01-01-2026"})
    assert "Blender: 1 needed, 0 on hand, 1 missing" in response.content.decode()
    assert not Handout.objects.exists()
    receive(coordinator, blender, 1)
    assert client.post(url, {"handed_out_on": "01-01-2026"}).status_code == 302
    assert Handout.objects.count() == 2


def test_stock_receive_and_hand_out_forms(caseworker, coordinator):
    mixer = make_item()
    enrollment = make_trainee(caseworker, coordinator, make_cohort(coordinator))
    client = client_for(coordinator, language="en")
    data = {"item": mixer.pk, "received_on": "01-11-2026", "quantity": "1", "unit_cost": "350000", "source": "APBD"}
    assert client_for(caseworker).post(reverse("trainings:stock-receive"), data).status_code == 403
    for bad in (
        {"quantity": "0"},
        {"quantity": "-1"},
        {"unit_cost": "-5"},
        {"source": ""},
        {"received_on": "31-02-2026"},
    ):
        assert client.post(reverse("trainings:stock-receive"), {**data, **bad}).status_code == 200
    assert not StockReceipt.objects.exists()
    assert client.post(reverse("trainings:stock-receive"), data).status_code == 302
    handout = {"enrollment": enrollment.pk, "item": mixer.pk, "quantity": "2", "handed_out_on": "02-11-2026"}
    response = client.post(reverse("trainings:handout-create"), handout)
    assert "Not enough Mixer in stock: 2 wanted, 1 on hand." in response.content.decode()
    assert not Handout.objects.exists()
    assert client.post(reverse("trainings:handout-create"), {**handout, "quantity": "1"}).status_code == 302
    given_out = Handout.objects.get()
    url = reverse("trainings:handout-return", args=[given_out.pk])
    assert client.post(url, {"quantity": "2", "note": "rusak"}).status_code == 200  # more than was given
    assert client.post(url, {"quantity": "1", "note": ""}).status_code == 200
    assert client.post(url, {"quantity": "1", "note": "rusak"}).status_code == 302
    assert sum(StockEntry.objects.values_list("quantity", flat=True)) == 1


def test_drop_out_livelihood_and_unmet_need_forms(caseworker, caseworker2, coordinator):
    cohort = make_cohort(coordinator)
    dropper = make_trainee(caseworker, coordinator, cohort, "Keluar")
    drop = reverse("trainings:enrollment-drop", args=[dropper.pk])
    assert client_for(caseworker).post(drop, {"reason": "x"}).status_code == 403
    client_for(coordinator).post(drop, {"reason": ""})
    assert Enrollment.objects.get(pk=dropper.pk).status == EnrollmentStatus.ENROLLED
    client_for(coordinator).post(drop, {"reason": "Pindah"})
    assert Enrollment.objects.get(pk=dropper.pk).status == EnrollmentStatus.DROPPED_OUT

    enrollment = make_trainee(caseworker, coordinator, cohort, "Lulus")
    hold_sessions(coordinator, cohort)
    services.enrollment_complete(actor=coordinator, enrollment=enrollment)
    follow_up = LivelihoodFollowUp.objects.filter(enrollment=enrollment).first()
    url = reverse("trainings:livelihood-record", args=[follow_up.pk])
    assert client_for(caseworker2).post(url, {}).status_code == 404
    for bad in ({"earns": "maybe"}, {"monthly_income": "-1"}, {"done_on": "01-01-2999"}):
        data = {"done_on": "01-11-2026", "earns": "yes", "has_equipment": "yes", "monthly_income": "500000", **bad}
        assert client_for(caseworker).post(url, data).status_code == 200
    assert LivelihoodFollowUp.objects.get(pk=follow_up.pk).done_on is None
    data = {"done_on": "01-11-2026", "earns": "yes", "has_equipment": "no", "monthly_income": "1500000"}
    assert client_for(caseworker).post(url, data).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.earns_from_skill is True and follow_up.still_has_equipment is False

    need_url = reverse("trainings:unmet-need-create")
    need = {
        "participant": enrollment.participant_id,
        "cohort": cohort.pk,
        "kind": "business_grant",
        "amount": "2000000",
    }
    assert client_for(caseworker2).post(need_url, {**need, "reason": "Anggaran"}).status_code == 200  # not hers
    assert client_for(caseworker).post(need_url, {**need, "reason": ""}).status_code == 200
    assert not UnmetNeed.objects.exists()
    assert client_for(caseworker).post(need_url, {**need, "reason": "Anggaran tidak tersedia"}).status_code == 302
    assert UnmetNeed.objects.count() == 1


def test_another_caseworkers_trainee_is_a_404(caseworker, caseworker2, coordinator):
    cohort = make_cohort(coordinator)
    enrollment = make_trainee(caseworker, coordinator, cohort)
    client = client_for(caseworker2)
    assert client.get(reverse("trainings:enrollment-detail", args=[enrollment.pk])).status_code == 404
    assert client.get(reverse("trainings:enrollment-detail", args=[enrollment.pk + 1000])).status_code == 404
    page = client.get(reverse("trainings:cohort-detail", args=[cohort.pk])).content.decode()
    assert enrollment.participant.full_name not in page
    assert enrollment.participant.full_name in client_for(caseworker).get(cohort.get_absolute_url()).content.decode()
    assert not client.get(reverse("trainings:enrollment-list")).context["object_list"]


class TestHostileCohortForm(HypothesisTestCase):
    """Whatever is typed into the cohort form: no 500, and an invalid form writes nothing."""

    @classmethod
    def setUpTestData(cls):
        cls.coordinator = make_persona("coordinator")
        cls.program = make_cohort(cls.coordinator).program
        cls.mixer = make_item()

    @settings(max_examples=40, deadline=None)
    @given(
        name=st.text(max_size=300),
        capacity=st.text(max_size=12),
        starts_on=st.text(max_size=20),
        percent=st.text(max_size=6),
        kit=st.text(max_size=8),
        amount=st.text(max_size=20),
    )
    def test_no_500_and_nothing_written_when_invalid(self, name, capacity, starts_on, percent, kit, amount):
        before = (Cohort.objects.count(), BudgetLine.objects.count(), KitLine.objects.count())
        data = cohort_data(
            self.program,
            self.coordinator,
            name=name,
            capacity=capacity,
            starts_on=starts_on,
            min_attendance_percent=percent,
            **{f"kit_{self.mixer.pk}": kit, "budget-TOTAL_FORMS": "1", "budget-0-description": "Honor"},
            **{"budget-0-amount": amount},
        )
        response = client_for(self.coordinator).post(reverse("trainings:cohort-create"), data)
        assert response.status_code in (200, 302, 400)  # 400: a NUL byte (core.middleware)
        if response.status_code != 302:
            assert (Cohort.objects.count(), BudgetLine.objects.count(), KitLine.objects.count()) == before
