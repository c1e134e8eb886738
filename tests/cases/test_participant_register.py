import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import from_form, register_field_strategy
from phonenumber_field.formfields import PhoneNumberField

from cases.forms import ParticipantForm
from cases.identity import clean_nik
from cases.models import Participant
from core.forms import DateField, RegencyChoiceField
from tests.conftest import client_for

URL = reverse("cases:participant-create")
VALID = {
    "full_name": "Siti Aminah",
    "alias": "Mina",
    "sex": "F",
    "birth_place": "Malang",
    "birth_date": "12-03-1990",
    "nik": "3507015203900001",  # Kab. Malang, woman born 12-03-1990
    "kk_number": "",
    "phone": "0812-3456-7890",
    "origin_regency": "35.07",
    "address": "Desa Sumberpucung",
    "welfare_category": "sex_work",
}


def post(user, **changes):
    return client_for(user, language="en").post(URL, {**VALID, **changes})


def test_caseworker_registers_a_participant(caseworker):
    response = post(caseworker)
    participant = Participant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('cases:case-create')}?participant={participant.pk}"
    assert participant.code == f"PR-{timezone.localdate().year}-0001"
    assert participant.phone.as_e164 == "+6281234567890"
    assert participant.birth_date == datetime.date(1990, 3, 12)
    assert participant.created_by == caseworker


def test_codes_are_sequential(caseworker):
    post(caseworker)
    post(caseworker, full_name="Rina Marlina", nik="", birth_date="05-07-1993")
    assert sorted(Participant.objects.values_list("code", flat=True))[-1].endswith("-0002")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "This field is required"),
        ({"full_name": "x" * 151}, "full_name", "at most 150 characters"),
        ({"estimated_age": "abc"}, "estimated_age", "Enter a whole number"),
        ({"estimated_age": "7", "birth_date": ""}, "estimated_age", "between 10 and 100"),
        ({"birth_date": "1990-13-45"}, "birth_date", "Enter a valid date"),
        ({"birth_date": "03/12/2099"}, "birth_date", "in the future"),
        ({"nik": "35070152039000"}, "nik", "exactly 16 digits"),
        ({"nik": "35O7015203900001"}, "nik", "exactly 16 digits"),
        ({"nik": "9907015203900001"}, "nik", "not a province code"),
        ({"nik": "3507019913900001"}, "nik", "not a valid date of birth"),
        ({"nik": "3507015203900000"}, "nik", "cannot be 0000"),
        ({"kk_number": "123"}, "kk_number", "exactly 16 digits"),
        ({"phone": "12345"}, "phone", "valid phone number"),
        ({"origin_regency": "99.99"}, "origin_regency", "Select a valid choice"),
        ({"sex": "X"}, "sex", "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_writes_nothing(caseworker, changes, field, message):
    response = post(caseworker, **changes)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert Participant.objects.count() == 0


def test_nik_with_spaces_and_dots_is_normalised(caseworker):
    post(caseworker, nik="35.0701 5203 900001")
    assert Participant.objects.get().nik == "3507015203900001"


def test_a_nik_that_disagrees_with_sex_and_birth_date_only_warns(caseworker):
    changes = {"nik": "3507011203900001", "birth_date": "13-03-1990"}  # male day code, other date
    response = post(caseworker, **changes)
    assert response.status_code == 200
    warnings = " ".join(response.context["form"].warnings)
    assert "do not match the sex" in warnings
    assert "differs from the one entered" in warnings
    assert Participant.objects.count() == 0
    assert post(caseworker, **changes, confirm="on").status_code == 302
    assert Participant.objects.count() == 1


def test_a_nik_from_a_retired_region_only_warns(caseworker):
    # 91.09 was a Papua regency code before 2022; the card keeps it for life.
    response = post(caseworker, nik="9109015203900001", origin_regency="94.01")
    assert "not a current regency" in " ".join(response.context["form"].warnings)


def test_a_likely_duplicate_is_warned_before_saving(caseworker):
    post(caseworker, nik="")
    response = post(caseworker, nik="", full_name="siti aminah")
    assert "Possible duplicate" in " ".join(response.context["form"].warnings)
    assert Participant.objects.count() == 1


def test_the_same_nik_twice_is_refused(caseworker):
    post(caseworker)
    response = post(caseworker, full_name="Another Name", confirm="on")
    assert "already registered" in " ".join(response.context["form"].errors["nik"])
    assert Participant.objects.count() == 1


def test_a_nik_registered_by_another_caseworker_says_ask_a_supervisor_and_shows_nothing_of_her(caseworker, caseworker2):
    post(caseworker)
    theirs = Participant.objects.get()
    response = post(caseworker2, full_name="Another Name", confirm="on")
    message = " ".join(response.context["form"].errors["nik"])
    assert "ask a supervisor" in message
    page = response.content.decode()
    assert theirs.code not in page and theirs.full_name not in page
    assert Participant.objects.count() == 1


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(max_size=24))
def test_clean_nik_accepts_only_well_formed_niks(raw):
    try:
        nik = clean_nik(raw)
    except Exception as error:  # noqa: BLE001
        assert error.__class__.__name__ == "ValidationError"
    else:
        assert len(nik) == 16 and nik.isdigit()


register_field_strategy(DateField, st.dates())
register_field_strategy(PhoneNumberField, st.text(alphabet="0123456789+-() ", max_size=16))
# The region picker: a real code, none, an unknown one, or anything.
register_field_strategy(RegencyChoiceField, st.sampled_from(["35.78", "62.71", "", "99.99"]) | st.text(max_size=8))


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(form=from_form(ParticipantForm))
def test_generated_form_input_never_saves_an_invalid_participant(form):
    if form.is_valid():
        assert form.cleaned_data["full_name"]
        nik = form.cleaned_data.get("nik")
        assert nik is None or (len(nik) == 16 and nik.isdigit())
    else:
        assert form.errors
