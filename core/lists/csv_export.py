"""The one streaming CSV writer of the project.

Format: UTF-8 with a byte-order mark so Excel opens accents correctly,
comma-separated, LF line ends, ISO dates (2026-11-28), date-times in the
office's time zone (2026-11-28T09:30+07:00). Excel with Indonesian regional
settings expects ";" and decimal commas, and would mangle a 16-digit NIK
anyway: people who open exports in Excel use the XLSX download, systems use
this CSV.

Cells that a spreadsheet would run as a formula (starting with = + - @ tab or
carriage return) get a leading apostrophe, and so does every such start right
after a `;` inside a cell: Excel with Indonesian settings splits a CSV line on
`;` (quotes do not help: in a comma-separated line they do not start its
`;`-field), so `x;=1+1;` would give a cell `=1+1`. Spaces and double quotes
between the `;` and the formula start are skipped: `x; "=1+1` gets `x; "'=1+1`.

Two writers make the same bytes from the same rows:

- On PostgreSQL, `copy_csv_chunks` has the database write the CSV: the
  export's columns become SQL expressions (choice labels as CASE WHEN, the
  apostrophe rule, ISO dates and local date-times), the filtered queryset's
  SELECT goes into `COPY (...) TO STDOUT WITH (FORMAT csv)`, and psycopg's
  COPY rows are passed on in 64 KiB chunks. No Python object per row or cell.
- Elsewhere (SQLite), or when a column has a format that SQL cannot repeat
  (e.g. a phone number formatter), `csv_rows` writes with Python's csv module,
  one string per batch of rows (~2x faster than one per row).

Line ends are LF in both: COPY's CSV format can only end rows with LF (and
telling a row end from a line break inside a quoted cell would need a CSV
parser), so the Python writer uses LF too rather than csv's default CRLF.
RFC 4180 asks for CRLF; Excel, LibreOffice and every CSV library read LF.
Empty cells are never quoted in either (COPY would quote an empty string to
tell it from NULL; the SQL turns '' into NULL first). The only difference
left: COPY quotes a cell that is exactly `\\.` when it is a row's only cell;
the exports all have more than one column.
"""

import csv
import datetime
import io
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections, models
from django.db.models import F, Func
from django.db.models.constants import LOOKUP_SEP
from django.http import StreamingHttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A formula start at the beginning of the text or of a `;`-separated part of it, after any spaces
# and double quotes. The same pattern serves Python's re and PostgreSQL's regexp_replace().
FORMULA_PART = r'(^|;)([ "]*)([-=+@\t\r])'
FORMULA_PART_REPLACEMENT = r"\1\2'\3"
_FORMULA_PART = re.compile(FORMULA_PART)
BATCH_ROWS = 2000
COPY_CHUNK_BYTES = 64 * 1024
LINE_END = "\n"
INCOMPLETE_MARKER = "### EXPORT INCOMPLETE: an error stopped this file here. Do not use it; download it again. ###"


def neutralise(text: str) -> str:
    if text.startswith((*FORMULA_START, " ", '"')) or ";" in text:
        return _FORMULA_PART.sub(FORMULA_PART_REPLACEMENT, text)
    return text


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


class Kind(StrEnum):
    """What a column holds, for the XLSX download (the CSV writes every kind the same way)."""

    TEXT = "text"  # free text and choice labels
    CODE = "code"  # NIK, KK, phone, case number: always text, so Excel keeps every digit and leading 0
    DATE = "date"
    DATETIME = "datetime"
    NUMBER = "number"


@dataclass(frozen=True)
class Column:
    header: str  # translated header text
    source: str  # a values_list() path, e.g. "participant__code"
    format: Callable[[Any], Any] | None = None  # e.g. a choice label or a mask
    kind: Kind = Kind.TEXT
    width: int | None = None  # XLSX column width in characters; None: from the kind and header


def _writer(buffer: io.StringIO):
    return csv.writer(buffer, lineterminator=LINE_END)


def header_text(header: list[str]) -> str:
    """The BOM and the header row, as both writers start the file."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    _writer(buffer).writerow([neutralise(str(name)) for name in header])
    return buffer.getvalue()


def marker_text() -> str:
    buffer = io.StringIO()
    _writer(buffer).writerow([INCOMPLETE_MARKER])
    return buffer.getvalue()


def csv_rows(header: list[str], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The CSV text, a batch of rows at a time, with the BOM and header first."""
    buffer = io.StringIO()
    writer = _writer(buffer)
    buffer.write(header_text(header))
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
        buffer.write(marker_text())
        yield buffer.getvalue()
        return
    yield buffer.getvalue()


