import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Consent
from tests.conftest import client_for
from tests.factories import PNG_BYTES, make_consent, make_participant

TODAY = timezone.localdate


def test_consent_is_recorded_per_purpose_with_its_scan(caseworker):
    participant = make_participant(caseworker)
    response = client_for(caseworker).post(
        reverse("cases:consent-create", args=[participant.pk]),
        {"purpose": "photos", "text_version": "2026-1", "given_on": TODAY().strftime("%d-%m-%Y"),
         "scan": SimpleUploadedFile("consent.png", PNG_BYTES)},
    )  # fmt: skip
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert (consent.purpose, consent.recorded_by, consent.is_active) == ("photos", caseworker, True)
    download = client_for(caseworker).get(reverse("cases:consent-scan", args=[consent.pk]))
    assert download["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"purpose": ""}, "purpose", "This field is required"),
        ({"purpose": "marketing"}, "purpose", "Select a valid choice"),
        ({"given_on": "31-02-2026"}, "given_on", "Enter a valid date"),
        ({"text_version": "x" * 21}, "text_version", "at most 20 characters"),
    ],
)
def test_bad_consent_input_writes_nothing(caseworker, changes, field, message):
    participant = make_participant(caseworker)
    data = {"purpose": "photos", "text_version": "2026-1", "given_on": TODAY().strftime("%d-%m-%Y"), **changes}
    response = client_for(caseworker, language="en").post(reverse("cases:consent-create", args=[participant.pk]), data)
    assert message in " ".join(response.context["form"].errors[field])
    assert not Consent.objects.exists()


def test_a_withdrawal_is_recorded_and_cannot_predate_the_consent(caseworker):
    participant = make_participant(caseworker)
    consent = make_consent(caseworker, participant)
    url = reverse("cases:consent-withdraw", args=[consent.pk])
    before = (consent.given_on - datetime.timedelta(days=1)).strftime("%d-%m-%Y")
    refused = client_for(caseworker, language="en").post(url, {"withdrawn_on": before})
    assert "before it was given" in " ".join(refused.context["form"].errors["withdrawn_on"])
    consent.refresh_from_db()
    assert consent.is_active
    client_for(caseworker).post(url, {"withdrawn_on": TODAY().strftime("%d-%m-%Y"), "withdrawal_note": "Tidak mau."})
    consent.refresh_from_db()
    assert not consent.is_active


def test_another_caseworker_cannot_see_or_withdraw_a_consent(caseworker, caseworker2):
    consent = make_consent(caseworker, make_participant(caseworker))
    other = client_for(caseworker2)
    assert other.get(reverse("cases:consent-scan", args=[consent.pk])).status_code == 404
    assert (
        other.post(reverse("cases:consent-withdraw", args=[consent.pk]), {"withdrawn_on": "01-01-2026"}).status_code
        == 404
    )
    consent.refresh_from_db()
    assert consent.is_active


def test_a_consent_is_withdrawn_once(caseworker):
    consent = make_consent(caseworker, make_participant(caseworker))
    services.consent_withdraw(actor=caseworker, consent=consent, withdrawn_on=TODAY(), note=" Tidak mau. ")
    consent.refresh_from_db()
    assert (consent.withdrawn_on, consent.withdrawal_note) == (TODAY(), "Tidak mau.")
    url = reverse("cases:consent-withdraw", args=[consent.pk])
    again = client_for(caseworker, language="en").post(url, {"withdrawn_on": TODAY().strftime("%d-%m-%Y")})
    assert "already withdrawn" in str(again.context["form"].non_field_errors())
    with pytest.raises(ValidationError):
        services.consent_withdraw(actor=caseworker, consent=consent, withdrawn_on=TODAY())


def test_the_withdrawal_service_refuses_a_date_before_the_consent(caseworker):
    consent = make_consent(caseworker, make_participant(caseworker))
    with pytest.raises(ValidationError):
        services.consent_withdraw(
            actor=caseworker, consent=consent, withdrawn_on=consent.given_on - datetime.timedelta(days=1)
        )
    consent.refresh_from_db()
    assert consent.is_active


def test_a_read_only_role_cannot_withdraw_a_consent(caseworker, supervisor, inspector):
    consent = make_consent(caseworker, make_participant(caseworker))
    url = reverse("cases:consent-withdraw", args=[consent.pk])
    assert client_for(inspector).post(url, {"withdrawn_on": TODAY().strftime("%d-%m-%Y")}).status_code == 404
    assert client_for(supervisor).get(url).status_code == 200
