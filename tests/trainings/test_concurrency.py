"""Must show 2: on PostgreSQL, two connections at the same moment.

Each round runs two threads with their own connections that meet at a
barrier and then both try to take the last unit (or place). The row locks
in trainings.services make one wait for the other; the second then sees
the stock (place) gone and is refused with the reason.
"""

import threading

import pytest
from django.db import connection, connections
from django.utils import translation

from core.models import User
from tests.trainings.factories import make_cohort, make_item, participant_with_open_case, receive
from trainings import services
from trainings.models import Cohort, Enrollment, EquipmentItem, Handout, StockEntry

ROUNDS = 10


def race(work) -> dict[str, str]:
    """Run work(name) in two threads that start together; {name: "ok" or the refusal message}."""
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def run(name: str) -> None:
        try:
            translation.activate("en")  # per thread: the refusals are asserted in English
            barrier.wait(timeout=10)
            work(name)
            results[name] = "ok"
        except services.ValidationError as error:
            results[name] = " ".join(error.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(name,)) for name in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and real parallel connections")


@pytest.mark.django_db(transaction=True)
def test_two_hand_outs_of_the_last_unit_give_it_once(postgresql, caseworker, coordinator):
    item = make_item()
    participants = [participant_with_open_case(caseworker, f"P{i}") for i in range(2)]
    coordinator_id = coordinator.pk
    for round_ in range(ROUNDS):
        receive(coordinator, item, 1)  # exactly one unit on hand

        def give(name: str) -> None:
            actor = User.objects.get(pk=coordinator_id)
            services.handout_give(
                actor=actor,
                handout=Handout(participant=participants[name == "second"], item=EquipmentItem.objects.get(pk=item.pk)),
            )

        results = race(give)
        assert list(results.values()).count("ok") == 1, (round_, results)
        refused = [message for message in results.values() if message != "ok"]
        assert len(refused) == 1, (round_, results)
        assert "Not enough Mixer in stock: 1 wanted, 0 on hand." in refused[0]
        assert item.stock_on_hand() == 0
    assert Handout.objects.count() == ROUNDS
    assert sum(StockEntry.objects.values_list("quantity", flat=True)) == 0
    balances = list(StockEntry.objects.order_by("id").values_list("balance", flat=True))
    assert balances == [1, 0] * ROUNDS  # every line's balance follows the one before it


@pytest.mark.django_db(transaction=True)
def test_two_enrollments_into_the_last_place_admit_one(postgresql, caseworker, coordinator):
    coordinator_id = coordinator.pk
    for round_ in range(ROUNDS):
        cohort = make_cohort(coordinator, capacity=1, name=f"Angkatan {round_}")
        participants = {
            "first": participant_with_open_case(caseworker, f"A{round_}"),
            "second": participant_with_open_case(caseworker, f"B{round_}"),
        }

        def enroll(name: str, cohort_id: int = cohort.pk, participants: dict = participants) -> None:
            services.enrollment_add(
                actor=User.objects.get(pk=coordinator_id),
                cohort=Cohort.objects.get(pk=cohort_id),
                participant=participants[name],
            )

        results = race(enroll)
        assert sorted(results.values()) == ["The cohort is full (1 places).", "ok"], (round_, results)
        assert Enrollment.objects.filter(cohort=cohort).count() == 1
        assert Cohort.objects.get(pk=cohort.pk).places_taken == 1
