"""The PostgreSQL CSV writer (COPY) gives the same file as the Python writer.

On PostgreSQL, FilteredExportView has the database write the CSV with
`COPY (SELECT ...) TO STDOUT`; `copy_on_postgresql = False` forces the Python
csv writer. Every test here downloads the same data both ways and compares the
bytes. They need PostgreSQL (DATABASE_URL=postgres://...) and skip on SQLite.
"""

import csv
import datetime
import io

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections, connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases.demo import seed_scale
from cases.models import Case, CaseStatus, FollowUp, Participant
from cases.views.cases import CaseExportView
from core.lists.csv_export import (
    FORMULA_START,
    INCOMPLETE_MARKER,
    Column,
    copy_csv_chunks,
    copy_select,
    copy_statement,
    header_text,
)
from core.lists.views import FilteredExportView
from tests.conftest import client_for
from tests.factories import make_case, make_participant, record_departure

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY needs PostgreSQL")

NIK = "3507015203900001"
EXPORTS = ["cases:case-export", "cases:participant-export", "cases:follow-up-export"]
# Cells that need quoting, accents, and every formula start.
AWKWARD = ['Sri "Ani", Wulan', "baris satu\nbaris dua", "Ratna Dewi Sinaga-Şahin", " spasi di depan"]
PAYLOADS = [f'{start}HYPERLINK("http://evil.example")' for start in FORMULA_START]


def body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def download(client, url: str, *, use_copy: bool, monkeypatch) -> tuple[bytes, list[str]]:
    """The file, and the SQL the request ran (captured even with DEBUG off)."""
    monkeypatch.setattr(FilteredExportView, "copy_on_postgresql", use_copy)
    with CaptureQueriesContext(connection) as captured:
        data = body(client.get(url))
    return data, [query["sql"] for query in captured.captured_queries]


def used_copy(queries: list[str]) -> bool:
    return any(sql.startswith("COPY (") for sql in queries)


def rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def awkward_data(personas):
    """Synthetic cases plus participants whose names, aliases and notes are formula payloads or
    need quoting; NULLs and empty strings; registration times either side of midnight in Jakarta."""
    seed_scale(40, log=lambda message: None)
    for index, text in enumerate([*PAYLOADS, *AWKWARD]):
        worker = personas["caseworker"] if index % 2 else personas["caseworker2"]
        participant = make_participant(
            worker,
            full_name=text,
            alias=PAYLOADS[index % len(PAYLOADS)],
            nik=f"35070152039{index:05d}",
            birth_date=None if index % 3 else datetime.date(1990, 3, 12),
            estimated_age=None if index % 2 else 30 + index,
        )
        case = make_case(worker, participant, status=CaseStatus.ACTIVE)
        record_departure(worker, case, days_ago=20 + index)
        FollowUp.objects.filter(case=case).update(notes=text)
    # 23:59 UTC is 06:59 the next day in Jakarta; 17:00 UTC is midnight.
    moments = [datetime.datetime(2026, 11, 27, 23, 59, 30, tzinfo=datetime.UTC)]
    moments.append(datetime.datetime(2026, 11, 27, 17, 0, tzinfo=datetime.UTC))
    for pk in Participant.objects.values_list("pk", flat=True):  # both moments for every caseworker
        if pk % 3 < 2:
            Participant.objects.filter(pk=pk).update(created_at=moments[pk % 3])


@pytest.mark.parametrize("name", EXPORTS)
@pytest.mark.parametrize("persona", ["caseworker", "supervisor"])
def test_copy_and_python_give_the_same_file(name, persona, personas, awkward_data, monkeypatch):
    client = client_for(personas[persona], language="en")
    url = reverse(name)
    copied, copy_queries = download(client, url, use_copy=True, monkeypatch=monkeypatch)
    written, python_queries = download(client, url, use_copy=False, monkeypatch=monkeypatch)
    assert copied == written
    assert not used_copy(python_queries)
    # The participant export shows the phone (national format, a Python formatter) to users who may
    # see identities: that one stays with the Python writer. Every other export goes through COPY.
    assert used_copy(copy_queries) == (not (name == "cases:participant-export" and persona == "supervisor"))
    table = rows(copied)
    assert len(table) > 20  # a caseworker sees her own half
    assert all(len(row) == len(table[0]) for row in table)
    cells = [value for row in table for value in row]
    assert not any(value.startswith(FORMULA_START) for value in cells)
    if persona == "supervisor":
        for payload in PAYLOADS:
            assert f"'{payload}" in cells
        assert set(AWKWARD) <= set(cells)
    else:  # no names or NIKs without cases.view_identity (follow-up notes are not identity data)
        assert "full name" not in table[0] and "NIK" not in table[0]
        assert not any(value.startswith("35070152039") for value in cells)
        if name != "cases:follow-up-export":
            assert not set(AWKWARD) & set(cells)


