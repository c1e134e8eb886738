"""A form sent back with errors lists them at its top, each a link to its field
(templates/includes/form_error_summary.html), on every app's form pages."""

import re

import pytest
from django.urls import reverse

from cases.models import Case, FollowUp, Participant, Referral
from tests.conftest import client_for
from tests.factories import make_case, record_departure


def summary_links(html: str) -> list[str]:
    match = re.search(r'data-testid="error-summary".*?</ul>', html, re.S)
    assert match, "no error summary on the page"
    return re.findall(r'href="#([^"]+)"', match.group(0))


def test_the_participant_form(caseworker):
    response = client_for(caseworker).post(reverse("cases:participant-create"), {"full_name": "", "sex": "X"})

    assert response.status_code == 200
    assert {"id_full_name", "id_sex"} <= set(summary_links(response.content.decode()))
    assert not Participant.objects.exists()


def test_the_case_form(caseworker):
    response = client_for(caseworker).post(reverse("cases:case-create"), {"opened_on": "31-02-2026"})

    assert response.status_code == 200
    links = summary_links(response.content.decode())
    assert {"id_participant", "id_opened_on"} <= set(links)
    assert not Case.objects.exists()


def test_the_follow_up_form(caseworker):
    case = make_case(caseworker)
    record_departure(caseworker, case)
    follow_up = case.follow_ups.first()

    response = client_for(caseworker).post(reverse("cases:follow-up-record", args=[follow_up.pk]), {"done_on": "x"})

    assert response.status_code == 200
    assert {"id_done_on", "id_channel", "id_outcome"} <= set(summary_links(response.content.decode()))
    assert FollowUp.objects.get(pk=follow_up.pk).done_on is None


def test_the_referral_form_links_a_radio_group_to_its_block(caseworker):
    case = make_case(caseworker)

    response = client_for(caseworker).post(
        reverse("cases:referral-create", args=[case.pk]), {"identity": "maybe", "sharing_request_reason": ""}
    )

    assert response.status_code == 200
    html = response.content.decode()
    links = summary_links(html)
    assert {"id_agency", "id_reason", "div_id_identity"} <= set(links)
    assert 'id="div_id_identity"' in html  # the radio group's block: a link that goes somewhere
    assert not Referral.objects.exists()


@pytest.mark.parametrize("url_name", ["trainings:cohort-create", "venues:venue-create"])
def test_the_other_apps_forms(supervisor, url_name):
    response = client_for(supervisor).post(reverse(url_name), {})

    assert response.status_code == 200
    assert summary_links(response.content.decode())


def test_no_summary_without_errors(caseworker):
    page = client_for(caseworker).get(reverse("cases:participant-create")).content.decode()
    assert 'data-testid="error-summary"' not in page
