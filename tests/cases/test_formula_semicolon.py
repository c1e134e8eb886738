"""No live formula when a spreadsheet splits a cell on `;` (Indonesian Excel's list separator).

Excel with Indonesian regional settings opens a comma-separated file by splitting each line on
`;`; quotes around a comma-separated cell do not start its `;`-part. So `x;=1+1;` in a name would
become a cell `=1+1`. Every writer (the CSV from PostgreSQL's COPY, the CSV from Python's csv
module, the XLSX) gives each formula start after a `;` an apostrophe, as it does at a cell's start.
"""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.lists.csv_export import FORMULA_START, neutralise
from core.lists.views import FilteredExportView
from tests.conftest import client_for
from tests.factories import make_case_with_text

EXPORTS = ["cases:case-export", "cases:participant-export", "cases:follow-up-export"]
PAYLOADS = ["x;=1+1;", 'Siti; "=HYPERLINK(""http://evil.example"")', "a;;@SUM(1)", "b; -2+3", ";+1", "c;\t=1"]


def live_formulas(text: str) -> list[str]:
    """The parts of `text` that Excel would run, split on `;` as Indonesian Excel does."""
    return [part for part in text.split(";") if part.lstrip(' "').startswith(FORMULA_START)]


def test_neutralise_covers_every_part():
    for payload in PAYLOADS:
        assert live_formulas(payload)
        assert not live_formulas(neutralise(payload)), payload
    assert neutralise("Jl. Tjilik Riwut; km 5") == "Jl. Tjilik Riwut; km 5"
    assert neutralise("=1;=2") == "'=1;'=2"


def line_parts(data: bytes) -> list[str]:
    """Each `;`-part of each line of the file as Excel with `;` lists reads it (no CSV parsing)."""
    return [part for line in data.decode("utf-8-sig").splitlines() for part in line.split(";")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY needs PostgreSQL")
@pytest.mark.parametrize("use_copy", [True, False], ids=["copy", "python"])
@pytest.mark.parametrize("name", EXPORTS)
def test_csv_has_no_formula_after_a_semicolon(supervisor, caseworker, monkeypatch, name, use_copy):
    for payload in PAYLOADS:
        make_case_with_text(caseworker, payload)
    monkeypatch.setattr(FilteredExportView, "copy_on_postgresql", use_copy)
    with CaptureQueriesContext(connection) as queries:
        response = client_for(supervisor).get(reverse(name))
        data = b"".join(response.streaming_content)
    copied = any(query["sql"].startswith("COPY (") for query in queries.captured_queries)
    assert copied == (use_copy and name != "cases:participant-export")  # its phone column needs Python
    cells = [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]
    for payload in PAYLOADS:
        assert neutralise(payload) in cells, payload
    assert not live_formulas("\n".join(cells))
    assert not [part for part in line_parts(data) if part.lstrip(' "').startswith(FORMULA_START)]


@pytest.mark.parametrize("name", EXPORTS)
def test_xlsx_has_no_formula_after_a_semicolon(supervisor, caseworker, name):
    for payload in PAYLOADS:
        make_case_with_text(caseworker, payload)
    response = client_for(supervisor).get(reverse(name), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [str(cell.value) for cell in cells]
    for payload in PAYLOADS:
        assert neutralise(payload) in texts, payload
    # Saved again as CSV by a `;` Excel, each cell stays one quoted field; still, none holds a live part.
    assert not [text for text in texts if live_formulas(text)]
