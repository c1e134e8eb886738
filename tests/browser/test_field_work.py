"""A caseworker in the field, on her phone: a birth date typed 05061990, the
region picker found by typing "Surabaya", and a follow-up note that survives
the end of her session. Screenshots: caseworker-field-<step>-phone.png."""

import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from cases.models import FollowUp, Participant
from tests.browser.helpers import BROWSER_TEST, login, pick_region, visit
from tests.conftest import PASSWORD, make_persona
from tests.factories import make_case, record_departure

pytestmark = BROWSER_TEST

NOTE = "Kunjungan rumah ke orang tuanya. Ia sudah bekerja di warung keluarga dan rutin ikut pengajian."


@pytest.fixture
def viewport() -> str:
    return "phone"  # this journey is about the phone


def test_field_work_on_a_phone(page, base_url, console, screenshot):
    user = make_persona("caseworker")
    case = make_case(user)
    record_departure(user, case)
    follow_up = case.follow_ups.order_by("due_on").first()
    login(page, "caseworker")

    # Register a participant: birth date typed as on a number pad, region found by typing.
    visit(page, "/cases/participants/new/")
    page.locator("#id_full_name").fill("Dewi Lestari")
    page.locator("#id_sex").select_option("F")
    page.locator("#id_birth_date").fill("05061990")
    pick_region(page, "id_origin_regency", "Surabaya", "Kota Surabaya")
    screenshot("caseworker", "field-01-region-picked")
    page.get_by_test_id("save").click()
    expect(page).to_have_url(re.compile(r"/cases/new/\?participant=\d+$"))
    participant = Participant.objects.get(full_name="Dewi Lestari")
    assert participant.birth_date.isoformat() == "1990-06-05"
    assert participant.origin_regency.name == "Kota Surabaya"

    # A follow-up note typed while the session ends: kept across the new login, then saved.
    visit(page, f"/cases/follow-ups/{follow_up.pk}/record/")
    expect(page.locator("#id_done_on")).to_have_attribute("type", "date")  # the phone's own picker
    page.locator("#id_channel").select_option("home_visit")
    page.locator("#id_outcome").select_option("reached")
    page.locator("#id_notes").fill(NOTE)
    Session.objects.all().delete()  # the half hour is over
    page.get_by_test_id("save").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(page.locator(".alert")).to_contain_text("Sesi Anda sudah berakhir")
    screenshot("caseworker", "field-02-login-again")
    page.locator("input[name=username]").fill("caseworker")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/cases/follow-ups/{follow_up.pk}/record/$"))
    expect(page.locator("#id_notes")).to_have_value(NOTE)
    screenshot("caseworker", "field-03-note-back")
    page.get_by_test_id("save").click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    follow_up = FollowUp.objects.get(pk=follow_up.pk)
    assert follow_up.notes == NOTE
    assert follow_up.done_on is not None
    assert console.errors() == []
