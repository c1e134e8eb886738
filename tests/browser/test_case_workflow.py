"""A caseworker's day, through the real UI at phone width (and at desktop width):
register a participant, open her case, record a self-funded return home by sea
with a signed commitment upload, see the follow-ups on the home page, record
one, and download the case list and the commitment scan.

One journey rather than a test per step: every browser test pays for a
database flush and restore. Screenshots: caseworker-workflow-<step>-<viewport>.png.
"""

import csv
import datetime
import io
import re

from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from cases.exports import case_columns
from cases.models import Case, FollowUp
from tests.browser.helpers import BROWSER_TEST, fill_date, login, open_menu
from tests.conftest import make_persona
from tests.factories import PDF_BYTES

pytestmark = BROWSER_TEST

FULL_NAME = "Siti Rahmawati"
# 35.07 Kabupaten Malang, born 12-03-1990 (a woman: day + 40), serial 0001.
NIK = "3507015203900001"
BIRTH_DATE = "12-03-1990"
BOM = "\ufeff"


def test_caseworker_workflow(page, base_url, console, screenshot, viewport, tmp_path):
    user = make_persona("caseworker")
    today = timezone.localdate()
    departed = today - datetime.timedelta(days=8)  # the 7-day follow-up was due yesterday

    def shot(step: str) -> None:
        """A screenshot for review, and no page may scroll sideways on a phone."""
        screenshot("caseworker", f"workflow-{step}")
        assert_fits_the_screen(page, viewport)

    login(page, "caseworker")
    expect(page).to_have_url(base_url + "/")
    expect(page.get_by_test_id("panel-caseworker")).to_contain_text(
        "Tidak ada tindak lanjut yang jatuh tempo dalam 7 hari ke depan."
    )

    # 1. Register the participant: Peserta (navbar) -> Daftarkan peserta.
    go_to(page, "Peserta")
    page.get_by_test_id("new").click()
    expect(page).to_have_url(re.compile(r"/cases/participants/new/$"))
    # Saved empty: the error summary comes first, focused and in view (a phone's long form), each error a link.
    page.get_by_test_id("save").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    summary.get_by_role("link", name="Nama lengkap").click()
    expect(page.locator("#id_full_name")).to_be_focused()
    shot("01-participant-errors")
    page.locator("#id_full_name").fill(FULL_NAME)
    page.locator("#id_sex").select_option("F")
    page.locator("#id_birth_date").fill(BIRTH_DATE)
    page.locator("#id_nik").fill(NIK)
    page.locator("#id_origin_regency").select_option(label="Kabupaten Malang")
    shot("01-participant-form")
    page.get_by_test_id("save").click()
    # A NIK that agrees with the sex and date of birth raises no warning to confirm.
    expect(page).not_to_have_url(re.compile(r"/participants/new/$"))
    expect(page.get_by_test_id("form-warnings")).to_have_count(0)

    # 2. Sent on to open her case, with her already chosen.
    expect(page).to_have_url(re.compile(r"/cases/new/\?participant=\d+$"))
    alert = page.locator(".alert-success")
    expect(alert).to_contain_text(re.compile(r"Peserta PR-\d{4}-\d{4} terdaftar"))
    code = re.search(r"PR-\d{4}-\d{4}", alert.inner_text()).group()
    expect(page.locator("#id_participant option:checked")).to_contain_text(code)
    # The form leaves "opened on" empty (CaseForm's own DateField drops the model's default of today).
    fill_date(page.locator("#id_opened_on"), today)
    expect(page.locator("#id_caseworker")).to_be_disabled()
    shot("02-case-form")
    page.get_by_test_id("save").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+/$"))
    case = Case.objects.get(participant__code=code)
    expect(page.locator(".alert-success")).to_contain_text(f"Kasus {case.number} dibuka.")
    expect(page.get_by_test_id("status-badge")).to_have_text("Penerimaan awal")
    shot("03-case-opened")
    # The workflow bar is a status (no button shape, no hand cursor); the timeline's additions are buttons.
    step = page.get_by_test_id("workflow").locator("li").first
    assert step.evaluate("e => getComputedStyle(e).cursor") == "default"
    assert step.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
    expect(page.get_by_test_id("add-return")).to_have_class(re.compile(r"\bbtn\b"))

    # 3. Intake -> Aktif: a departure moves an active case on to "returned home".
    page.get_by_test_id("transition-active").click()
    expect(page.get_by_test_id("status-badge")).to_have_text("Aktif")

    # 4. The return home: self-funded, by sea, departed 8 days ago.
    page.get_by_test_id("add-return").click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/return/$"))
    page.get_by_label("Mandiri (biaya sendiri)").check()
    page.locator("#id_declined_reason").fill("Keluarga sudah membelikan tiket kapal.")
    page.locator("#id_destination_regency").select_option(label="Kabupaten Malang")
    page.get_by_label("Laut", exact=True).check()
    fill_date(page.locator("#id_departed_on"), departed)
    expect(page.locator("input[name=arrangement]:checked")).to_have_value("self_funded")
    expect(page.locator("input[name=travel_mode]:checked")).to_have_value("sea")
    shot("04-return-form")
    page.get_by_test_id("save").click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.locator(".alert-success")).to_contain_text("Data pemulangan disimpan.")
    expect(page.get_by_test_id("status-badge")).to_have_text("Sudah dipulangkan")
    return_card = page.get_by_test_id("return-card")
    expect(return_card).to_contain_text("Mandiri (biaya sendiri)")
    expect(return_card).to_contain_text("Laut")
    expect(return_card).to_contain_text("Kabupaten Malang")
    follow_ups = page.get_by_test_id("follow-ups-card").locator(".list-group-item")
    expect(follow_ups).to_have_count(3)  # after 7, 30 and 90 days
    expect(follow_ups.first).to_have_class(re.compile(r"\blist-group-item-danger\b"))  # overdue
    expect(page.get_by_test_id("timeline")).to_contain_text("Pemulangan mandiri (biaya sendiri) ke Kabupaten Malang")

    # 5. The signed commitment, its scan uploaded.
    scan = tmp_path / "surat-pernyataan.pdf"
    scan.write_bytes(PDF_BYTES)
    page.get_by_test_id("add-commitment").click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/commitments/new/$"))
    fill_date(page.locator("#id_signed_on"), today)
    page.locator("#id_witness").fill("Rina Kartika")
    page.locator("#id_scan").set_input_files(scan)
    shot("05-commitment-form")
    page.get_by_test_id("save").click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.locator(".alert-success")).to_contain_text("Surat pernyataan dicatat.")
    commitments = page.get_by_test_id("commitments-card")
    expect(commitments).to_contain_text("Tidak kembali ke prostitusi")
    shot("06-case-returned")

    # 6. The scan comes back as it went in.
    with page.expect_download() as download_info:
        commitments.get_by_test_id("scan-download").click()
    download = download_info.value
    assert download.failure() is None
    assert re.fullmatch(rf"commitment-{case.number}-\d+\.pdf", download.suggested_filename)
    assert download.path().read_bytes() == PDF_BYTES

    # 7. Home: the overdue 7-day follow-up, nothing today, the 30-day one beyond the next 7 days.
    go_home(page, base_url)
    panel = page.get_by_test_id("panel-caseworker")
    expect(panel.get_by_test_id("due-overdue")).to_contain_text("Lewat jatuh tempo (1)")
    expect(panel.get_by_test_id("due-today")).to_have_count(0)
    expect(panel.get_by_test_id("due-upcoming")).to_have_count(0)
    expect(panel.get_by_role("link", name=code)).to_be_visible()
    expect(panel).to_contain_text(case.number)
    shot("07-home-follow-ups")

    # 8. Record the contact from the home page.
    panel.get_by_test_id("record-follow-up").click()
    overdue = FollowUp.objects.filter(case=case).order_by("due_on").first()
    expect(page).to_have_url(re.compile(rf"/cases/follow-ups/{overdue.pk}/record/$"))
    # The contact was made today: the form's default.
    if viewport == "phone":
        expect(page.locator("#id_done_on")).to_have_value(today.isoformat())
    else:
        expect(page.locator("#id_done_on")).to_have_value(today.strftime("%d-%m-%Y"))
    page.locator("#id_channel").select_option("phone")
    page.locator("#id_outcome").select_option("reached")
    page.locator("#id_notes").fill("Sudah tiba di rumah orang tua.")
    shot("08-follow-up-form")
    page.get_by_test_id("save").click()
    expect(page).to_have_url(re.compile(rf"/cases/{case.pk}/$"))
    expect(page.locator(".alert-success")).to_contain_text("Tindak lanjut dicatat.")
    expect(page.get_by_test_id("timeline").locator("li").first).to_contain_text(
        "Telepon: Berhasil dihubungi. Sudah tiba di rumah orang tua."
    )
    expect(follow_ups.first).to_contain_text("Telepon: Berhasil dihubungi")
    expect(follow_ups.first).not_to_have_class(re.compile(r"\blist-group-item-danger\b"))
    expect(page.get_by_test_id("follow-ups-card").locator(".list-group-item-danger")).to_have_count(0)
    shot("09-case-follow-up-recorded")

    go_home(page, base_url)
    expect(page.get_by_test_id("due-overdue")).to_have_count(0)
    expect(page.get_by_test_id("panel-caseworker")).to_contain_text(
        "Tidak ada tindak lanjut yang jatuh tempo dalam 7 hari ke depan."
    )

    # 9. The case list and its CSV: codes, not names, for a caseworker.
    go_to(page, "Kasus")
    rows = page.get_by_test_id("list-table")
    expect(rows).to_contain_text(case.number)
    # One table for both widths: on a phone each row is laid out as a card.
    expect(rows.locator("tbody tr").first).to_have_css("display", "flex" if viewport == "phone" else "table-row")
    shot("10-case-list")
    with page.expect_download() as download_info:
        page.get_by_test_id("export-csv").click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == f"kasus-{today.isoformat()}.csv"
    text = download.path().read_bytes().decode("utf-8")
    assert text.startswith(BOM), "the CSV has no byte-order mark"
    with translation.override("id"):
        columns = case_columns(user)
        header = [str(column.header) for column in columns]
    table = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert table[0] == header
    assert len(table) == 2, f"one case expected in the export, got {len(table) - 1}"
    row = dict(zip([column.source for column in columns], table[1], strict=True))
    assert (row["number"], row["participant__code"]) == (case.number, code)
    assert row["status"] == "Sudah dipulangkan"
    assert row["home_return__arrangement"] == "Mandiri (biaya sendiri)"
    assert row["home_return__travel_mode"] == "Laut"
    assert row["home_return__destination_regency__name"] == "Kabupaten Malang"
    assert row["home_return__departed_on"] == departed.isoformat()
    assert row["caseworker_name"] == str(user)  # staff by name, not username
    assert FULL_NAME not in text and "Rahmawati" not in text, "names in a caseworker's export"
    assert NIK not in text, "the NIK in a caseworker's export"

    assert console.errors() == [], "console errors or CSP violations on the app's pages"


def go_to(page: Page, label: str) -> None:
    """Follow a navbar link, through the toggler on a phone."""
    open_menu(page)
    page.get_by_test_id("nav").get_by_role("link", name=label).click()
    expect(page.locator("h1")).to_have_text(label)


def go_home(page: Page, base_url: str) -> None:
    page.locator(".navbar-brand").click()
    expect(page).to_have_url(base_url + "/")


def assert_fits_the_screen(page: Page, viewport: str) -> None:
    """Nothing in the page's content sticks out sideways; on a phone, nothing at all.

    (At desktop width the caseworker's navbar is a few pixels too wide for a
    1280 px window, which tests/browser/test_roles.py reports; not repeated here.)
    """
    main_overflow = page.evaluate(
        "(() => { const m = document.querySelector('main'); return m.scrollWidth - m.clientWidth; })()"
    )
    assert main_overflow <= 0, f"{page.url}: the content is {main_overflow}px wider than the page"
    if viewport == "phone":
        width = page.viewport_size["width"]
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{page.url} scrolls sideways: {scroll_width}px wide in a {width}px viewport"
