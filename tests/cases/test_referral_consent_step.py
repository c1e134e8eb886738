"""The referral's consent step: each role sees only what it may use, and
sharing personal data is never ticked for her."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import ConsentPurpose, Referral
from core.models import User
from tests.conftest import client_for, make_persona
from tests.factories import make_case, make_consent


def referral_post(**changes) -> dict:
    return {
        "agency": "origin_social_office",
        "reason": "Pendampingan lanjutan di daerah asal.",
        "sent_on": timezone.localdate().strftime("%d-%m-%Y"),
        **changes,
    }


def test_sharing_is_not_ticked_by_default(caseworker):
    case = make_case(caseworker)
    make_consent(caseworker, case.participant, ConsentPurpose.SHARE_WITH_ORIGIN_OFFICE)

    form = client_for(caseworker).get(reverse("cases:referral-create", args=[case.pk])).context["form"]

    assert form["shares_personal_data"].value() is False
    assert "consent_override_reason" not in form.fields  # she consented: nothing to override


def test_a_caseworker_without_her_consent_sends_the_referral_without_identity(caseworker):
    case = make_case(caseworker)
    client = client_for(caseworker)
    url = reverse("cases:referral-create", args=[case.pk])

    page = client.get(url)
    form = page.context["form"]
    assert "shares_personal_data" not in form.fields and "consent_override_reason" not in form.fields
    assert 'data-testid="without-consent"' in page.content.decode()
    # Even a forged tick shares nothing.
    response = client.post(url, referral_post(shares_personal_data="on", consent_override_reason="x"))

    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.shares_personal_data is False
    assert referral.consent_override_by is None and referral.consent_override_reason == ""


def test_a_supervisor_may_share_without_consent_with_a_reason_shown_on_the_timeline(caseworker, supervisor):
    case = make_case(caseworker)
    client = client_for(supervisor)
    url = reverse("cases:referral-create", args=[case.pk])
    form = client.get(url).context["form"]
    assert {"shares_personal_data", "consent_override_reason"} <= set(form.fields)

    refused = client.post(url, referral_post(shares_personal_data="on"))
    assert refused.status_code == 200 and not Referral.objects.exists()

    reason = "Ia perlu pendampingan kesehatan segera di daerah asal."
    assert client.post(url, referral_post(shares_personal_data="on", consent_override_reason=reason)).status_code == 302
    referral = Referral.objects.get()
    assert (referral.shares_personal_data, referral.consent_override_by) == (True, supervisor)
    assert case.timeline.filter(kind="consent_override").exists()
    assert reason in client.get(case.get_absolute_url()).content.decode()


REQUEST_REASON = "Tidak dapat dihubungi; Dinsos daerah asal perlu alamatnya."


def ask_for_sharing(caseworker, case):
    url = reverse("cases:referral-create", args=[case.pk])
    response = client_for(caseworker).post(url, referral_post(identity="ask", sharing_request_reason=REQUEST_REASON))
    assert response.status_code == 302
    return Referral.objects.get(case=case)


def test_a_caseworker_asks_a_supervisor_and_the_request_lands_on_the_supervisors_home_page(caseworker, supervisor):
    case = make_case(caseworker)
    form = client_for(caseworker).get(reverse("cases:referral-create", args=[case.pk])).context["form"]
    assert {"identity", "sharing_request_reason"} <= set(form.fields)

    referral = ask_for_sharing(caseworker, case)

    assert referral.shares_personal_data is False  # sent without identity until a supervisor decides
    assert (referral.sharing_requested_by, referral.sharing_request_reason) == (caseworker, REQUEST_REASON)
    assert list(case.timeline.values_list("kind", flat=True)[:2]) == ["sharing_requested", "referral"]
    home = client_for(supervisor).get(reverse("home")).content.decode()
    assert 'data-testid="panel-sharing-requests"' in home
    assert reverse("cases:referral-sharing", args=[referral.pk]) in home
    # Not on the caseworker's home page: she may not decide.
    assert 'data-testid="panel-sharing-requests"' not in client_for(caseworker).get(reverse("home")).content.decode()


def test_asking_without_a_reason_is_refused_and_writes_nothing(caseworker):
    case = make_case(caseworker)
    url = reverse("cases:referral-create", args=[case.pk])

    response = client_for(caseworker).post(url, referral_post(identity="ask", sharing_request_reason="  "))

    assert response.status_code == 200
    assert "sharing_request_reason" in response.context["form"].errors
    assert not Referral.objects.exists() and not case.timeline.filter(kind__startswith="referral").exists()


def test_a_supervisor_grants_the_request_and_it_shows_on_the_referral_and_the_timeline(caseworker, supervisor):
    case = make_case(caseworker)
    referral = ask_for_sharing(caseworker, case)
    client = client_for(supervisor)
    url = reverse("cases:referral-sharing", args=[referral.pk])
    assert REQUEST_REASON in client.get(url).content.decode()

    response = client.post(url, {"decision": "grant", "reason": "Perlu kunjungan rumah segera."})

    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.shares_personal_data, referral.consent_override_by) == (True, supervisor)
    assert referral.consent_override_reason == "Perlu kunjungan rumah segera." and not referral.sharing_pending
    entry = case.timeline.first()
    assert entry.kind == "consent_override" and entry.params["reason"] == "Perlu kunjungan rumah segera."
    page = client_for(caseworker).get(case.get_absolute_url()).content.decode()
    assert 'data-testid="consent-override"' in page and "Perlu kunjungan rumah segera." in page
    # Audited: the change of the referral is in its log.
    changes = [entry.changes_dict for entry in LogEntry.objects.get_for_object(referral)]
    assert any("consent_override_by" in change and "shares_personal_data" in change for change in changes)
    # Decided: off the supervisor's panel, and a second decision is refused.
    assert url not in client.get(reverse("home")).content.decode()
    again = client.post(url, {"decision": "refuse", "reason": "Tidak."})
    assert again.status_code == 200 and case.timeline.filter(kind="sharing_refused").count() == 0


def test_a_supervisor_refuses_the_request_with_a_reason(caseworker, supervisor):
    case = make_case(caseworker)
    referral = ask_for_sharing(caseworker, case)

    url = reverse("cases:referral-sharing", args=[referral.pk])
    response = client_for(supervisor).post(url, {"decision": "refuse", "reason": "Cukup tanpa identitas."})

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.shares_personal_data is False and referral.consent_override_by is None
    assert not referral.sharing_pending
    entry = case.timeline.first()
    assert (entry.kind, entry.params["reason"]) == ("sharing_refused", "Cukup tanpa identitas.")
    assert "Cukup tanpa identitas." in client_for(caseworker).get(case.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "data",
    [{}, {"decision": "grant"}, {"decision": "grant", "reason": "   "}, {"decision": "maybe", "reason": "x"}],
)
def test_a_bad_decision_is_refused_and_writes_nothing(caseworker, supervisor, data):
    case = make_case(caseworker)
    referral = ask_for_sharing(caseworker, case)
    entries = case.timeline.count()

    response = client_for(supervisor).post(reverse("cases:referral-sharing", args=[referral.pk]), data)

    assert response.status_code == 200 and response.context["form"].errors
    referral.refresh_from_db()
    assert referral.sharing_pending and referral.shares_personal_data is False
    assert case.timeline.count() == entries


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("caseworker", 403), ("caseworker2", 404), ("inspector", 404), ("coordinator", 404)],
)
def test_only_a_supervisor_decides(personas, persona, expected):
    case = make_case(personas["caseworker"])
    referral = ask_for_sharing(personas["caseworker"], case)
    client = client_for(personas[persona])
    url = reverse("cases:referral-sharing", args=[referral.pk])

    assert client.get(url).status_code == expected
    assert client.post(url, {"decision": "grant", "reason": "Perlu."}).status_code == expected
    referral.refresh_from_db()
    assert referral.sharing_pending and referral.consent_override_by is None


def test_the_service_refuses_a_caseworkers_decision(caseworker):
    case = make_case(caseworker)
    referral = ask_for_sharing(caseworker, case)

    with pytest.raises(PermissionDenied):
        services.referral_decide_sharing(actor=caseworker, referral=referral, grant=True, reason="Perlu.")


def test_no_request_when_she_consented_or_twice(caseworker):
    case = make_case(caseworker)
    referral = ask_for_sharing(caseworker, case)
    with pytest.raises(ValidationError):
        services.referral_request_sharing(actor=caseworker, referral=referral, reason="Lagi.")
    make_consent(caseworker, case.participant, ConsentPurpose.SHARE_WITH_ORIGIN_OFFICE)
    services.referral_decide_sharing(
        actor=User.objects.filter(is_superuser=True).first() or make_persona("admin"),
        referral=referral,
        grant=False,
        reason="Ia sudah setuju; kirim rujukan baru.",
    )
    with pytest.raises(ValidationError):
        services.referral_request_sharing(actor=caseworker, referral=referral, reason="Lagi.")


def test_after_a_refusal_the_caseworker_asks_again_from_the_case(caseworker, supervisor):
    case = make_case(caseworker)
    referral = ask_for_sharing(caseworker, case)
    services.referral_decide_sharing(actor=supervisor, referral=referral, grant=False, reason="Belum perlu.")
    client = client_for(caseworker)
    url = reverse("cases:referral-sharing-request", args=[referral.pk])
    assert url in client.get(case.get_absolute_url()).content.decode()  # the link beside "without her identity"
    assert referral.reason in client.get(url).content.decode()  # which referral the request is for

    response = client.post(url, {"reason": "Alamatnya diperlukan untuk kunjungan rumah minggu depan."})

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.sharing_pending and referral.sharing_requested_by == caseworker
    assert case.timeline.filter(kind="sharing_requested").count() == 2
    home = client_for(supervisor).get(reverse("home")).content.decode()
    assert reverse("cases:referral-sharing", args=[referral.pk]) in home  # on her panel again
    assert url not in client.get(case.get_absolute_url()).content.decode()  # pending: no second request


@pytest.mark.parametrize("reason", ["", "   ", "x" * 2001])
def test_a_request_without_a_reason_writes_nothing(caseworker, reason):
    case = make_case(caseworker)
    referral = services.referral_send(
        actor=caseworker, referral=Referral(case=case, agency="health", reason="Periksa.", shares_personal_data=False)
    )
    entries = case.timeline.count()

    response = client_for(caseworker).post(
        reverse("cases:referral-sharing-request", args=[referral.pk]), {"reason": reason}
    )

    assert response.status_code == 200 and response.context["form"].errors
    referral.refresh_from_db()
    assert not referral.sharing_pending and case.timeline.count() == entries


def test_a_request_that_the_service_refuses_shows_why(caseworker):
    case = make_case(caseworker)
    referral = ask_for_sharing(caseworker, case)  # already pending
    response = client_for(caseworker).post(
        reverse("cases:referral-sharing-request", args=[referral.pk]), {"reason": "Sekali lagi."}
    )
    assert response.status_code == 200
    assert "Supervisor sudah diminta" in response.content.decode() or response.context["form"].non_field_errors()
    assert case.timeline.filter(kind="sharing_requested").count() == 1
