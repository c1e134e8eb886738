"""The XLSX download: the same rows and columns as the CSV, for people.

Excel opens a CSV with the regional settings of Windows: Indonesian Windows
expects ";" between fields and decimal commas, reads a 16-digit NIK as a number
(keeping 15 significant digits) and drops the leading 0 of a phone number. An
XLSX file carries its own types instead (see docs/exports.md):

- CODE columns (NIK, KK, phone, case and participant codes) are text cells with
  the text number format "@", so every digit and leading 0 survives, also when
  someone edits the cell;
- dates are real Excel dates shown as dd-mm-yyyy, date-times as
  dd-mm-yyyy hh:mm in the office's time zone (Excel has no time zones);
- every other string is a text cell too, never a formula, and starts with the
  same apostrophe as in the CSV when it starts like a formula, so both files
  hold the same text and a copy re-saved as CSV stays harmless.

openpyxl's write-only workbook streams the rows into a temporary file and zips
it on save; the finished file is spooled (in memory up to SPOOL_BYTES, on disk
beyond) and sent with FileResponse. Nothing is sent before the file is
complete, so a failure is an error page rather than a truncated file.
"""

import contextlib
import datetime
import decimal
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.lists.csv_export import Column, Kind, neutralise, queryset_rows

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEXT_FORMAT = "@"
DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
MAX_CELL_CHARS = 32_767  # Excel's limit: a longer text makes Excel "repair" the file
SPOOL_BYTES = 8 * 1024 * 1024
WIDTHS = {Kind.TEXT: 18, Kind.CODE: 20, Kind.DATE: 12, Kind.DATETIME: 17, Kind.NUMBER: 10}
MAX_WIDTH = 60
BAD_SHEET_TITLE = re.compile(r"[\\/*?:\[\]]")


def text(value: Any) -> str:
    # Control characters are invalid in the XML (openpyxl would raise); strip
    # them before neutralising so they can't hide a leading "=".
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))[:MAX_CELL_CHARS]


class _Cells:
    """Turns one row of values into write-only cells, typed by column kind and value."""

    def __init__(self, sheet, kinds: list[Kind]) -> None:
        self.sheet = sheet
        self.kinds = kinds

    def text_cell(self, value: Any, kind: Kind, font: Font | None = None) -> Cell:
        cell = WriteOnlyCell(self.sheet, value=text(value))
        cell.data_type = "s"  # never a formula, whatever the text
        if kind is Kind.CODE:
            cell.number_format = TEXT_FORMAT
        if font is not None:
            cell.font = font
        return cell

    def cell(self, value: Any, kind: Kind) -> Cell | None:
        if value is None or value == "":
            return None
        if kind is Kind.CODE or isinstance(value, str):
            return self.text_cell(value, kind)
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.make_naive(value)
            cell = WriteOnlyCell(self.sheet, value=value.replace(second=0, microsecond=0))
            cell.number_format = DATETIME_FORMAT
            return cell
        if isinstance(value, datetime.date):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        if isinstance(value, bool | int | float | decimal.Decimal):
            return WriteOnlyCell(self.sheet, value=value)
        return self.text_cell(value, kind)

    def row(self, values: Iterable[Any]) -> list[Cell | None]:
        return [self.cell(value, kind) for value, kind in zip(values, self.kinds, strict=True)]


def sheet_title(title: str) -> str:
    return BAD_SHEET_TITLE.sub(" ", title).strip()[:31] or "Sheet1"


def _remove_sheet_tempfile(sheet) -> None:
    # openpyxl deletes a write-only sheet's temporary file when the workbook is
    # saved, otherwise only when the process exits: after a failure it would
    # leave personal data in /tmp until then.
    writer = getattr(sheet, "_writer", None)
    if writer is None:
        return
    with contextlib.suppress(Exception):
        if sheet._rows is not None:
            sheet._rows.close()
        writer.close()
    with contextlib.suppress(OSError, ValueError):
        writer.cleanup()
    if os.path.exists(writer.out):
        os.remove(writer.out)


def xlsx_file(columns: list[Column], rows: Iterator[Iterable[Any]], title: str = "") -> IO[bytes]:
    """The workbook in a temporary file, positioned at its start; the caller closes it."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    for index, column in enumerate(columns, start=1):
        width = column.width or max(WIDTHS[column.kind], len(str(column.header)) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = min(width, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"  # the header on every printed page
    cells = _Cells(sheet, [column.kind for column in columns])
    bold = Font(bold=True)
    output = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # closed by FileResponse
    try:
        sheet.append([cells.text_cell(column.header, Kind.TEXT, bold) for column in columns])
        count = 0
        for row in rows:
            sheet.append(cells.row(row))
            count += 1
        sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(columns), 1))}{count + 1}"
        workbook.save(output)
    except BaseException:
        _remove_sheet_tempfile(sheet)
        output.close()
        raise
    output.seek(0)
    return output


def xlsx_response(
    filename: str, columns: list[Column], queryset, title: str = "", rows: Iterable[tuple] | None = None
) -> FileResponse:
    """The workbook of `queryset` by its columns' sources, or of `rows` made in Python when given."""
    response = FileResponse(
        xlsx_file(columns, queryset_rows(queryset, columns) if rows is None else iter(rows), title),
        as_attachment=True,
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )
    response["Cache-Control"] = "private, no-store"
    return response
