"""Lists, exports and the cohort report cost the same number of queries for 10 rows as for 1,000."""

import datetime

import pytest
from django.urls import reverse

from cases.models import Case, Participant
from tests.conftest import client_for
from tests.trainings.factories import make_cohort, make_item, make_program
from trainings import services
from trainings.models import (
    Attendance,
    Cohort,
    Enrollment,
    Handout,
    LedgerKind,
    LivelihoodFollowUp,
    Session,
    StockEntry,
    StockReceipt,
    UnmetNeed,
)


def build(count: int, worker, coordinator) -> Cohort:
    """`count` of every row kind, written in bulk (the services are tested elsewhere)."""
    program = make_program()
    today = datetime.date(2026, 6, 1)
    Cohort.objects.bulk_create(
        Cohort(
            program=program,
            name=f"C{i}",
            starts_on=today,
            ends_on=today,
            place="Aula",
            capacity=5,
            coordinator=coordinator,
        )
        for i in range(count)
    )
    cohort = make_cohort(coordinator, capacity=count + 1, name="Besar", kit={make_item(): 1})
    participants = Participant.objects.bulk_create(
        Participant(code=f"PR-B-{i:05d}", full_name=f"Peserta {i}", created_by=worker) for i in range(count)
    )
    cases = Case.objects.bulk_create(
        Case(number=f"KS-B-{i:05d}", participant=p, caseworker=worker) for i, p in enumerate(participants)
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(cohort=cohort, participant=p, case=c, enrolled_by=coordinator)
        for p, c in zip(participants, cases, strict=True)
    )
    session = Session.objects.create(cohort=cohort, held_on=today)
    Attendance.objects.bulk_create(
        Attendance(session=session, enrollment=e, status="present", recorded_by=coordinator) for e in enrollments
    )
    item = cohort.kit.first().item
    receipt = StockReceipt.objects.create(item=item, quantity=count, source="APBD", recorded_by=coordinator)
    services.ledger_lines([StockEntry(item=item, kind=LedgerKind.RECEIPT, quantity=count, on=today, receipt=receipt)])
    handouts = Handout.objects.bulk_create(
        Handout(participant=e.participant, enrollment=e, item=item, handed_out_by=coordinator) for e in enrollments
    )
    services.ledger_lines(
        [StockEntry(item=item, kind=LedgerKind.HANDOUT, quantity=-1, on=today, handout=h) for h in handouts]
    )
    LivelihoodFollowUp.objects.bulk_create(
        LivelihoodFollowUp(enrollment=e, months_after=3, due_on=today) for e in enrollments
    )
    UnmetNeed.objects.bulk_create(
        UnmetNeed(participant=e.participant, cohort=cohort, kind="business_grant", reason="-", recorded_by=worker)
        for e in enrollments
    )
    return cohort


PAGES = [
    ("trainings:cohort-list", False),
    ("trainings:cohort-export", False),
    ("trainings:enrollment-list", False),
    ("trainings:enrollment-export", False),
    ("trainings:stock-list", False),
    ("trainings:stock-export", False),
    ("trainings:handout-list", False),
    ("trainings:handout-export", False),
    ("trainings:livelihood-list", False),
    ("trainings:attendance-list", False),
    ("trainings:attendance-export", False),
    ("trainings:unmet-need-list", False),
    ("trainings:unmet-need-export", False),
    ("trainings:cohort-report", True),
    ("trainings:cohort-detail", True),
    ("trainings:handover-print", True),
    ("trainings:attendance-sheet", True),
]


def queries(client, url, django_assert_max_num_queries, budget: int) -> None:
    with django_assert_max_num_queries(budget):
        response = client.get(url)
        assert response.status_code == 200
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)


@pytest.mark.parametrize("count", [10, 1000])
@pytest.mark.parametrize(("name", "takes_cohort"), PAGES)
def test_query_count_is_flat(
    count, name, takes_cohort, caseworker, supervisor, coordinator, django_assert_max_num_queries
):
    cohort = build(count, caseworker, coordinator)
    url = reverse(name, args=[cohort.pk]) if takes_cohort else reverse(name)
    for user in (coordinator, supervisor):
        client = client_for(user)
        client.get(reverse("home"))  # the session and permission caches are warm, as on a real visit
        queries(client, url, django_assert_max_num_queries, 22)
    caseworker_pages = ("enrollment-list", "handout-export", "livelihood-list", "attendance-list", "unmet-need-list")
    if name.removeprefix("trainings:") in caseworker_pages:
        queries(client_for(caseworker), url, django_assert_max_num_queries, 22)


@pytest.mark.parametrize("count", [10, 1000])
@pytest.mark.parametrize("name", ["trainings:attendance-export", "trainings:unmet-need-export"])
def test_the_xlsx_downloads_of_attendance_and_unmet_needs_are_flat(
    count, name, caseworker, coordinator, django_assert_max_num_queries
):
    build(count, caseworker, coordinator)
    client = client_for(coordinator)
    client.get(reverse("home"))
    queries(client, reverse(name) + "?format=xlsx", django_assert_max_num_queries, 22)
