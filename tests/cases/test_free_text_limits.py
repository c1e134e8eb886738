"""Free text has a maximum length: a huge field is refused with a clear message and writes nothing
(a 1 MB address was once accepted, and its letter took 37 s to print)."""

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from cases.models import ADDRESS_MAX, TEXT_MAX, FollowUp, Participant
from tests.cases.test_participant_register import URL as PARTICIPANT_CREATE
from tests.cases.test_participant_register import VALID as PARTICIPANT
from tests.conftest import client_for
from tests.factories import make_case, record_departure

HUGE = "Jl. Tjilik Riwut km 5 " * 50_000  # about 1 MB
# Written only by services from translated templates, never typed by a user.
NOT_TYPED = {"cases.TimelineEntry.text"}


def test_every_free_text_field_has_a_maximum_length():
    unbounded = [
        f"{model._meta.label}.{field.name}"
        for app in ("core", "cases", "trainings", "venues")
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
    ]
    assert sorted(set(unbounded) - NOT_TYPED) == []


def test_a_huge_address_is_refused_and_nothing_is_written(caseworker):
    response = client_for(caseworker, language="en").post(PARTICIPANT_CREATE, {**PARTICIPANT, "address": HUGE})
    assert response.status_code == 200
    assert f"Ensure this value has at most {ADDRESS_MAX} characters" in response.content.decode()
    assert not Participant.objects.exists()
    # The longest allowed address is taken.
    response = client_for(caseworker).post(PARTICIPANT_CREATE, {**PARTICIPANT, "address": "a" * ADDRESS_MAX})
    assert response.status_code == 302
    assert len(Participant.objects.get().address) == ADDRESS_MAX


def test_the_message_is_in_indonesian_by_default(caseworker):
    response = client_for(caseworker).post(PARTICIPANT_CREATE, {**PARTICIPANT, "address": HUGE})
    assert f"paling banyak {ADDRESS_MAX} karakter" in response.content.decode()


def test_a_huge_case_summary_is_refused_and_nothing_changes(caseworker):
    case = make_case(caseworker, summary="Ringkas.")
    url = reverse("cases:case-edit", args=[case.pk])
    data = {"source": case.source, "priority": case.priority, "version": case.version}
    response = client_for(caseworker, language="en").post(url, {**data, "summary": HUGE})
    assert response.status_code == 200
    assert f"at most {TEXT_MAX} characters" in response.content.decode()
    case.refresh_from_db()
    assert case.summary == "Ringkas."
    assert client_for(caseworker).post(url, {**data, "summary": "b" * TEXT_MAX}).status_code == 302


def test_huge_follow_up_notes_are_refused_and_nothing_changes(caseworker):
    case = make_case(caseworker)
    record_departure(caseworker, case)
    follow_up = case.follow_ups.first()
    url = reverse("cases:follow-up-record", args=[follow_up.pk])
    data = {"done_on": timezone.localdate().strftime("%d-%m-%Y"), "channel": "phone", "outcome": "reached"}
    response = client_for(caseworker, language="en").post(url, {**data, "notes": HUGE})
    assert response.status_code == 200
    assert f"at most {TEXT_MAX} characters" in response.content.decode()
    assert FollowUp.objects.get(pk=follow_up.pk).done_on is None
    assert client_for(caseworker).post(url, {**data, "notes": "c" * TEXT_MAX}).status_code == 302
    assert FollowUp.objects.get(pk=follow_up.pk).notes == "c" * TEXT_MAX
