"""The venues journey through the real UI: an inspector on her phone opens the
month's plan, records an inspection with a violation and a photo; a supervisor
reports it to the licensing agency, records the agency's revocation and prints
the letter; the venue leaves next month's round.

Screenshots: inspector-round-<step>-<viewport>.png and supervisor-round-<step>-<viewport>.png,
in Indonesian, with the plan again in English at the end.
"""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.helpers import BROWSER_TEST, fill_date, login, switch_language
from tests.conftest import make_persona
from tests.venue_factories import PNG_BYTES, make_license, make_team, make_venue
from venues import services
from venues.models import EnforcementAction, LicenseStatus, Venue
from venues.rounds import current_month, monthly_round, next_month

pytestmark = BROWSER_TEST

VENUE = "Karaoke Pelangi Malam"


def fits(page: Page, viewport: str) -> None:
    if viewport == "phone":
        width = page.viewport_size["width"]
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{page.url} scrolls sideways: {scroll_width}px in {width}px"


def test_inspection_to_revocation(page, base_url, console, screenshot, viewport):
    inspector, supervisor = make_persona("inspector"), make_persona("supervisor")
    team = make_team(inspector, name="Tim Pengawasan I")
    venue = make_venue(supervisor, team, name=VENUE)
    make_license(supervisor, venue, issued_on=datetime.date(2024, 2, 1))
    today = timezone.localdate()
    services.round_assign(actor=supervisor, venue=venue, month=current_month(), team=team, planned_on=today)

    def shot(role: str, step: str) -> None:
        screenshot(role, f"round-{step}")
        fits(page, viewport)

    # 1. The inspector: her home page shows the month's round; she opens the plan.
    login(page, "inspector")
    panel = page.get_by_test_id("panel-inspector")
    expect(panel).to_contain_text(VENUE)
    shot("inspector", "01-home")
    panel.get_by_test_id("open-plan").click()
    expect(page).to_have_url(re.compile(r"/venues/plan/$"))
    row = page.get_by_test_id("plan-table").locator("tbody tr").filter(has_text=VENUE)
    expect(row.get_by_test_id("state")).to_have_text("Direncanakan")
    shot("inspector", "02-plan")

    # 2. She records the visit: a violation, with a photo from her phone's camera.
    row.get_by_test_id("inspect").click()
    expect(page.get_by_test_id("inspection-form")).to_be_visible()
    page.locator("#id_prostitution_signs").check()
    page.locator("#id_findings").fill("Pengunjung ditawari layanan asusila di bilik 3.")
    page.locator("input[name=outcome][value=violation]").check()
    page.locator("#id_photos").set_input_files(
        files=[{"name": "foto-bilik.png", "mimeType": "image/png", "buffer": PNG_BYTES}]
    )
    shot("inspector", "03-form")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("outcome")).to_have_text("Pelanggaran")
    expect(page.get_by_test_id("evidence")).to_contain_text("Foto 1")
    shot("inspector", "04-recorded")
    assert console.errors() == []

    # 3. The supervisor reports it to the licensing agency and records its revocation.
    page.context.clear_cookies()
    login(page, "supervisor")
    page.get_by_test_id("panel-venues").get_by_test_id("open-plan").click()
    page.get_by_test_id("venues-tabs").get_by_role("link", name="Penegakan").click()
    page.get_by_role("link", name=VENUE).click()
    page.get_by_test_id("step-report").click()
    fill_date(page.locator("#id_reported_on"), today)
    page.locator("#id_report_number").fill("300/88/DINSOS-RHS/2026")
    shot("supervisor", "05-report")
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("stage")).to_have_text("Dilaporkan ke DPMPTSP")
    assert Venue.objects.get().licenses.get().status == LicenseStatus.ACTIVE  # only the agency decides
    page.get_by_test_id("step-decide").click()
    fill_date(page.locator("#id_replied_on"), today)
    page.locator("#id_decision").select_option("revocation")
    page.locator("#id_decree_number").fill("503/141/DPMPTSP/2026")
    fill_date(page.locator("#id_effective_on"), today)
    page.get_by_test_id("save").click()
    expect(page.get_by_test_id("decision")).to_contain_text("503/141/DPMPTSP/2026")
    shot("supervisor", "06-decided")
    assert Venue.objects.get().licenses.get().status == LicenseStatus.REVOKED

    # 4. She prints the report letter to the licensing agency.
    page.get_by_test_id("print-report-letter").click()
    expect(page.locator("body")).to_contain_text("300/88/DINSOS-RHS/2026")
    expect(page.locator("body")).to_contain_text("merekomendasikan pencabutan izin usaha")
    screenshot("supervisor", "round-07-letter")  # an A4 page: wider than a phone by design

    # 5. Next month the venue is out of the round (at most a visit to confirm it closed).
    following = next_month(current_month())
    page.goto(f"/venues/plan/?month={following:%Y-%m}")
    routine = [row for row in monthly_round(Venue.objects.all(), following) if row.kind == "routine"]
    assert routine == []
    expect(page.locator("body")).not_to_contain_text("Pemeriksaan rutin")
    if not monthly_round(Venue.objects.all(), following):
        expect(page.get_by_test_id("plan-empty")).to_be_visible()
    shot("supervisor", "08-next-month")
    switch_language(page, "en")
    expect(page.get_by_test_id("plan-title")).to_contain_text("Monthly round")
    shot("supervisor", "09-next-month-en")
    assert EnforcementAction.objects.get().stage == "decided"
    assert console.errors() == []
