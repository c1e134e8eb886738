import csv
import io
import re

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from pypdf import PdfReader

from cases.models import Participant
from tests.conftest import client_for
from tests.reports import dataset
from tests.reports.test_dashboard import shown

REPORT = reverse("reports:monthly")
EXPORT = reverse("reports:monthly-export")


@pytest.fixture
def programme(caseworker, caseworker2):
    return dataset.build(caseworker, caseworker2)


def report_values(response) -> dict[str, int]:
    figures = re.findall(r'data-figure="([^"]+)">([\d.]+)<', response.content.decode())
    return {key: int(value.replace(".", "")) for key, value in figures}  # thousands grouped with dots


def csv_table(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    return rows


def test_the_report_shows_the_months_figures_counted_by_hand(programme, supervisor):
    response = client_for(supervisor).get(REPORT, {"month": "2026-10"})
    assert response.status_code == 200
    values = report_values(response)
    assert {key: values.get(key) for key in dataset.OCTOBER_FIGURES} == dataset.OCTOBER_FIGURES
    html = response.content.decode()
    assert "REKAP BULANAN" in html and "OKTOBER 2026" in html
    assert "/DINSOS/2026" in html  # the letter's number
    assert "Kepala Dinas Sosial" in html  # the head of office's signature block


def compared(html: str, key: str) -> tuple[str, str, str]:
    """(previous month, this month, change) of one figure's row."""
    cells = r"<td[^>]*>([^<]+)</td>\s*"
    found = re.search(cells + r'<td[^>]*data-figure="' + re.escape(key) + r'">([\d.]+)</td>\s*' + cells, html)
    return found.groups()


def test_the_report_compares_with_the_month_before(programme, supervisor):
    html = client_for(supervisor).get(REPORT, {"month": "2026-11"}).content.decode()
    assert compared(html, "cases.opened") == ("2", "2", "0")  # 2 in October, 2 in November
    assert compared(html, "cases.returns") == ("2", "0", "-2")
    assert compared(html, "cases.participants") == ("3", "1", "-2")
    assert compared(html, "cases.open")[0] == "&ndash;"  # today's state: nothing to compare


def test_the_report_agrees_with_the_dashboard(programme, supervisor):
    client = client_for(supervisor)
    report = report_values(client.get(REPORT, {"month": "2026-10"}))
    dashboard = shown(client.get(reverse("admin:index"), {"month": "2026-10"}))
    assert report == dashboard
    assert len(report) > 30


def test_the_csv_and_xlsx_hold_the_same_figures(programme, supervisor):
    client = client_for(supervisor)
    page = report_values(client.get(REPORT, {"month": "2026-10"}))
    rows = csv_table(client.get(EXPORT, {"month": "2026-10"}))
    assert rows[0][-2:] == ["bulan sebelumnya (2026-09)", "bulan ini (2026-10)"]
    # A rate with nothing to divide by is empty in the file and a dash on the page.
    assert {row[1]: int(row[6]) for row in rows[1:] if row[6]} == page
    assert all(row[0] == "2026-10" for row in rows[1:])
    response = client.get(EXPORT, {"month": "2026-10", "format": "xlsx"})
    assert response["Content-Disposition"].endswith('rekap-2026-10.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert {row[1]: row[6] for row in sheet.iter_rows(min_row=2, values_only=True) if row[6] is not None} == page


def test_the_report_holds_no_names_and_no_niks(programme, supervisor):
    Participant.objects.update(full_name="Nama Rahasia")
    Participant.objects.filter(pk=Participant.objects.first().pk).update(nik="6271010101900001")
    client = client_for(supervisor)
    for response in (client.get(REPORT, {"month": "2026-10"}), client.get(EXPORT, {"month": "2026-10"})):
        content = response.content if not response.streaming else b"".join(response.streaming_content)
        assert b"Nama Rahasia" not in content
        assert b"6271010101900001" not in content


def test_text_from_the_data_cannot_become_a_formula(programme, supervisor, caseworker):
    caseworker.first_name, caseworker.last_name = '=HYPERLINK("http://x")', ""
    caseworker.save()
    client = client_for(supervisor)
    rows = csv_table(client.get(EXPORT, {"month": "2026-10"}))
    assert '\'=HYPERLINK("http://x")' in [row[4] for row in rows]
    response = client.get(EXPORT, {"month": "2026-10", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [row[4] for row in sheet.iter_rows(min_row=2)]
    hostile = next(cell for cell in cells if "HYPERLINK" in str(cell.value))
    assert hostile.data_type == "s" and hostile.value.startswith("'")


def test_the_pdf_is_an_a4_letter(programme, supervisor):
    response = client_for(supervisor).get(reverse("reports:monthly-pdf"), {"month": "2026-10"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 210
    assert "REKAP BULANAN" in page.extract_text()


@pytest.mark.parametrize("query", [{"month": "2026-13"}, {"month": "x\x00"}, {"month": "2026-10", "format": "ods"}])
def test_bad_input_is_refused_cleanly(supervisor, query):
    client = client_for(supervisor)
    url = EXPORT if "format" in query else REPORT
    assert client.get(url, query).status_code == 400


def test_without_a_month_the_report_is_this_months(supervisor):
    assert client_for(supervisor).get(REPORT).status_code == 200


def test_every_print_pdf_and_download_is_audited(supervisor):
    client = client_for(supervisor)
    client.get(REPORT, {"month": "2026-10"})
    client.get(EXPORT, {"month": "2026-10", "format": "xlsx"})
    details = [entry.additional_data["detail"] for entry in LogEntry.objects.filter(actor=supervisor)]
    assert "rekap bulanan 2026-10 (cetak)" in details
    assert "rekap bulanan 2026-10 (xlsx)" in details


def test_the_report_takes_a_fixed_number_of_queries(
    programme, supervisor, caseworker, caseworker2, django_assert_max_num_queries
):
    client = client_for(supervisor)
    client.get(REPORT, {"month": "2026-09"})
    with django_assert_max_num_queries(30) as first:
        client.get(REPORT, {"month": "2026-10"})
    for _n in range(3):
        dataset.build(caseworker, caseworker2)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(REPORT, {"month": "2026-11"})
