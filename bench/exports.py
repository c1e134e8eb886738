"""The CSV export: the download on a 1-worker gunicorn against psql \\copy of the same SELECT, and the
worker's memory before and after."""

import http.client
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import trainings
from bench.load import gunicorn, login
from bench.machine import memory_kib
from bench.options import DEMO_PASSWORD, EXPORT_PATH, HOST, LIST_FILTER, MIB, ROOT, SUPERVISOR, BenchError, Options, log
from bench.seeding import last_lines


@dataclass
class ExportRun:
    """One repetition: psql \\copy of the plain SELECT, the download, psql \\copy of the COPY writer's SELECT."""

    rep: int
    rows: int
    bytes: int
    seconds: float  # the download: request sent to last byte read
    psql_rows: int
    psql_seconds: float  # \copy (the export's values_list SELECT) to /dev/null
    formatted_seconds: float | None  # \copy (the COPY writer's SELECT) to /dev/null
    python_seconds: float | None = None  # the Python csv writer, in process (no HTTP)

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds

    @property
    def psql_rows_per_s(self) -> float:
        return self.psql_rows / self.psql_seconds

    @property
    def ratio(self) -> float:
        return self.rows_per_s / self.psql_rows_per_s

    @property
    def formatted_rows_per_s(self) -> float | None:
        return self.psql_rows / self.formatted_seconds if self.formatted_seconds else None

    @property
    def python_rows_per_s(self) -> float | None:
        return self.rows / self.python_seconds if self.python_seconds else None


@dataclass
class ExportSet:
    label: str
    database: str
    rows: int
    columns: int
    runs: list[ExportRun]
    rss_before_kib: int  # the worker's VmRSS after warm-up, before the exports
    hwm_after_kib: int  # its VmHWM (peak RSS) after them
    rss_after_kib: int
    sql: dict[str, Any]

    @property
    def growth_mib(self) -> float:
        return (self.hwm_after_kib - self.rss_before_kib) / 1024


@dataclass(frozen=True)
class Download:
    """Which export to measure, as whom, and the downloads that warm the worker up before its baseline RSS."""

    user: str
    path: str
    warm_up: tuple[str, ...]


# The case export as the supervisor (names and NIK); warmed up with the list and an export of few rows.
CASE_EXPORT = Download(
    SUPERVISOR, EXPORT_PATH, (f"/cases/?{LIST_FILTER}", f"{EXPORT_PATH}?status=closed", f"{EXPORT_PATH}?status=closed")
)
# The trainings app's hand-out export as the coordinator (names, no NIK); warmed up with an empty filter.
HANDOUT_EXPORT = Download(trainings.COORDINATOR, trainings.HANDOUT_EXPORT_PATH, (trainings.HANDOUT_EXPORT_EMPTY,) * 3)


def export_helper(env: dict[str, str], *args: str, export: Download = CASE_EXPORT) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.exportsql", *args, "--user", export.user, "--path", export.path]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"bench.exportsql {args[0]} failed:\n{last_lines(result.stdout + result.stderr)}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def psql_copy(opts: Options, database: str, select: str) -> tuple[int, float]:
    """Rows and seconds of `psql -c "\\copy (select) to /dev/null csv"` (the whole psql process)."""
    command = ["psql", "-h", HOST, "-p", str(opts.pg_port), "-U", opts.pg_user, "-d", database, "-X"]
    command += ["-v", "ON_ERROR_STOP=1", "-c", f"\\copy ({select}) to /dev/null csv"]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    match = re.search(r"COPY (\d+)", result.stdout)
    if result.returncode != 0 or match is None:
        raise BenchError(f"psql \\copy failed:\n{result.stdout}{result.stderr}")
    return int(match.group(1)), seconds


def download(port: int, path: str, cookie: str) -> tuple[int, int, float]:
    """Rows (lines after the header), bytes and seconds of a streamed download, read in 1 MiB pieces."""
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    try:
        start = time.perf_counter()
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        if response.status != 200:
            raise BenchError(f"GET {path} answered {response.status}")
        size = lines = 0
        tail = b""
        while piece := response.read(MIB):
            size += len(piece)
            lines += piece.count(b"\n")
            tail = (tail + piece)[-400:]
        seconds = time.perf_counter() - start
    finally:
        connection.close()
    if b"EXPORT INCOMPLETE" in tail:
        raise BenchError(f"GET {path}: the export stopped half-way (see the gunicorn log)")
    return lines - 1, size, seconds


def measure_exports(
    opts: Options,
    env: dict[str, str],
    database: str,
    label: str,
    log_path: Path,
    python_writer: bool,
    export: Download = CASE_EXPORT,
) -> ExportSet:
    """An export (the case export by default), on a 1-worker gunicorn (its memory is the one measured)."""
    sql = export_helper(env, "sql", export=export)
    if not sql["formatted"]:
        log("note: the export's columns need the Python writer; psql's second run repeats the plain SELECT")
    with gunicorn(opts, env, log_path, workers=1) as server:
        cookie = login(server.port, export.user, DEMO_PASSWORD)
        # Warm-up: imports, templates, the COPY code path and the connection, before the baseline RSS.
        for path in export.warm_up:
            download(server.port, path, cookie)
        workers = server.worker_pids()
        if len(workers) != 1:
            raise BenchError(f"expected one gunicorn worker, found {workers}")
        before = memory_kib(workers[0])
        log(f"export {label}: {sql['rows']:,} rows; worker {workers[0]} VmRSS {before['VmRSS'] / 1024:.1f} MiB")
        runs: list[ExportRun] = []
        for rep in range(1, opts.reps + 1):
            psql_rows, psql_seconds = psql_copy(opts, database, sql["raw"])
            rows, size, seconds = download(server.port, export.path, cookie)
            formatted = psql_copy(opts, database, sql["formatted"] or sql["raw"])[1]
            python_seconds = (
                export_helper(env, "time", "--writer", "python", export=export)["seconds"] if python_writer else None
            )
            if rows != psql_rows:
                raise BenchError(f"the export has {rows:,} rows, psql \\copy {psql_rows:,}")
            run = ExportRun(rep, rows, size, seconds, psql_rows, psql_seconds, formatted, python_seconds)
            runs.append(run)
            log(
                f"rep {rep}/{opts.reps} export {label}: {run.rows_per_s:,.0f} rows/s ({seconds:.2f} s, "
                f"{size / MIB:.1f} MiB) | psql \\copy {run.psql_rows_per_s:,.0f} rows/s | ratio {run.ratio:.3f}"
                + (f" | Python writer {run.python_rows_per_s:,.0f} rows/s" if python_seconds else "")
            )
        after = memory_kib(workers[0])
    result = ExportSet(
        label, database, sql["rows"], sql["columns"], runs, before["VmRSS"], after["VmHWM"], after["VmRSS"], sql
    )
    log(
        f"export {label}: worker VmRSS {before['VmRSS'] / 1024:.1f} MiB -> VmHWM "
        f"{after['VmHWM'] / 1024:.1f} MiB (+{result.growth_mib:.1f} MiB)"
    )
    return result
