"""A participant follows her case's caseworker: the rule of Participant.objects.visible_to,
checked on every participant URL, her consents and their scans, and the participant export."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Case, Consent
from tests.conftest import client_for
from tests.factories import PNG_BYTES, make_case, make_consent, make_participant

TODAY = timezone.localdate().strftime("%d-%m-%Y")


def participant_urls(participant, consent) -> dict[str, str]:
    return {
        "detail": reverse("cases:participant-detail", args=[participant.pk]),
        "edit": reverse("cases:participant-edit", args=[participant.pk]),
        "consent-create": reverse("cases:consent-create", args=[participant.pk]),
        "consent-withdraw": reverse("cases:consent-withdraw", args=[consent.pk]),
        "consent-scan": reverse("cases:consent-scan", args=[consent.pk]),
        "case-create": reverse("cases:case-create") + f"?participant={participant.pk}",
    }


def sees(user, participant, consent) -> dict[str, int | bool]:
    """What `user` gets on every participant URL (status codes) and in the list and export."""
    client = client_for(user)
    seen: dict[str, int | bool] = {
        name: client.get(url).status_code for name, url in participant_urls(participant, consent).items()
    }
    seen["list"] = participant.code in client.get(reverse("cases:participant-list")).content.decode()
    export = client.get(reverse("cases:participant-export"))
    seen["export"] = participant.code in b"".join(export.streaming_content).decode("utf-8-sig")
    return seen


VISIBLE = {
    "detail": 200,
    "edit": 200,
    "consent-create": 200,
    "consent-withdraw": 200,
    "consent-scan": 200,
    "case-create": 200,
    "list": True,
    "export": True,
}
HIDDEN = {**dict.fromkeys(VISIBLE, 404), "list": False, "export": False}


@pytest.fixture
def with_case(caseworker):
    """Caseworker registered her, opened her case and recorded her consent."""
    participant = make_participant(caseworker)
    case = make_case(caseworker, participant)
    consent = make_consent(caseworker, participant)
    return participant, case, consent


@pytest.fixture
def reassigned(with_case, caseworker2, supervisor):
    """... and a supervisor then reassigned the case to caseworker2."""
    participant, case, consent = with_case
    services.case_reassign(actor=supervisor, case=case, caseworker=caseworker2, expected_version=case.version)
    return participant, case, consent


def test_before_a_reassignment_the_participant_is_her_caseworkers_alone(with_case, caseworker, caseworker2):
    participant, _case, consent = with_case
    assert sees(caseworker, participant, consent) == VISIBLE
    assert sees(caseworker2, participant, consent) == HIDDEN


def test_after_a_reassignment_the_participant_leaves_her_former_caseworker(reassigned, caseworker, caseworker2):
    participant, _case, consent = reassigned
    assert sees(caseworker, participant, consent) == HIDDEN
    assert sees(caseworker2, participant, consent) == VISIBLE


def test_after_a_reassignment_the_former_caseworker_cannot_write_either(reassigned, caseworker):
    participant, _case, consent = reassigned
    urls = participant_urls(participant, consent)
    client = client_for(caseworker)
    edit = {"full_name": "Diubah", "sex": "F", "welfare_category": "other"}
    assert client.post(urls["edit"], edit).status_code == 404
    scan = SimpleUploadedFile("consent.png", PNG_BYTES)
    data = {"purpose": "photos", "text_version": "2026-1", "given_on": TODAY, "scan": scan}
    assert client.post(urls["consent-create"], data).status_code == 404
    assert client.post(urls["consent-withdraw"], {"withdrawn_on": TODAY}).status_code == 404
    participant.refresh_from_db()
    consent.refresh_from_db()
    assert participant.full_name != "Diubah"
    assert consent.is_active
    assert Consent.objects.count() == 1


def test_a_registered_participant_without_a_case_is_her_registrars(caseworker, caseworker2):
    participant = make_participant(caseworker)
    consent = make_consent(caseworker, participant)
    assert sees(caseworker, participant, consent) == VISIBLE
    assert sees(caseworker2, participant, consent) == HIDDEN


def test_a_case_opened_for_another_caseworker_takes_the_participant_with_it(caseworker, caseworker2, supervisor):
    participant = make_participant(caseworker)
    consent = make_consent(caseworker, participant)
    services.case_open(actor=supervisor, case=Case(participant=participant, caseworker=caseworker2))
    assert sees(caseworker, participant, consent) == HIDDEN
    assert sees(caseworker2, participant, consent) == VISIBLE


def test_supervisors_see_every_participant(reassigned, supervisor):
    participant, _case, consent = reassigned
    assert sees(supervisor, participant, consent) == VISIBLE