def test_the_same_file_for_filtered_lists_and_in_indonesian(personas, awkward_data, monkeypatch):
    client = client_for(personas["supervisor"])  # Indonesian: translated headers and labels
    for query in ("?status=active", "?status=active&sort=oldest", "?q=Sri", "?province=35"):
        url = reverse("cases:case-export") + query
        copied, queries = download(client, url, use_copy=True, monkeypatch=monkeypatch)
        written, _queries = download(client, url, use_copy=False, monkeypatch=monkeypatch)
        assert copied == written, query
        assert used_copy(queries)
        table = rows(copied)
        assert len(table) > 1, query
        if "status=active" in query:
            assert {row[table[0].index("status")] for row in table[1:]} == {"Aktif"}


def test_timestamps_are_local_iso_like_the_python_writer(personas, awkward_data, monkeypatch):
    client = client_for(personas["caseworker"], language="en")
    copied, queries = download(client, reverse("cases:participant-export"), use_copy=True, monkeypatch=monkeypatch)
    assert used_copy(queries)
    table = rows(copied)
    registered = [row[table[0].index("registered at")] for row in table[1:]]
    assert "2026-11-28T06:59+07:00" in registered
    assert "2026-11-28T00:00+07:00" in registered


def test_dates_and_numbers(caseworker):
    participant = make_participant(caseworker, birth_date=datetime.date(1901, 1, 2), estimated_age=None)
    Participant.objects.filter(pk=participant.pk).update(created_at=timezone.now())
    queryset = Participant.objects.filter(pk=participant.pk)
    columns = [Column("born", "birth_date"), Column("age", "estimated_age"), Column("code", "code")]
    statement = copy_statement(columns, queryset)
    data = b"".join(copy_csv_chunks(["born", "age", "code"], statement, queryset.db)).decode()
    assert data.splitlines()[1] == f"1901-01-02,,{participant.code}"


def test_columns_sql_cannot_write_fall_back_to_python(caseworker):
    queryset = Participant.objects.all()
    assert copy_select([Column("phone", "phone", lambda value: str(value))], queryset) is None
    assert copy_select([Column("code", "code", str.upper)], queryset) is None  # not a choice label
    assert copy_select([Column("cases", "cases__number")], queryset) is None  # many rows per participant
    assert copy_select([Column("code", "code")], queryset) is not None


def test_an_empty_queryset_gives_the_header_only(caseworker, monkeypatch):
    client = client_for(caseworker, language="en")
    url = reverse("cases:case-export") + "?opened_min=not-a-date"  # an invalid filter: .none()
    copied, _queries = download(client, url, use_copy=True, monkeypatch=monkeypatch)
    written, _queries = download(client, url, use_copy=False, monkeypatch=monkeypatch)
    assert copied == written
    assert len(rows(copied)) == 1


def test_a_failing_copy_says_so_inside_the_file(db):
    # Division by zero at row 3,000: PostgreSQL has sent rows before it fails.
    statement = (
        "COPY (SELECT g, CASE WHEN g < 3000 THEN 'ok' ELSE (1 / (g - g))::text END "
        "FROM generate_series(1, 5000) g) TO STDOUT WITH (FORMAT csv)"
    )
    with transaction.atomic():
        text = b"".join(copy_csv_chunks(["n", "state"], statement, "default")).decode()
        transaction.set_rollback(True)  # the failed statement aborted the transaction
    lines = text.splitlines()
    assert lines[0] == header_text(["n", "state"]).strip()
    assert lines[-1] == INCOMPLETE_MARKER
    assert lines[-2].endswith(",ok")
    assert Case.objects.count() == 0  # the connection is usable again


def test_a_download_closed_half_way_leaves_the_connection_usable(personas):
    seed_scale(600, log=lambda message: None)  # ~100 KiB: more than one chunk
    with transaction.atomic():
        request = RequestFactory().get(reverse("cases:case-export"))
        request.user = personas["supervisor"]
        response = CaseExportView.as_view()(request)
        chunks = iter(response)
        next(chunks)  # the header
        assert len(next(chunks)) >= 64 * 1024
        # The client went away: the WSGI server closes the response, which closes the generator,
        # and psycopg cancels the COPY and drains it. (Without request_finished closing the test's
        # connection, as the test client does.)
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)
        # A cancelled statement aborts the transaction it ran in (in production, with autocommit,
        # there is none); the test's own transaction goes back to before the download.
        transaction.set_rollback(True)
    assert Case.objects.count() == 600


@pytest.mark.parametrize("name", EXPORTS)
def test_copy_queries_stay_flat(name, caseworker, caseworker2, django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr(FilteredExportView, "copy_on_postgresql", True)
    make_case(caseworker, make_participant(caseworker, nik=NIK))
    client = client_for(caseworker)
    counts = []
    for more in (10, 990):
        seed_scale(more, log=lambda message: None)
        body(client.get(reverse(name)))  # warm-up: session refresh
        with django_assert_max_num_queries(6) as captured:
            body(client.get(reverse(name)))
        counts.append(len(captured))
        assert used_copy([query["sql"] for query in captured.captured_queries])
    assert counts[0] == counts[1]
