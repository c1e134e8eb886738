"""A case that stays consistent: its status follows the facts, closing cancels
what is still due, a closed case is read-only until a supervisor reopens it,
and a participant has one open case at a time."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, CaseStatus, Commitment, Consent, FollowUp, HomeReturn, Participant, Referral
from tests.conftest import client_for
from tests.factories import (
    make_case,
    make_commitment,
    make_consent,
    make_participant,
    make_referral,
    record_departure,
)

TODAY = timezone.localdate


def ddmmyyyy(date: datetime.date) -> str:
    return date.strftime("%d-%m-%Y")


def return_data(**changes) -> dict:
    return {
        "arrangement": "self_funded",
        "declined_reason": "Sudah membeli tiket kapal sendiri.",
        "destination_regency": "35.07",
        "travel_mode": "sea",
        "departed_on": ddmmyyyy(TODAY() - datetime.timedelta(days=3)),
        **changes,
    }


def status_moves(case: Case) -> list[tuple[str, str]]:
    entries = case.timeline.filter(kind="status").order_by("at", "id")
    return [(entry.params["from"], entry.params["to"]) for entry in entries]


def close(case: Case, supervisor) -> Case:
    case.refresh_from_db()
    if case.status != CaseStatus.MONITORING:
        case.status = CaseStatus.MONITORING
        case.save(update_fields=["status"])
    services.case_request_closure(actor=case.caseworker, case=case, reason="Stabil.", expected_version=case.version)
    services.case_approve_closure(actor=supervisor, case=case, expected_version=case.version)
    return case


# --- Status follows the facts ---------------------------------------------------


@pytest.mark.parametrize("start", [CaseStatus.INTAKE, CaseStatus.ACTIVE])
def test_recording_the_departure_moves_the_case_to_returned_home(caseworker, start):
    case = make_case(caseworker, status=start)
    response = client_for(caseworker).post(reverse("cases:home-return", args=[case.pk]), return_data())
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.RETURNED_HOME
    assert status_moves(case) == [(start, CaseStatus.RETURNED_HOME)]


def test_confirming_the_arrival_moves_the_case_to_monitoring(caseworker):
    case = make_case(caseworker, status=CaseStatus.ACTIVE)
    url = reverse("cases:home-return", args=[case.pk])
    client = client_for(caseworker)
    client.post(url, return_data())
    arrival = {"arrived_on": ddmmyyyy(TODAY()), "arrival_confirmed_how": "Telepon keluarga"}
    assert client.post(url, return_data(**arrival)).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.MONITORING
    assert status_moves(case) == [
        (CaseStatus.ACTIVE, CaseStatus.RETURNED_HOME),
        (CaseStatus.RETURNED_HOME, CaseStatus.MONITORING),
    ]


def test_departure_and_arrival_in_one_save_move_the_case_step_by_step(caseworker):
    case = make_case(caseworker, status=CaseStatus.ACTIVE)
    arrival = {"arrived_on": ddmmyyyy(TODAY()), "arrival_confirmed_how": "Telepon keluarga"}
    client_for(caseworker).post(reverse("cases:home-return", args=[case.pk]), return_data(**arrival))
    case.refresh_from_db()
    assert case.status == CaseStatus.MONITORING
    assert [to for _, to in status_moves(case)] == [CaseStatus.RETURNED_HOME, CaseStatus.MONITORING]


def test_a_case_further_along_keeps_its_status(caseworker):
    case = make_case(caseworker, status=CaseStatus.MONITORING)
    arrival = {"arrived_on": ddmmyyyy(TODAY()), "arrival_confirmed_how": "Telepon keluarga"}
    client_for(caseworker).post(reverse("cases:home-return", args=[case.pk]), return_data(**arrival))
    case.refresh_from_db()
    assert case.status == CaseStatus.MONITORING
    assert status_moves(case) == []


def test_the_status_move_is_shown_in_the_readers_language(caseworker):
    case = make_case(caseworker, status=CaseStatus.ACTIVE)
    client_for(caseworker).post(reverse("cases:home-return", args=[case.pk]), return_data())
    english = client_for(caseworker, language="en").get(case.get_absolute_url()).content.decode()
    assert "Status changed from Active to Returned home." in english
    indonesian = client_for(caseworker).get(case.get_absolute_url()).content.decode()
    assert "Status changed" not in indonesian


# --- Closing cancels what is still due -------------------------------------------


def test_closing_a_case_cancels_its_pending_follow_ups_and_keeps_them(caseworker, supervisor):
    case = make_case(caseworker, status=CaseStatus.ACTIVE)
    record_departure(caseworker, case, days_ago=10)
    first = case.follow_ups.order_by("due_on").first()
    services.follow_up_record(
        actor=caseworker,
        follow_up=FollowUp(pk=first.pk, case=case, due_on=first.due_on, done_on=TODAY(), channel="phone",
                           outcome="reached"),
    )  # fmt: skip
    close(case, supervisor)
    follow_ups = list(case.follow_ups.order_by("due_on"))
    assert len(follow_ups) == 3  # kept, not deleted
    assert follow_ups[0].is_done and not follow_ups[0].is_cancelled
    assert [f.cancelled_on for f in follow_ups[1:]] == [case.closed_on, case.closed_on]
    assert not FollowUp.objects.due().filter(case=case).exists()
    entry = case.timeline.get(kind="follow_ups_cancelled")
    assert entry.params == {"count": 2}
    assert (
        "2 pending follow-ups cancelled"
        in client_for(supervisor, language="en").get(case.get_absolute_url()).content.decode()
    )


def test_cancelled_follow_ups_are_shown_in_the_list_and_left_out_of_what_is_due(caseworker, supervisor):
    case = make_case(caseworker, status=CaseStatus.ACTIVE)
    record_departure(caseworker, case, days_ago=40)  # one overdue, two to come
    close(case, supervisor)
    client = client_for(caseworker, language="en")
    url = reverse("cases:follow-up-list")
    assert client.get(url).content.decode().count('text-bg-secondary">Cancelled<') == 3
    assert "Cancelled" in client.get(url, {"state": "cancelled"}).content.decode()
    for state in ("due", "overdue"):
        assert case.number not in client.get(url, {"state": state}).content.decode()
    # The caseworker's home page no longer lists them as overdue.
    assert case.participant.code not in client.get("/").content.decode()


# --- Closed or archived: read-only until a supervisor reopens it ------------------


@pytest.fixture
def closed(caseworker, supervisor) -> dict:
    """A closed case of `caseworker` with one of every record, and the ids of each."""
    case = make_case(caseworker, status=CaseStatus.ACTIVE)
    record_departure(caseworker, case)
    make_commitment(caseworker, case)
    referral = make_referral(caseworker, case)
    follow_up = case.follow_ups.first()
    close(case, supervisor)
    return {
        "case": case,
        "pk": {
            "case": case.pk,
            "follow_up": follow_up.pk,
            "referral": referral.pk,
            "participant": case.participant_id,
            "consent": case.participant.consents.first().pk,
        },
    }


def archive(case: Case, supervisor) -> None:
    case.refresh_from_db()
    services.case_archive(actor=supervisor, case=case, expected_version=case.version)


LATER = ddmmyyyy(TODAY() + datetime.timedelta(days=20))
# Every URL that writes inside a case or about its participant, with a valid POST.
WRITE_URLS = [
    ("cases:case-edit", "case", {"source": "outreach", "priority": "high", "summary": "x"}),
    ("cases:case-transition", "case", {"to": "monitoring"}),
    ("cases:case-request-closure", "case", {"reason": "Lagi."}),
    ("cases:home-return", "case", return_data()),
    ("cases:commitment-create", "case", {"kind": "no_return_to_prostitution", "signed_on": ddmmyyyy(TODAY())}),
    ("cases:follow-up-schedule", "case", {"due_on": LATER}),
    ("cases:referral-create", "case", {"agency": "health", "reason": "Periksa.", "sent_on": ddmmyyyy(TODAY())}),
    ("cases:referral-update", "referral", {"status": "answered", "reply": "Selesai."}),
    ("cases:follow-up-record", "follow_up", {"done_on": ddmmyyyy(TODAY()), "channel": "phone", "outcome": "reached"}),
    ("cases:participant-edit", "participant", {"full_name": "Nama Baru", "sex": "F", "welfare_category": "other"}),
    ("cases:consent-create", "participant", {"purpose": "photos", "text_version": "2026-1",
                                             "given_on": ddmmyyyy(TODAY())}),
    ("cases:consent-withdraw", "consent", {"withdrawn_on": ddmmyyyy(TODAY())}),
]  # fmt: skip
POST_ONLY = {"cases:case-transition", "cases:case-request-closure"}


def snapshot(case: Case) -> tuple:
    """Everything the write URLs could change."""
    case.refresh_from_db()
    participant = case.participant
    participant.refresh_from_db()
    return (
        case.version,
        case.status,
        case.closure_requested_at,
        participant.version,
        case.timeline.count(),
        FollowUp.objects.filter(case=case, done_on__isnull=False).count(),
        FollowUp.objects.filter(case=case).count(),
        Commitment.objects.filter(case=case).count(),
        list(Referral.objects.filter(case=case).values_list("status", flat=True)),
        list(Consent.objects.filter(participant=participant).values_list("withdrawn_on", flat=True)),
        HomeReturn.objects.filter(case=case).values_list("departed_on", flat=True).get(),
    )


PARTICIPANT_URLS = {"cases:participant-edit", "cases:consent-create", "cases:consent-withdraw"}


@pytest.mark.parametrize("archived", [False, True], ids=["closed", "archived"])
@pytest.mark.parametrize(("name", "obj", "data"), WRITE_URLS, ids=[row[0] for row in WRITE_URLS])
def test_every_write_url_refuses_a_closed_or_archived_case(closed, caseworker, supervisor, name, obj, data, archived):
    case = closed["case"]
    if archived:
        archive(case, supervisor)
    url = reverse(name, args=[closed["pk"][obj]])
    before = snapshot(case)
    # A supervisor reopens the case before changing it; her participant's details and
    # consents (a withdrawal must always be recordable) stay open to a supervisor.
    users = [caseworker] if name in PARTICIPANT_URLS else [caseworker, supervisor]
    reason = "Her cases are closed" if name in PARTICIPANT_URLS else "once a supervisor reopens it"
    for user in users:
        client = client_for(user, language="en")
        if name not in POST_ONLY:
            refused = client.get(url)
            assert refused.status_code == 403, user
            assert reason in refused.content.decode()
        response = client.post(url, {**data, "version": case.version})
        assert response.status_code == 403, user
    assert snapshot(case) == before


def test_a_supervisor_still_records_a_consent_withdrawal_after_the_case_closed(closed, supervisor):
    consent = Consent.objects.get(pk=closed["pk"]["consent"])
    url = reverse("cases:consent-withdraw", args=[consent.pk])
    assert client_for(supervisor).post(url, {"withdrawn_on": ddmmyyyy(TODAY())}).status_code == 302
    consent.refresh_from_db()
    assert not consent.is_active


def test_the_case_page_offers_no_write_button_on_a_closed_case(closed, caseworker, supervisor):
    case = closed["case"]
    for user in (caseworker, supervisor):
        page = client_for(user).get(case.get_absolute_url()).content.decode()
        assert reverse("cases:case-edit", args=[case.pk]) not in page
        assert reverse("cases:home-return", args=[case.pk]) not in page
        assert 'data-testid="read-only-note"' in page
    assert 'data-testid="reopen"' in client_for(supervisor).get(case.get_absolute_url()).content.decode()
    assert 'data-testid="reopen"' not in client_for(caseworker).get(case.get_absolute_url()).content.decode()


@pytest.mark.parametrize("archived", [False, True], ids=["closed", "archived"])
def test_a_supervisor_reopens_the_case_and_it_can_change_again(closed, caseworker, supervisor, archived):
    case = closed["case"]
    if archived:
        archive(case, supervisor)
    case.refresh_from_db()
    url = reverse("cases:case-reopen", args=[case.pk])
    response = client_for(supervisor).post(url, {"reason": "Kembali ke lokalisasi.", "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.archived_at, case.closure_pending) == (
        CaseStatus.MONITORING, None, None, False
    )  # fmt: skip
    assert case.timeline.filter(kind="reopened", params__reason="Kembali ke lokalisasi.").exists()
    # Writable again, on every URL.
    for name, obj, _data in WRITE_URLS:
        if name not in POST_ONLY and name != "cases:follow-up-record":  # that follow-up stays cancelled
            assert client_for(caseworker).get(reverse(name, args=[closed["pk"][obj]])).status_code == 200, name


def test_only_a_supervisor_reopens_and_only_with_a_reason(closed, caseworker, supervisor):
    case = closed["case"]
    url = reverse("cases:case-reopen", args=[case.pk])
    assert client_for(caseworker).post(url, {"reason": "Saya mau.", "version": case.version}).status_code == 403
    client_for(supervisor).post(url, {"reason": "", "version": case.version})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    open_case = make_case(caseworker, status=CaseStatus.ACTIVE)
    with pytest.raises(ValidationError):
        services.case_reopen(actor=supervisor, case=open_case, reason="x", expected_version=open_case.version)


def test_reopening_is_refused_while_the_participant_has_another_open_case(closed, caseworker, supervisor):
    case = closed["case"]
    newer = make_case(caseworker, case.participant)
    with pytest.raises(services.OpenCaseExists):
        services.case_reopen(actor=supervisor, case=case, reason="x", expected_version=case.version)
    response = client_for(supervisor, language="en").post(
        reverse("cases:case-reopen", args=[case.pk]), {"reason": "x", "version": case.version}, follow=True
    )
    assert newer.number in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_the_admin_reopens_through_the_service(closed, supervisor):
    case = closed["case"]
    response = client_for(supervisor).post(
        reverse("admin:cases_case_changelist"), {"action": "reopen", "_selected_action": [case.pk]}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.MONITORING
    assert case.timeline.filter(kind="reopened").exists()


# --- One open case per participant ------------------------------------------------


def test_a_second_open_case_is_refused_with_a_link_to_the_open_one(caseworker):
    case = make_case(caseworker)
    response = client_for(caseworker, language="en").post(
        reverse("cases:case-create"),
        {"participant": case.participant_id, "opened_on": ddmmyyyy(TODAY()), "source": "outreach",
         "priority": "normal"},
    )  # fmt: skip
    assert response.status_code == 200
    errors = str(response.context["form"].errors["participant"])
    assert "already has an open case" in errors
    assert f'href="{case.get_absolute_url()}"' in response.content.decode()
    assert Case.objects.count() == 1


def test_the_service_refuses_a_second_open_case_and_the_database_too(caseworker, supervisor):
    case = make_case(caseworker)
    with pytest.raises(services.OpenCaseExists) as refused:
        make_case(caseworker, case.participant)
    assert refused.value.case == case
    with pytest.raises(IntegrityError):
        Case.objects.create(number="KS-2026-9999", participant=case.participant, caseworker=caseworker)


def test_a_new_case_opens_once_the_earlier_one_is_closed(caseworker, supervisor):
    case = make_case(caseworker)
    close(case, supervisor)
    assert make_case(caseworker, case.participant).is_open


def test_a_participant_without_a_case_yet_can_still_be_changed(caseworker):
    participant = make_participant(caseworker)
    consent = make_consent(caseworker, participant)
    assert client_for(caseworker).get(reverse("cases:consent-withdraw", args=[consent.pk])).status_code == 200
    assert client_for(caseworker).get(reverse("cases:participant-edit", args=[participant.pk])).status_code == 200


def test_a_consent_in_force_is_not_recorded_twice(caseworker):
    participant = make_participant(caseworker)
    make_consent(caseworker, participant, purpose="photos")
    url = reverse("cases:consent-create", args=[participant.pk])
    data = {"purpose": "photos", "text_version": "2026-1", "given_on": ddmmyyyy(TODAY())}
    response = client_for(caseworker, language="en").post(url, data)
    assert response.status_code == 200
    assert "already given this consent" in str(response.context["form"].non_field_errors())
    assert participant.consents.count() == 1


def test_a_possible_duplicate_registered_meanwhile_needs_a_confirmation(caseworker):
    make_participant(caseworker, full_name="Dewi Lestari", birth_date=None)
    data = {"full_name": "dewi lestari ", "sex": "F", "welfare_category": "other"}
    client = client_for(caseworker, language="en")
    refused = client.post(reverse("cases:participant-create"), data)
    assert refused.status_code == 200
    assert "Possible duplicate" in refused.content.decode()
    assert client.post(reverse("cases:participant-create"), {**data, "confirm": "on"}).status_code == 302
    assert Participant.objects.filter(full_name__iexact="dewi lestari").count() == 2


def test_the_services_refuse_a_closed_case_too(closed, caseworker, supervisor):
    """The admin and the seeder call the services directly: they hold the rule as well."""
    case = closed["case"]
    case.refresh_from_db()
    before = snapshot(case)
    with pytest.raises(ValidationError):
        services.case_update(actor=supervisor, case=case, fields=["summary"], expected_version=case.version)
    with pytest.raises(ValidationError):
        services.commitment_record(
            actor=supervisor, commitment=Commitment(case=case, signed_on=TODAY() - datetime.timedelta(days=1))
        )
    with pytest.raises(ValidationError):
        services.follow_up_schedule(actor=supervisor, follow_up=FollowUp(case=case, due_on=TODAY()))
    assert snapshot(case) == before


def test_the_follow_up_export_says_which_were_cancelled(closed, caseworker):
    case = closed["case"]
    response = client_for(caseworker, language="en").get(reverse("cases:follow-up-export"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "cancelled on" in body.splitlines()[0]
    assert body.count(case.closed_on.isoformat()) >= 3  # closed on that day, every pending one cancelled
