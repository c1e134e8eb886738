import datetime
import io
import tempfile

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from cases.demo import seed_scale
from cases.models import CaseStatus, Participant
from core.lists.csv_export import FORMULA_START, Column, Kind
from core.lists.xlsx_export import XLSX_CONTENT_TYPE, xlsx_file
from tests.cases.test_lists_and_exports import BUDGET, EXPORT_URLS, count_queries, read_csv
from tests.conftest import client_for
from tests.factories import make_case, make_case_with_text, make_participant, record_departure

NIK = "3507015203900001"
KK = "0507010101900002"  # a leading 0, as Excel would drop it from a number
PHONE = "+6281234567890"  # stored as E.164, exported as the office writes it
FORMULAS = ['=HYPERLINK("http://evil.example","klik")', "+1", "-1", "@SUM(1)"]
# Downloaded as <what>-<date>.xlsx, in the user's language (Indonesian here).
EXPORTS = {
    "cases:case-export": "kasus",
    "cases:participant-export": "peserta",
    "cases:follow-up-export": "tindak-lanjut",
}


def download(client, url: str, params: str = ""):
    response = client.get(f"{url}?{params}&format=xlsx" if params else f"{url}?format=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    return response


def read_xlsx(response) -> openpyxl.worksheet.worksheet.Worksheet:
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert len(workbook.worksheets) == 1
    return workbook.active


def as_csv_text(cell) -> str:
    """What the CSV holds for the same cell (date-times to the minute, without the offset)."""
    if cell.value is None:
        return ""
    if isinstance(cell.value, datetime.datetime):
        if cell.number_format == "dd-mm-yyyy":
            return cell.value.date().isoformat()
        return cell.value.isoformat(timespec="minutes")
    return str(cell.value)[:16]


def as_dicts(sheet) -> list[dict]:
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize(("name", "stem"), EXPORTS.items())
def test_every_export_downloads_as_xlsx(name, stem, supervisor, caseworker):
    case = make_case(caseworker)
    record_departure(caseworker, case)
    response = download(client_for(supervisor), reverse(name))
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="{stem}-{today}.xlsx"'
    assert response["Cache-Control"] == "private, no-store"
    sheet = read_xlsx(response)
    csv_rows = read_csv(client_for(supervisor).get(reverse(name)))
    assert [cell.value for cell in sheet[1]] == csv_rows[0]  # the same translated header
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == len(csv_rows) >= 2
    for xlsx_row, csv_row in zip(sheet.iter_rows(min_row=2), csv_rows[1:], strict=True):
        assert [as_csv_text(cell) for cell in xlsx_row] == [value[:16] for value in csv_row]
    assert sheet.column_dimensions["A"].width >= 12


def test_the_xlsx_holds_exactly_the_filtered_rows_of_the_csv(caseworker, caseworker2):
    mine = make_case(caseworker, status=CaseStatus.ACTIVE)
    make_case(caseworker, make_participant(caseworker, full_name="Rina"), status=CaseStatus.INTAKE)
    theirs = make_case(caseworker2, make_participant(caseworker2, full_name="Dewi"), status=CaseStatus.ACTIVE)
    url = reverse("cases:case-export")
    sheet = read_xlsx(download(client_for(caseworker), url, "status=active"))
    numbers = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert numbers == [mine.number]
    assert theirs.number not in numbers
    csv_rows = read_csv(client_for(caseworker).get(url + "?status=active"))
    assert numbers == [row[0] for row in csv_rows[1:]]


def test_identifiers_stay_text_with_every_digit(supervisor, caseworker):
    participant = make_participant(caseworker, nik=NIK, kk_number=KK, phone=PHONE)
    make_case(caseworker, participant)
    sheet = read_xlsx(download(client_for(supervisor, language="en"), reverse("cases:participant-export")))
    [row] = as_dicts(sheet)
    for header, expected in [
        ("NIK", NIK),
        ("family card number", KK),
        ("phone", "0812-3456-7890"),
        ("participant code", participant.code),
    ]:
        cell = row[header]
        assert cell.value == expected, header
        assert cell.data_type == "s", header
        assert cell.number_format == "@", header


def test_dates_are_real_excel_dates(supervisor, caseworker):
    case = make_case(caseworker, make_participant(caseworker, birth_date=datetime.date(1990, 3, 12)))
    home_return = record_departure(caseworker, case, days_ago=3)
    client = client_for(supervisor, language="en")
    [row] = as_dicts(read_xlsx(download(client, reverse("cases:case-export"))))
    assert row["opened on"].value == datetime.datetime.combine(case.opened_on, datetime.time())
    assert row["departed on"].value == datetime.datetime.combine(home_return.departed_on, datetime.time())
    assert row["departed on"].number_format == "dd-mm-yyyy"
    assert row["closed on"].value is None

    [row] = as_dicts(read_xlsx(download(client, reverse("cases:participant-export"))))
    assert row["date of birth"].value.date() == datetime.date(1990, 3, 12)
    registered = row["registered at"]
    assert isinstance(registered.value, datetime.datetime)
    assert registered.number_format == "dd-mm-yyyy hh:mm"
    # Excel has no time zones: the office's local time, to the minute.
    local = timezone.localtime(case.participant.created_at).replace(tzinfo=None, second=0, microsecond=0)
    assert registered.value == local


@pytest.mark.parametrize("payload", FORMULAS)
def test_formulas_are_stored_as_text_in_every_export(payload, supervisor, caseworker):
    make_case_with_text(caseworker, payload)
    for name in EXPORTS:
        sheet = read_xlsx(download(client_for(supervisor), reverse(name)))
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert not [cell.coordinate for cell in cells if cell.data_type == "f"], name
        # Text cells holding the same apostrophe-prefixed text as the CSV.
        payload_cells = [cell for cell in cells if cell.value == f"'{payload}"]
        assert payload_cells and all(cell.data_type == "s" for cell in payload_cells), name
        assert not any(str(cell.value).startswith(FORMULA_START) for cell in cells if cell.value is not None), name


def test_control_characters_do_not_break_the_file(supervisor, caseworker):
    make_case(caseworker, make_participant(caseworker, full_name="Siti\x0b Aminah\x1f", alias="\x01=1+1"))
    [row] = as_dicts(read_xlsx(download(client_for(supervisor, language="en"), reverse("cases:case-export"))))
    assert row["full name"].value == "Siti Aminah"
    assert row["alias"].value == "'=1+1"


def test_names_and_nik_only_for_users_allowed_to_see_identities(caseworker, supervisor):
    make_case(caseworker, make_participant(caseworker, nik=NIK, phone=PHONE))
    for name in EXPORTS:
        sheet = read_xlsx(download(client_for(caseworker, language="en"), reverse(name)))
        header = [cell.value for cell in sheet[1]]
        values = [cell.value for row in sheet.iter_rows() for cell in row]
        assert not {"full name", "alias", "NIK", "family card number", "phone"} & set(header), name
        assert "Siti Aminah" not in values and NIK not in values and "0812-3456-7890" not in values, name

    sheet = read_xlsx(download(client_for(supervisor, language="en"), reverse("cases:participant-export")))
    [row] = as_dicts(sheet)
    assert row["full name"].value == "Siti Aminah"
    assert row["NIK"].value == NIK


def test_xlsx_exports_are_audited_with_the_format(caseworker):
    make_case(caseworker)
    download(client_for(caseworker), reverse("cases:case-export"), "status=intake")
    entry = LogEntry.objects.get(additional_data__event="export")
    assert entry.actor == caseworker
    assert entry.additional_data["detail"] == "status=intake&format=xlsx"
    assert entry.additional_data["path"].endswith("format=xlsx")


def test_an_unknown_format_is_refused_and_not_audited(caseworker):
    response = client_for(caseworker).get(reverse("cases:case-export"), {"format": "pdf"})
    assert response.status_code == 400
    assert not LogEntry.objects.filter(additional_data__event="export").exists()


def test_the_toolbar_offers_both_downloads_of_the_filtered_rows(caseworker):
    page = client_for(caseworker).get(reverse("cases:case-list"), {"status": "active", "after": "x"}).content.decode()
    url = reverse("cases:case-export")
    assert f'href="{url}?status=active" data-testid="export-csv"' in page
    assert f'href="{url}?status=active&amp;format=xlsx" data-testid="export-xlsx"' in page
    page = client_for(caseworker).get(reverse("cases:case-list")).content.decode()
    assert f'href="{url}?format=xlsx" data-testid="export-xlsx"' in page


def test_a_failing_xlsx_raises_and_leaves_no_personal_data_on_disk(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def broken():
        yield (NIK,)
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        xlsx_file([Column("NIK", "nik", kind=Kind.CODE)], broken())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", EXPORT_URLS)
@pytest.mark.parametrize("persona", ["caseworker", "supervisor"])
def test_xlsx_queries_stay_flat_from_10_to_1000_rows(name, persona, personas, django_assert_max_num_queries):
    seed_scale(10, log=lambda message: None)
    client = client_for(personas[persona])
    url = reverse(name) + "?format=xlsx"
    budget = BUDGET[name]  # the same budget as the CSV
    small = count_queries(client, url, django_assert_max_num_queries, budget)
    seed_scale(990, log=lambda message: None)
    assert Participant.objects.count() == 1000
    large = count_queries(client, url, django_assert_max_num_queries, budget)
    assert large == small
    assert read_xlsx(client.get(url)).max_row > 1
