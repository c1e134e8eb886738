"""The attendance and unmet-need lists and their downloads: filters, who sees whose rows,
the file holds exactly the filtered rows (names only with the permission), every download audited."""

import csv
import io

from auditlog.models import LogEntry
from django.urls import reverse

from tests.conftest import client_for
from tests.trainings.factories import hold_sessions, make_cohort, make_trainee
from trainings import services
from trainings.models import AttendanceStatus, UnmetNeed


def rows_of(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def two_cohorts(caseworker, caseworker2, coordinator):
    """Ani (caseworker's) absent from the first of two sessions of cohort A; Dewi (caseworker2's) in cohort B."""
    first = make_cohort(coordinator, name="Kue A")
    second = make_cohort(coordinator, name="Jahit B")
    ani = make_trainee(caseworker, coordinator, first, "Ani Lestari")
    dewi = make_trainee(caseworker2, coordinator, second, "Dewi Sartika")
    sessions = hold_sessions(coordinator, first, count=2)
    services.attendance_record(actor=coordinator, session=sessions[0], marks={ani.pk: AttendanceStatus.ABSENT})
    hold_sessions(coordinator, second, count=1)
    return first, second, ani, dewi, sessions


def test_the_attendance_list_filters_by_cohort_date_mark_and_trainee(caseworker, caseworker2, coordinator):
    first, second, ani, dewi, sessions = two_cohorts(caseworker, caseworker2, coordinator)
    client = client_for(coordinator, language="en")
    url = reverse("trainings:attendance-list")
    assert len(client.get(url).context["object_list"]) == 3
    assert len(client.get(url, {"cohort": first.pk}).context["object_list"]) == 2
    absent = client.get(url, {"status": "absent"})
    assert [a.enrollment_id for a in absent.context["object_list"]] == [ani.pk]
    assert "Ani Lestari" in absent.content.decode() and "Absent" in absent.content.decode()
    day = sessions[1].held_on.strftime("%d-%m-%Y")
    assert len(client.get(url, {"held_min": day, "held_max": day}).context["object_list"]) == 1
    assert [a.enrollment_id for a in client.get(url, {"q": "Dewi"}).context["object_list"]] == [dewi.pk]
    # A caseworker sees her own trainees' marks only.
    mine = client_for(caseworker).get(url).context["object_list"]
    assert {a.enrollment_id for a in mine} == {ani.pk}
    assert not client_for(caseworker2).get(url, {"cohort": first.pk}).context["object_list"]


def test_the_attendance_download_holds_the_filtered_rows_names_only_with_the_permission(
    caseworker, caseworker2, coordinator
):
    first, _second, ani, _dewi, _sessions = two_cohorts(caseworker, caseworker2, coordinator)
    url = reverse("trainings:attendance-export")
    rows = rows_of(client_for(coordinator, language="en").get(url, {"cohort": first.pk, "status": "absent"}))
    assert [(row["participant code"], row["full name"], row["attendance"]) for row in rows] == [
        (ani.participant.code, "Ani Lestari", "Absent")
    ]
    own = rows_of(client_for(caseworker, language="en").get(url))
    assert {row["participant code"] for row in own} == {ani.participant.code}
    assert "full name" not in own[0]  # a caseworker's download names nobody
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__event="export").count() == 2
    xlsx = client_for(coordinator).get(url, {"format": "xlsx"})
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"


def test_the_unmet_need_list_shows_the_total_of_the_filtered_needs(caseworker, caseworker2, coordinator):
    first, second, ani, dewi, _sessions = two_cohorts(caseworker, caseworker2, coordinator)
    for enrollment, kind, amount in [
        (ani, "business_grant", 2_000_000),
        (ani, "transport_allowance", 150_000),
        (dewi, "business_grant", 3_000_000),
    ]:
        services.unmet_need_record(
            actor=coordinator,
            need=UnmetNeed(
                participant=enrollment.participant,
                cohort=enrollment.cohort,
                kind=kind,
                amount=amount,
                reason="Anggaran tidak tersedia",
            ),
        )
    url = reverse("trainings:unmet-need-list")
    page = client_for(coordinator, language="en").get(url)
    assert "3 unmet needs match these filters, Rp5.150.000 in all." in page.content.decode()
    page = client_for(coordinator, language="en").get(url, {"kind": "business_grant"})
    assert "Rp5.000.000 in all" in page.content.decode() and len(page.context["object_list"]) == 2
    page = client_for(coordinator).get(url, {"cohort": first.pk})
    assert (
        page.content.decode().count("2 kebutuhan tak terpenuhi sesuai dengan filter ini, seluruhnya Rp2.150.000.") == 1
    )
    mine = client_for(caseworker, language="en").get(url)
    assert "Rp2.150.000 in all" in mine.content.decode()
    assert "Dewi" not in mine.content.decode()
    rows = rows_of(client_for(coordinator, language="en").get(reverse("trainings:unmet-need-export"), {"q": "Dewi"}))
    assert [(row["full name"], row["amount (Rp)"], row["kind"]) for row in rows] == [
        ("Dewi Sartika", "3000000", "Start-up capital")
    ]


def test_a_recorded_need_leads_to_the_unmet_need_list_without_a_cohort(caseworker, coordinator):
    enrollment = make_trainee(caseworker, coordinator, make_cohort(coordinator))
    data = {"participant": enrollment.participant_id, "kind": "living_allowance", "amount": "500000", "reason": "-"}
    response = client_for(coordinator).post(reverse("trainings:unmet-need-create"), data)
    assert response["Location"] == reverse("trainings:unmet-need-list")
    assert (
        client_for(coordinator)
        .get(reverse("trainings:cohort-list"))
        .content.decode()
        .count(reverse("trainings:unmet-need-list"))
        == 1
    )


def test_a_malformed_session_date_shows_nothing_rather_than_every_mark(caseworker, caseworker2, coordinator):
    two_cohorts(caseworker, caseworker2, coordinator)
    response = client_for(coordinator).get(reverse("trainings:attendance-list"), {"held_min": "31-02-2026"})
    assert response.status_code == 200 and not response.context["object_list"]
