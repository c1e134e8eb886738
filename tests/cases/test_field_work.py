"""What a caseworker in the field needs from the forms and lists: dates typed
the quick way, today as the usual answer, her participant's phone one tap
away, and a case found by part of its number."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.forms import ConsentWithdrawForm, FollowUpRecordForm, ParticipantForm
from core.forms import DateField
from tests.conftest import client_for
from tests.factories import make_case, make_participant, record_departure


@pytest.mark.parametrize("typed", ["05061990", "5-6-1990", "05-06-1990", "05/06/1990", "5.6.1990", "1990-06-05"])
def test_a_date_is_read_day_first_however_it_is_typed(typed):
    assert DateField().clean(typed).isoformat() == "1990-06-05"


@pytest.mark.parametrize("typed", ["06051990x", "31021990", "1990", "13-13-1990", "\x00", "0" * 10_000])
def test_a_date_that_is_not_one_is_refused(typed):
    with pytest.raises(ValidationError):
        DateField().clean(typed)


def test_event_dates_get_the_phones_picker_but_the_birth_date_is_typed():
    assert "data-native-date" in str(FollowUpRecordForm()["done_on"])
    assert "data-native-date" not in str(ParticipantForm()["birth_date"])


def test_forms_start_at_today_where_that_is_the_usual_answer(caseworker):
    case = make_case(caseworker)
    record_departure(caseworker, case)
    today = timezone.localdate().strftime("%d-%m-%Y")
    follow_up = case.follow_ups.first()

    assert f'value="{today}"' in str(FollowUpRecordForm(instance=follow_up)["done_on"])
    assert f'value="{today}"' in str(ConsentWithdrawForm(instance=case.participant.consents.first())["withdrawn_on"])
    client = client_for(caseworker)
    for name in ("cases:commitment-create", "cases:referral-create"):
        assert f'value="{today}"' in client.get(reverse(name, args=[case.pk])).content.decode(), name


def test_the_follow_up_page_calls_and_messages_her_phone(caseworker):
    participant = make_participant(caseworker, phone="0812-3456-7890")
    case = make_case(caseworker, participant)
    record_departure(caseworker, case)

    html = client_for(caseworker).get(reverse("cases:follow-up-record", args=[case.follow_ups.first().pk])).content
    html = html.decode()

    assert 'href="tel:+6281234567890"' in html
    assert 'href="https://wa.me/6281234567890"' in html
    assert "0812-3456-7890" in html


def test_a_follow_up_without_a_phone_says_so(caseworker):
    case = make_case(caseworker, make_participant(caseworker, phone=""))
    record_departure(caseworker, case)

    response = client_for(caseworker).get(reverse("cases:follow-up-record", args=[case.follow_ups.first().pk]))

    assert "tel:" not in response.content.decode()
    assert response.context["contact"] == case.participant


def test_a_case_is_found_by_part_of_its_number_in_the_case_and_follow_up_lists(caseworker):
    cases = [make_case(caseworker, make_participant(caseworker, full_name=name)) for name in ("Ani", "Budi")]
    for case in cases:
        record_departure(caseworker, case)
    wanted = cases[1]
    part = wanted.number[-4:]  # "0002" of PR-2026-0002
    client = client_for(caseworker)

    found = client.get(reverse("cases:case-list"), {"q": part}).context["object_list"]
    assert [case.pk for case in found] == [wanted.pk]
    found = client.get(reverse("cases:follow-up-list"), {"q": part}).context["object_list"]
    assert {follow_up.case_id for follow_up in found} == {wanted.pk}
    found = client.get(reverse("cases:follow-up-list"), {"q": wanted.number.lower()}).context["object_list"]
    assert {follow_up.case_id for follow_up in found} == {wanted.pk}
