"""A supervisor's month end, through the real UI: the dashboard on the admin
index, a change of period, a figure followed to its list (the same number),
the monthly report printed and as PDF, and a small spreadsheet imported.

Screenshots: supervisor-reports-<step>-<viewport>.png.
"""

import openpyxl
from playwright.sync_api import expect

from cases.models import Participant
from tests.browser.helpers import BROWSER_TEST, login, visit
from tests.conftest import make_persona
from tests.reports import dataset

pytestmark = BROWSER_TEST


def spreadsheet(path) -> str:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Nama lengkap", "Jenis kelamin (P/L)", "Tanggal lahir (dd-mm-yyyy)", "NIK"])
    sheet["E1"] = "Kabupaten/kota asal (kode atau nama)"
    sheet.append(["Rina Marlina", "P", "05-06-1995", "3507014506950001", "35.07"])
    sheet.append(["Budi", "L", "kemarin", "12345", "Atlantis"])
    workbook.save(path)
    return str(path)


def test_supervisor_reports(page, base_url, console, screenshot, viewport, tmp_path):
    make_persona("supervisor")
    dataset.build(make_persona("caseworker"), make_persona("caseworker2"))

    login(page, "supervisor")
    visit(page, "/admin/")
    figures = page.get_by_test_id("dashboard-figures")
    expect(figures).to_be_visible()

    # 1. Another period: October 2026.
    page.get_by_test_id("month-form").locator("input[name=month]").fill("2026-10")
    page.get_by_test_id("month-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("dashboard-period")).to_contain_text("Oktober 2026")
    opened = figures.locator('[data-figure="cases.opened"]')
    expect(opened).to_have_text(str(dataset.OCTOBER_FIGURES["cases.opened"]))
    screenshot("supervisor", "reports-dashboard")

    # 2. The figure's card opens the case list filtered the same way, showing as many cases.
    page.locator('a:has([data-figure="cases.opened"])').click()
    expect(page).to_have_url(f"{base_url}/cases/?opened_min=01-10-2026&opened_max=31-10-2026")
    rows = page.get_by_test_id("list-table").locator("tbody tr")
    expect(rows).to_have_count(dataset.OCTOBER_FIGURES["cases.opened"])

    # 3. The monthly report, from the dashboard: the A4 page and its PDF.
    visit(page, "/admin/?month=2026-10")
    page.get_by_test_id("monthly-report-link").click()
    expect(page.locator("main.sheet")).to_contain_text("REKAP BULANAN")
    expect(page.locator('[data-figure="cases.opened"]')).to_have_text(str(dataset.OCTOBER_FIGURES["cases.opened"]))
    screenshot("supervisor", "reports-monthly")
    # Three apps' figures make a report of several A4 pages: WeasyPrint takes seconds on a busy machine.
    pdf = page.request.get(page.get_by_test_id("pdf-link").get_attribute("href"), timeout=60_000)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert console.errors() == []

    # 4. Import a small spreadsheet from the participant changelist: preview, then confirm.
    visit(page, "/admin/cases/participant/")
    page.get_by_test_id("import-link").click()
    page.locator("input[type=file]").set_input_files(spreadsheet(tmp_path / "daftar.xlsx"))
    page.get_by_test_id("import-upload").locator("button[type=submit]").click()
    preview = page.get_by_test_id("import-preview")
    expect(preview.locator('tr[data-outcome="new"]')).to_have_count(1)
    expect(preview.locator('tr[data-outcome="error"]')).to_have_count(1)
    assert not Participant.objects.filter(full_name="Rina Marlina").exists()  # nothing written yet
    screenshot("supervisor", "reports-import-preview")
    page.get_by_test_id("import-confirm").locator("button[name=confirm]").click()
    expect(page.locator(".alert-success")).to_contain_text("1 peserta diimpor")
    assert Participant.objects.filter(full_name="Rina Marlina", nik="3507014506950001").exists()
    assert console.errors() == []
