"""A double click or two tabs: parallel submits of one create form write one
record, and the others get a clear message, never a server error.

Each submit runs in its own thread with its own PostgreSQL connection; they
meet at a barrier so that the requests really overlap.
"""

import datetime
import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, CaseStatus, Commitment, FollowUp, HomeReturn, Participant, Referral
from tests.conftest import client_for
from tests.factories import make_case, make_consent, make_participant, record_departure

TODAY = timezone.localdate


def ddmmyyyy(date: datetime.date) -> str:
    return date.strftime("%d-%m-%Y")


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and real parallel connections")


def submit_in_parallel(clients: list[Client], url: str, data: dict) -> Counter:
    """POST `data` to `url` from every client at once; count the answers
    ("500" for an exception the request raised)."""
    barrier = threading.Barrier(len(clients))
    answers: list[str] = []

    def submit(client: Client) -> None:
        try:
            barrier.wait(timeout=30)
            answers.append(str(client.post(url, data).status_code))
        except Exception as error:  # noqa: BLE001 (a server error, counted as one)
            answers.append(f"500 {type(error).__name__}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return Counter(answers)


def tabs(user, count: int) -> list[Client]:
    # Signed in before the threads start: each login writes a session.
    return [client_for(user) for _ in range(count)]


def only_one_saved(answers: Counter, total: int) -> bool:
    """One redirect (saved) and, for the others, the form again with its message."""
    return answers == Counter({"302": 1, "200": total - 1})


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_records_of_one_follow_up_write_one(caseworker):
    case = make_case(caseworker, status=CaseStatus.ACTIVE)
    record_departure(caseworker, case, days_ago=8)
    follow_up = case.follow_ups.order_by("due_on").first()
    next_due = TODAY() + datetime.timedelta(days=14)
    data = {"done_on": ddmmyyyy(TODAY()), "channel": "phone", "outcome": "reached", "notes": "Sehat.",
            "next_due_on": ddmmyyyy(next_due)}  # fmt: skip
    answers = submit_in_parallel(tabs(caseworker, 20), reverse("cases:follow-up-record", args=[follow_up.pk]), data)
    assert only_one_saved(answers, 20), answers
    assert case.timeline.filter(kind="follow_up").count() == 1
    assert case.follow_ups.filter(due_on=next_due).count() == 1
    assert case.follow_ups.count() == 4


@pytest.mark.django_db(transaction=True)
def test_two_parallel_return_home_submits_write_one(caseworker):
    case = make_case(caseworker, status=CaseStatus.ACTIVE)
    data = {"arrangement": "self_funded", "declined_reason": "Tiket sendiri.", "destination_regency": "35.07",
            "travel_mode": "sea", "departed_on": ddmmyyyy(TODAY() - datetime.timedelta(days=2))}  # fmt: skip
    answers = submit_in_parallel(tabs(caseworker, 2), reverse("cases:home-return", args=[case.pk]), data)
    assert only_one_saved(answers, 2), answers
    assert HomeReturn.objects.filter(case=case).count() == 1
    assert case.follow_ups.count() == 3
    assert case.timeline.filter(kind="return").count() == 1
    assert case.timeline.filter(kind="status").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_parallel_case_opens_for_one_participant_open_one(caseworker):
    participant = make_participant(caseworker)
    data = {"participant": participant.pk, "opened_on": ddmmyyyy(TODAY()), "source": "outreach", "priority": "normal"}
    answers = submit_in_parallel(tabs(caseworker, 2), reverse("cases:case-create"), data)
    assert only_one_saved(answers, 2), answers
    assert Case.objects.filter(participant=participant).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_parallel_commitments_write_one(caseworker):
    case = make_case(caseworker, status=CaseStatus.ACTIVE)
    data = {"kind": "no_return_to_prostitution", "signed_on": ddmmyyyy(TODAY()), "witness": "Saksi"}
    answers = submit_in_parallel(tabs(caseworker, 2), reverse("cases:commitment-create", args=[case.pk]), data)
    assert only_one_saved(answers, 2), answers
    assert Commitment.objects.filter(case=case).count() == 1
    assert case.timeline.filter(kind="commitment").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_parallel_referrals_write_one(caseworker):
    case = make_case(caseworker, status=CaseStatus.ACTIVE)
    make_consent(caseworker, case.participant)
    data = {"agency": "origin_social_office", "agency_name": "Dinsos Kab. Malang", "reason": "Pendampingan.",
            "sent_on": ddmmyyyy(TODAY()), "shares_personal_data": "on"}  # fmt: skip
    answers = submit_in_parallel(tabs(caseworker, 2), reverse("cases:referral-create", args=[case.pk]), data)
    assert only_one_saved(answers, 2), answers
    assert Referral.objects.filter(case=case).count() == 1
    assert case.timeline.filter(kind="referral").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_parallel_follow_up_schedules_write_one(caseworker):
    case = make_case(caseworker, status=CaseStatus.ACTIVE)
    data = {"due_on": ddmmyyyy(TODAY() + datetime.timedelta(days=5))}
    answers = submit_in_parallel(tabs(caseworker, 2), reverse("cases:follow-up-schedule", args=[case.pk]), data)
    assert only_one_saved(answers, 2), answers
    assert FollowUp.objects.filter(case=case).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_record_racing_the_closure_is_either_made_or_refused(caseworker, supervisor):
    """Closing and recording the last contact at the same moment: the contact
    is either recorded before the case closes, or refused; never recorded on
    a closed case, never both done and cancelled."""
    case = make_case(caseworker, status=CaseStatus.MONITORING)
    record_departure(caseworker, case, days_ago=8)
    case.refresh_from_db()
    case.closure_requested_at = timezone.now()
    case.closure_reason = "Stabil."
    case.save()
    follow_up = case.follow_ups.order_by("due_on").first()
    record = {"done_on": ddmmyyyy(TODAY()), "channel": "phone", "outcome": "reached"}
    barrier = threading.Barrier(2)
    answers: dict[str, str] = {}

    def post(name: str, client: Client, url: str, data: dict) -> None:
        try:
            barrier.wait(timeout=30)
            answers[name] = str(client.post(url, data).status_code)
        except Exception as error:  # noqa: BLE001
            answers[name] = f"500 {type(error).__name__}"
        finally:
            connections.close_all()

    jobs = [
        ("record", client_for(caseworker), reverse("cases:follow-up-record", args=[follow_up.pk]), record),
        ("close", client_for(supervisor), reverse("cases:case-approve-closure", args=[case.pk]),
         {"version": case.version}),
    ]  # fmt: skip
    threads = [threading.Thread(target=post, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(answer.startswith("500") for answer in answers.values()), answers
    case.refresh_from_db()
    follow_up.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert follow_up.is_done != follow_up.is_cancelled
    assert not FollowUp.objects.due().filter(case=case).exists()


@pytest.mark.django_db(transaction=True)
def test_two_parallel_consents_of_one_purpose_write_one(caseworker):
    participant = make_participant(caseworker)
    data = {"purpose": "photos", "text_version": "2026-1", "given_on": ddmmyyyy(TODAY())}
    answers = submit_in_parallel(tabs(caseworker, 2), reverse("cases:consent-create", args=[participant.pk]), data)
    assert only_one_saved(answers, 2), answers
    assert participant.consents.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("nik", ["", "6271035203900001"], ids=["without-nik", "with-nik"])
def test_two_parallel_registrations_of_one_person_write_one(caseworker, nik):
    data = {"full_name": "Siti Rahayu", "sex": "F", "birth_date": "12-03-1990", "nik": nik,
            "welfare_category": "sex_work", "confirm": "on" if nik else ""}  # fmt: skip
    # With a NIK the warnings about it are confirmed: the NIK is what stops the second.
    answers = submit_in_parallel(tabs(caseworker, 2), reverse("cases:participant-create"), data)
    assert only_one_saved(answers, 2), answers
    assert Participant.objects.filter(full_name="Siti Rahayu").count() == 1