def queryset_rows(queryset, columns: list[Column], chunk_size: int = BATCH_ROWS) -> Iterator[tuple]:
    """Plain tuples straight from the database (no model instances), formatted per column."""
    formatters = [column.format for column in columns]
    for values in queryset.values_list(*[column.source for column in columns]).iterator(chunk_size=chunk_size):
        yield tuple(value if fmt is None else fmt(value) for value, fmt in zip(values, formatters, strict=True))


# --- PostgreSQL: the database writes the CSV -----------------------------------------------------

_TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.SlugField, models.URLField)
_INTEGER_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
)
_PROBE = "\x01probe: not a choice"


class _Sql(Func):
    """SQL around one column: `{x}` marks each use of the column, `%s` each of `params`, in order."""

    output_field = models.TextField()

    def __init__(self, expression, template: str, params: Iterable[Any] = ()) -> None:
        super().__init__(expression)
        self.sql_template = template
        self.sql_params = list(params)

    def as_sql(self, compiler, connection, **extra_context):
        column_sql, column_params = compiler.compile(self.get_source_expressions()[0])
        own = iter(self.sql_params)
        sql: list[str] = []
        params: list[Any] = []
        for index, piece in enumerate(self.sql_template.split("{x}")):
            if index:
                sql.append(column_sql)
                params.extend(column_params)
            sql.append(piece)
            params.extend(next(own) for _ in range(piece.count("%s")))
        return "".join(sql), params


def _neutralised_sql() -> tuple[str, list[str]]:
    """neutralise() in SQL over `{x}` (text), with its parameters. The starts are written chr(61),
    chr(9)...: no tab or carriage return inside the statement, which stays one printable line (for
    logs and psql). The regular expression runs only on the rare text that may need it."""
    starts = ", ".join(f"chr({ord(start)})" for start in (*FORMULA_START, " ", '"'))
    sql = (
        f"CASE WHEN left({{x}}, 1) IN ({starts}) OR strpos({{x}}, ';') > 0"
        " THEN regexp_replace({x}, %s, %s, 'g') ELSE {x} END"
    )
    return sql, [FORMULA_PART, FORMULA_PART_REPLACEMENT]


def _source_field(model, source: str):
    """The model field a values_list() path ends on, or None when SQL is not attempted for it."""
    parts = source.split(LOOKUP_SEP)
    meta = model._meta
    field = None
    for position, part in enumerate(parts):
        try:
            field = meta.get_field(part)
        except FieldDoesNotExist:
            return None  # a transform or an annotation: leave it to Python
        if field.many_to_many or field.one_to_many:
            return None
        if field.is_relation:
            if position == len(parts) - 1:
                return field.target_field if field.concrete else None  # values_list gives the key
            meta = field.related_model._meta
    return field


def _choice_labels(field, fmt: Callable[[Any], Any]) -> dict[str, str] | None:
    """The labels when `fmt` is the choice-label format of a text field with choices: it maps each
    choice to str(label), None and "" to "" and any other value to itself (checked by calling it)."""
    if not field.choices:
        return None
    labels = {str(value): str(label) for value, label in field.flatchoices}
    try:
        agrees = all(fmt(value) == label for value, label in labels.items())
        agrees = agrees and fmt(None) == "" and fmt(_PROBE) == _PROBE and ("" in labels or fmt("") == "")
    except Exception:  # noqa: BLE001 (any failure: not a label format)
        return None
    return labels if agrees else None


def _column_sql(queryset, column: Column):
    """An expression giving the CSV cell of `column` exactly as `cell()` would write it (NULL for an
    empty cell), or None when SQL cannot repeat the column's format."""
    field = _source_field(queryset.model, column.source)
    if field is None and column.source in queryset.query.annotations:
        # A text annotation of the export's queryset (e.g. core.models.full_name).
        field = queryset.query.annotations[column.source].output_field
    if field is None:
        return None
    value = F(column.source)
    kind = type(field)
    if column.format is not None:
        if kind not in _TEXT_FIELDS or (labels := _choice_labels(field, column.format)) is None:
            return None
        whens = " ".join("WHEN %s THEN %s" for _ in labels)
        params = [item for value_label in labels.items() for item in (value_label[0], neutralise(value_label[1]))]
        neutralised, neutralised_params = _neutralised_sql()
        expression = _Sql(value, f"CASE {{x}} {whens} ELSE {neutralised} END", [*params, *neutralised_params])
    elif kind in _TEXT_FIELDS:
        expression = _Sql(value, *_neutralised_sql())
    elif kind in _INTEGER_FIELDS:
        expression = _Sql(_Sql(value, "({x})::text"), *_neutralised_sql())  # -5 gives '-5, as in Python
    elif kind is models.BooleanField:
        expression = _Sql(value, "CASE WHEN {x} THEN '1' WHEN NOT {x} THEN '0' END")
    elif kind is models.DateField:
        expression = _Sql(value, "to_char({x}, 'YYYY-MM-DD')")
    elif kind is models.DateTimeField and settings.USE_TZ:
        # timezone.localtime(value).isoformat(timespec="minutes"): 2026-11-28T09:30+07:00. The offset
        # is computed per value (zones change); offsets with seconds (before 1924 here) are cut to minutes.
        local, utc = "({x} AT TIME ZONE %s)", "({x} AT TIME ZONE 'UTC')"
        expression = _Sql(
            value,
            f"to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI') || CASE WHEN {local} < {utc} THEN '-' ELSE '+' END"
            f" || to_char(greatest({local} - {utc}, {utc} - {local}), 'HH24:MI')",
            [timezone.get_current_timezone_name()] * 5,
        )
    else:
        return None  # floats, decimals, custom fields...: str() in Python may differ from SQL's text
    return _Sql(expression, "NULLIF({x}, '')")


