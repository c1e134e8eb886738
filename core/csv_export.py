"""The one streaming CSV writer of the project.

Format (see docs/exports.md): UTF-8 with a byte-order mark so Excel opens
accents correctly, comma-separated, CRLF, ISO dates (2026-11-28). Excel with
Indonesian regional settings expects ";" and decimal commas, and would mangle
a 16-digit NIK anyway: people who open exports in Excel use the XLSX download,
systems use this CSV.

Cells that a spreadsheet would run as a formula (starting with = + - @ tab or
carriage return) get a leading apostrophe. Rows are written in batches: one
string per batch keeps memory flat and is ~2x faster than one per row.
"""

import csv
import datetime
import io
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BATCH_ROWS = 2000
INCOMPLETE_MARKER = "### EXPORT INCOMPLETE: an error stopped this file here. Do not use it; download it again. ###"


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    return neutralise(str(value))


@dataclass(frozen=True)
class Column:
    header: str  # translated header text
    source: str  # a values_list() path, e.g. "participant__code"
    format: Callable[[Any], Any] | None = None  # e.g. a choice label or a mask


def csv_rows(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The CSV text, a batch of rows at a time, with the BOM and header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([neutralise(str(name)) for name in header])
    count = 0
    try:
        for row in rows:
            writer.writerow([cell(value) for value in row])
            count += 1
            if count % BATCH_ROWS == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    except Exception:
        # The status line has gone out already: say so inside the file.
        logger.exception("CSV export failed after %d rows", count)
        writer.writerow([INCOMPLETE_MARKER])
        yield buffer.getvalue()
        return
    yield buffer.getvalue()


def queryset_rows(queryset, columns: list[Column], chunk_size: int = BATCH_ROWS) -> Iterator[tuple]:
    """Plain tuples straight from the database (no model instances), formatted per column."""
    formatters = [column.format for column in columns]
    for values in queryset.values_list(*[column.source for column in columns]).iterator(chunk_size=chunk_size):
        yield tuple(value if fmt is None else fmt(value) for value, fmt in zip(values, formatters, strict=True))


def csv_response(filename: str, columns: list[Column], queryset) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        csv_rows([column.header for column in columns], queryset_rows(queryset, columns)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
