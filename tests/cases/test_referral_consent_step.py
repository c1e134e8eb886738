"""The referral's consent step: each role sees only what it may use, and
sharing personal data is never ticked for her."""

from django.urls import reverse
from django.utils import timezone

from cases.models import ConsentPurpose, Referral
from tests.conftest import client_for
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
