"""Reading an uploaded spreadsheet into rows of text, refusing what is not a plain spreadsheet."""

import csv
import datetime
import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_BYTES = 2 * 1024 * 1024  # a list of a few thousand people is far smaller
MAX_UNPACKED_BYTES = 40 * 1024 * 1024  # an XLSX is a zip: refuse one that unpacks to a bomb
MAX_ROWS = 3000
MAX_CELL_CHARS = 500

# The template's columns: key, header (Indonesian, as the office writes it).
COLUMNS = [
    ("full_name", gettext_lazy("Full name")),
    ("alias", gettext_lazy("Alias")),
    ("sex", gettext_lazy("Sex (F/M)")),
    ("birth_place", gettext_lazy("Place of birth")),
    ("birth_date", gettext_lazy("Date of birth (dd-mm-yyyy)")),
    ("nik", gettext_lazy("NIK")),
    ("origin_regency", gettext_lazy("Regency or city of origin (code or name)")),
    ("address", gettext_lazy("Address")),
]


class RefusedFile(ValueError):
    """The file as a whole cannot be imported; the message says why."""


@dataclass(frozen=True)
class Upload:
    name: str
    checksum: str  # SHA-256 of the file's bytes, for the audit trail
    rows: list[dict[str, str]]  # one per data row, keyed by COLUMNS' keys, each value text


def _text(value) -> str:
    """A cell as text: dates as dd-mm-yyyy, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%d-%m-%Y}"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


def _header_keys(header: list[str]) -> list[str | None]:
    """Each column's key, found by its header in either language; None for a column we do not read."""
    from django.utils import translation

    known = {}
    for language in ("id", "en"):
        with translation.override(language):
            known.update({str(label).strip().lower(): key for key, label in COLUMNS})
    known.update({key: key for key, _label in COLUMNS})
    keys = [known.get(str(cell or "").strip().lower()) for cell in header]
    if "full_name" not in keys:
        raise RefusedFile(_("The first row must hold the template's column headers (at least the full name)."))
    return keys


def _check_cell(value: str) -> str:
    if value.startswith(("=", "@")) or "\x00" in value:
        raise RefusedFile(_("The file contains formulas or control characters. Save it again as plain values."))
    if len(value) > MAX_CELL_CHARS:
        raise RefusedFile(_("A cell holds more than %(count)s characters.") % {"count": MAX_CELL_CHARS})
    return value


def _rows(table) -> list[dict[str, str]]:
    iterator = iter(table)
    try:
        keys = _header_keys([_text(cell) for cell in next(iterator)])
    except StopIteration:
        raise RefusedFile(_("The file is empty.")) from None
    rows = []
    for cells in iterator:
        texts = [_check_cell(_text(cell)) for cell in cells]
        if not any(texts):
            continue  # blank lines between blocks are common in office lists
        if len(rows) >= MAX_ROWS:
            raise RefusedFile(_("The file has more than %(count)s rows: split it.") % {"count": MAX_ROWS})
        rows.append({key: text for key, text in zip(keys, texts, strict=False) if key})
    if not rows:
        raise RefusedFile(_("The file has no rows under its headers."))
    return rows


def _xlsx_table(content: bytes):
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise RefusedFile(_("The file is too large."))
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except RefusedFile:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged or disguised file
        raise RefusedFile(_("The file is not a readable XLSX spreadsheet.")) from None
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows():
        for cell in row:
            if getattr(cell, "data_type", "") == "f":
                raise RefusedFile(_("The file contains formulas or control characters. Save it again as plain values."))
        yield [cell.value for cell in row]


def _csv_table(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RefusedFile(_("The CSV file must be saved as UTF-8.")) from None
    if "\x00" in text:
        raise RefusedFile(_("The file is not a readable CSV spreadsheet."))
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        pass  # one column, or nothing to tell: commas
    try:
        yield from csv.reader(io.StringIO(text), dialect)
    except csv.Error:
        raise RefusedFile(_("The file is not a readable CSV spreadsheet.")) from None


def read_upload(upload) -> Upload:
    """Read an uploaded file (XLSX or CSV, by its name and its content)."""
    if upload.size > MAX_BYTES:
        raise RefusedFile(_("The file is too large (at most 2 MB)."))
    content = upload.read(MAX_BYTES + 1)
    name = upload.name or ""
    if name.lower().endswith(".xlsx"):
        if not content.startswith(b"PK\x03\x04"):
            raise RefusedFile(_("The file is not a readable XLSX spreadsheet."))
        table = _xlsx_table(content)
    elif name.lower().endswith(".csv"):
        table = _csv_table(content)
    else:
        raise RefusedFile(_("Upload an XLSX or CSV file."))
    return Upload(name=name[:200], checksum=hashlib.sha256(content).hexdigest(), rows=_rows(table))