def copy_select(columns: list[Column], queryset) -> tuple[str, tuple] | None:
    """The SELECT of the CSV cells of `queryset` (filters, joins and order as the Python path's
    values_list), or None when a column cannot be written in SQL. Raises EmptyResultSet when the
    queryset can have no rows (e.g. .none())."""
    query = queryset.query
    if query.distinct or query.combinator or not columns:
        return None
    expressions = {}
    for index, column in enumerate(columns):
        expression = _column_sql(queryset, column)
        if expression is None:
            logger.debug("CSV export of %s: column %r needs Python", queryset.model.__name__, column.source)
            return None
        expressions[f"csv_{index}"] = expression
    return queryset.values(**expressions).query.get_compiler(using=queryset.db).as_sql()


def copy_statement(columns: list[Column], queryset) -> str | None:
    """The complete `COPY (SELECT ...) TO STDOUT` with the parameters bound in, or None (see copy_select)."""
    select = copy_select(columns, queryset)
    if select is None:
        return None
    import psycopg  # only on PostgreSQL

    connection = connections[queryset.db]
    connection.ensure_connection()
    sql, params = select
    with psycopg.ClientCursor(connection.connection) as binder:  # client-side binding, as psql would get it
        return binder.mogrify(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, ENCODING 'UTF8')", params)


def copy_csv_chunks(header: list[str], statement: str | None, using: str) -> Iterator[bytes]:
    """The BOM and header, then COPY's CSV in chunks of about COPY_CHUNK_BYTES.

    The connection is busy with the COPY until the last chunk is sent; closing the response early
    cancels it (psycopg's Copy does, and drains the rest) so the connection stays usable. Until then
    nothing else may query through this connection: psycopg holds its lock across the chunks, so a
    query from the same thread would wait forever. WSGI servers close the response (and with it this
    generator) before the next request; code that reads the response itself must close it too.
    """
    yield header_text(header).encode()
    if statement is None:  # the queryset can have no rows
        return
    connection = connections[using]
    buffer = bytearray()
    count = 0
    start = time.monotonic()
    try:
        with connection.wrap_database_errors, connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            for row in copy:  # one CSV line per COPY message
                buffer += row
                count += 1
                if len(buffer) >= COPY_CHUNK_BYTES:
                    yield bytes(buffer)
                    buffer.clear()
    except Exception:
        # The status line has gone out already: say so inside the file.
        logger.exception("CSV export (COPY) failed after %d rows", count)
        buffer += marker_text().encode()
        yield bytes(buffer)
        return
    finally:
        if connection.queries_logged:  # counted like any query (assertNumQueries, debug toolbar)
            connection.queries_log.append({"sql": statement, "time": f"{time.monotonic() - start:.3f}"})
    yield bytes(buffer)


def csv_chunks(columns: list[Column], queryset, *, use_copy: bool = True) -> Iterator[str | bytes]:
    """The export's CSV: through COPY on PostgreSQL when every column can be written in SQL,
    else with Python's csv module. Both give the same bytes for the same rows."""
    header = [column.header for column in columns]
    if use_copy and connections[queryset.db].vendor == "postgresql":
        try:
            statement = copy_statement(columns, queryset)
        except EmptyResultSet:
            return copy_csv_chunks(header, None, queryset.db)
        if statement is not None:
            return copy_csv_chunks(header, statement, queryset.db)
    return csv_rows(header, queryset_rows(queryset, columns))


def csv_response(
    filename: str, columns: list[Column], queryset, *, use_copy: bool = True, rows: Iterable[tuple] | None = None
) -> StreamingHttpResponse:
    """The download of `queryset` by its columns' sources, or of `rows` made in Python when given."""
    chunks = (
        csv_chunks(columns, queryset, use_copy=use_copy)
        if rows is None
        else csv_rows([column.header for column in columns], rows)
    )
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
