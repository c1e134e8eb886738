"""Load benchmark: the app under gunicorn on loopback, driven by wrk, against PostgreSQL.

    make bench                      # 3 reps x 10 s per run (the default)
    .venv/bin/python bench/run.py --scale 100000          # + case list, deep page, detail, CSV export
    .venv/bin/python bench/run.py --quick
    .venv/bin/python bench/run.py --reps 5 --duration 20 --only home

What it does, in order:
  1. prepares the database (default `dinsos_bench`) on 127.0.0.1:5432 as `postgres` (trust auth): with
     `--scale 0`, drops, creates, migrates it and seeds the demo users (seed_demo, in a subprocess with
     DEBUG=1); with `--scale N`, seeds N synthetic participants, cases, returns and 5 follow-ups each once
     and reuses that database on later runs (`--reseed` starts over). For the export's memory check it
     also builds `<db>_1m`, a copy with 1,000,000 cases (`--no-million` skips it);
  2. collects static files into a temporary STATIC_ROOT (hashed, compressed: as in production);
  3. measures every target in process (Django test client): SQL queries per request, median latency;
  4. serves config.wsgi with gunicorn (2 sync workers, DEBUG=0, DJANGO_SETTINGS_MODULE=bench.settings)
     on a free port of 127.0.0.1, and logs in once per user (`caseworker`, `supervisor`) for session cookies;
  5. for each repetition and each target: wrk on the bare view, then wrk on the target (interleaved), so each
     target figure has a bare-view figure from the same moment; reports min/median/max over the repetitions
     and the ratio target/bare per repetition (the machine is shared: absolute req/s are noisy, ratios less so);
  6. with data (`--scale`): the CSV export on a 1-worker gunicorn, per repetition `psql \\copy` of the
     export's SELECT, the download (streamed fully), `psql \\copy` of the COPY writer's SELECT; rows/s and
     ratios; the worker's VmRSS before and VmHWM after, for 100,000 and 1,000,000 rows;
  7. prints a table (and the floors of bench/README.md) and writes JSON and Markdown copies to
     bench/results/ (gitignored).

gunicorn is stopped (its whole process group) on exit, error or Ctrl+C. The database is kept for inspection;
`--drop` drops it at the end.

To measure another page, add a Target to TARGETS below.
"""

import argparse
import base64
import contextlib
import dataclasses
import datetime as dt
import hashlib
import http.client
import json
import os
import platform
import re
import secrets
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from http.cookies import SimpleCookie
from importlib import metadata
from pathlib import Path
from types import FrameType
from typing import Any

# Run as a script (bench/run.py): the repository root makes `bench` a package to import from.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import trainings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"  # loopback only: PostgreSQL, gunicorn and wrk
LOGIN_USER = "caseworker"
# The same rule as config.settings.DEMO_PASSWORD (seed_demo sets every demo user's password to it).
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "").strip() or "dinsos-demo-2026"


@dataclass(frozen=True)
class Target:
    """One page to measure. Every target is paired with the bare view in each repetition."""

    name: str
    path: str  # may hold {placeholders} filled from the seeded data (see resolve_targets)
    login: bool  # send the session cookie of `user`
    expect_status: int = 200
    user: str = LOGIN_USER
    needs_data: bool = False  # only with --scale: the path needs seeded rows
    expect_text: str = ""  # checked in the page before and after each run (e.g. the deep page's first row)


# The framework's ceiling: bench/urls.py, a 2-byte HttpResponse through the full middleware
# stack, anonymous (no session lookup), no template, no query.
BARE = Target("bare", "/bench/bare/", login=False)

# Keyset paging of the case list (core.lists.pagination): page 2,000 is the page after the cursor of row
# 49,975 (1,999 pages of 25). CaseListView.paginate_by is 25; its default sort is (-opened_on, -id).
PER_PAGE = 25
DEEP_PAGE = 2000
LIST_FILTER = "status=monitoring"
LIST_WHERE = "status = 'monitoring' AND archived_at IS NULL"  # the filter, as the view's queryset has it
SUPERVISOR = "supervisor"  # sees every case (caseworkers only their own)

# Add pages here. Each one is measured right after its own bare-view run, in every repetition.
TARGETS: list[Target] = [
    Target("home", "/", login=True),
    Target("cases", f"/cases/?{LIST_FILTER}", login=True, user=SUPERVISOR, needs_data=True),
    Target(
        "cases_deep",
        f"/cases/?{LIST_FILTER}&after={{deep_cursor}}",
        login=True,
        user=SUPERVISOR,
        needs_data=True,
        expect_text="{deep_first_number}",
    ),
    Target(
        "case_detail",
        "/cases/{case_id}/",
        login=True,
        user=SUPERVISOR,
        needs_data=True,
        expect_text="{case_number}",
    ),
]
TARGETS += trainings.targets(Target)
EXPORT = "export"  # --only export: just the CSV export section
EXPORT_PATH = "/cases/export/"  # every active case, as the supervisor (names and NIK included)
MILLION = 1_000_000
MIB = 1024 * 1024


class BenchError(Exception):
    """A failure with a message for the user (no traceback)."""


# --- Options -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    reps: int
    duration: int
    warmup: int
    threads: int
    connections: int
    timeout: int
    workers: int
    db: str
    pg_port: int
    pg_user: str
    scale: int
    collectstatic: bool
    inprocess: bool
    calls: int
    drop: bool
    targets: tuple[Target, ...]
    out: Path
    reseed: bool
    export: bool
    million: bool
    python_writer: bool
    gunicorn_timeout: int

    @property
    def million_db(self) -> str:
        return f"{self.db}_1m"


def parse_args(argv: Sequence[str]) -> Options:
    parser = argparse.ArgumentParser(
        prog="bench/run.py",
        description="Requests/s and latency of the app's pages, each paired with a bare Django view.",
        epilog="See bench/README.md. Needs wrk (apt-get install wrk), psql and PostgreSQL on 127.0.0.1.",
    )
    parser.add_argument("--reps", type=int, help="repetitions (default 3; --quick: 2)")
    parser.add_argument("--duration", type=int, help="seconds per wrk run (default 10; --quick: 3)")
    parser.add_argument("--warmup", type=int, help="seconds of wrk per URL before measuring (default 2; --quick: 1)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 3 s runs, 2 reps, 1 s warm-up")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (default 8)")
    parser.add_argument("--timeout", type=int, default=5, help="wrk request timeout in seconds (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--db", default="dinsos_bench", help="database to (re)create (default dinsos_bench)")
    parser.add_argument("--pg-port", type=int, default=5432, help="PostgreSQL port on 127.0.0.1 (default 5432)")
    parser.add_argument("--pg-user", default="postgres", help="PostgreSQL user, trust auth (default postgres)")
    parser.add_argument(
        "--scale",
        type=int,
        default=0,
        help="seed_demo --scale N: N synthetic participants, cases, returns and 5N follow-ups (default 0); "
        "the data targets and the export need it (100000 for the README's numbers)",
    )
    parser.add_argument(
        "--reseed", action="store_true", help="drop and seed again even if the database holds the --scale data"
    )
    parser.add_argument("--no-export", dest="export", action="store_false", help="skip the CSV export section")
    parser.add_argument(
        "--no-million",
        dest="million",
        action="store_false",
        help="skip the 1,000,000-case copy of the database (the export's memory check at 1M rows)",
    )
    parser.add_argument(
        "--no-python-writer",
        dest="python_writer",
        action="store_false",
        help="skip timing the Python CSV writer in process next to each download (100k rows only)",
    )
    parser.add_argument(
        "--gunicorn-timeout", type=int, default=300, help="gunicorn's worker timeout in seconds (default 300)"
    )
    parser.add_argument(
        "--no-collectstatic",
        dest="collectstatic",
        action="store_false",
        help="serve static files from the finders (STATIC_MANIFEST=0) instead of a collected, hashed copy",
    )
    parser.add_argument(
        "--no-inprocess", dest="inprocess", action="store_false", help="skip the in-process figures (queries, ms)"
    )
    parser.add_argument("--calls", type=int, default=15, help="in-process timed requests per rep (default 15)")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end (default: keep it)")
    parser.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        choices=[target.name for target in TARGETS] + [EXPORT],
        help="measure only this target (repeatable); targets: " + ", ".join([*(t.name for t in TARGETS), EXPORT]),
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="results folder (default bench/results)")
    args = parser.parse_args(argv)

    reps = args.reps if args.reps is not None else (2 if args.quick else 3)
    duration = args.duration if args.duration is not None else (3 if args.quick else 10)
    warmup = args.warmup if args.warmup is not None else (1 if args.quick else 2)
    if reps < 1 or duration < 1 or warmup < 0 or args.calls < 1 or args.workers < 1 or args.timeout < 1:
        parser.error("--reps, --duration, --calls, --workers and --timeout must be at least 1; --warmup at least 0")
    if not 1 <= args.threads <= args.connections:
        parser.error("wrk needs 1 <= --threads <= --connections")
    if args.connections > 64:
        parser.error("--connections is capped at 64: this is a bounded benchmark on a shared machine")
    # The name goes into DROP DATABASE: a plain identifier, and visibly a benchmark database.
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", args.db) or "bench" not in args.db:
        parser.error("--db must be a lower-case identifier containing 'bench' (it is dropped and recreated)")
    if args.scale < 0:
        parser.error("--scale must be zero or more")
    targets = tuple(t for t in TARGETS if (not args.only or t.name in args.only) and (args.scale or not t.needs_data))
    if args.only and not targets and EXPORT not in args.only:
        parser.error("the chosen targets need data: add --scale (e.g. --scale 100000)")
    return Options(
        reps=reps,
        duration=duration,
        warmup=warmup,
        threads=args.threads,
        connections=args.connections,
        timeout=args.timeout,
        workers=args.workers,
        db=args.db,
        pg_port=args.pg_port,
        pg_user=args.pg_user,
        scale=args.scale,
        collectstatic=args.collectstatic,
        inprocess=args.inprocess,
        calls=args.calls,
        drop=args.drop,
        targets=targets,
        out=args.out,
        reseed=args.reseed,
        export=bool(args.scale) and args.export and (not args.only or EXPORT in args.only),
        million=args.million,
        python_writer=args.python_writer,
        gunicorn_timeout=args.gunicorn_timeout,
    )


# --- Tools, machine, database --------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def require_tools() -> None:
    missing: list[str] = []
    if shutil.which("wrk") is None:
        missing.append("wrk (the load generator): apt-get install wrk")
    if shutil.which("psql") is None:
        missing.append("psql (PostgreSQL client): apt-get install postgresql-client")
    for module in ("django", "gunicorn", "psycopg"):
        try:
            metadata.version(module)
        except metadata.PackageNotFoundError:
            missing.append(f"{module} in this interpreter ({sys.executable}): make install")
    if missing:
        raise BenchError("missing tools:\n  " + "\n  ".join(missing))


def psql(opts: Options, sql: str, database: str = "postgres") -> str:
    command = ["psql", "-h", HOST, "-p", str(opts.pg_port), "-U", opts.pg_user, "-d", database]
    command += ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PGCONNECT_TIMEOUT": "5"})
    if result.returncode != 0:
        raise BenchError(f"psql failed ({sql!r}):\n{result.stderr.strip()}")
    return result.stdout.strip()


def database_url(opts: Options, database: str | None = None) -> str:
    return f"postgres://{opts.pg_user}@{HOST}:{opts.pg_port}/{database or opts.db}"


def read_cpu_times() -> list[int]:
    with open("/proc/stat") as stat:
        return [int(value) for value in stat.readline().split()[1:]]


def steal_percent(before: list[int], after: list[int]) -> float | None:
    """Share of CPU time the hypervisor gave to others between two /proc/stat samples."""
    deltas = [b - a for a, b in zip(before, after, strict=False)]
    total = sum(deltas)
    return 100 * deltas[7] / total if total and len(deltas) > 7 else None


def machine_info(opts: Options) -> dict[str, Any]:
    cpu_model = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as cpuinfo:
        cpu_model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    mem_gib = None
    with contextlib.suppress(OSError, ValueError), open("/proc/meminfo") as meminfo:
        mem_gib = round(int(meminfo.readline().split()[1]) / 1024**2, 1)
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    wrk_version = (wrk.stdout or wrk.stderr).splitlines()[0].split(" [")[0] if (wrk.stdout or wrk.stderr) else "?"
    packages = {}
    for name in ("django", "gunicorn", "psycopg", "whitenoise"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            packages[name] = metadata.version(name)
    pg = psql(opts, "SHOW server_version; SHOW shared_buffers; SHOW synchronous_commit; SHOW max_connections")
    pg_version, shared_buffers, synchronous_commit, max_connections = pg.splitlines()
    return {
        "date": dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds"),
        "hostname": platform.node(),
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu_model,
        "mem_gib": mem_gib,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgres": pg_version,
        "postgres_settings": {
            "shared_buffers": shared_buffers,
            "synchronous_commit": synchronous_commit,
            "max_connections": max_connections,
        },
        "wrk": wrk_version,
        "packages": packages,
        "loadavg_start": os.getloadavg(),
        "code": code_version(),
    }


def code_version() -> dict[str, Any]:
    """The commit measured, and how many files differed from it (read-only git)."""

    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD")
    changed = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit or "?", "uncommitted_files": len(changed.splitlines()) if commit else None}


def create_database(opts: Options, database: str, template: str | None = None) -> None:
    log(f"database {database}: drop if present, create" + (f" as a copy of {template}" if template else ""))
    psql(opts, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    psql(opts, f'CREATE DATABASE "{database}"' + (f' TEMPLATE "{template}"' if template else ""))


def drop_database(opts: Options) -> None:
    for database in (opts.db, opts.million_db):
        log(f"database {database}: drop (--drop)")
        psql(opts, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


# What a database holds is written into its comment (COMMENT ON DATABASE), as JSON: a later run reuses
# a seeded database when the comment says it holds the --scale asked for.


def database_comment(opts: Options, database: str) -> dict[str, Any] | None:
    # `database` is a checked identifier (parse_args): safe inside the literal.
    text = psql(opts, f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{database}'")
    try:
        comment = json.loads(text) if text else None
    except ValueError:
        return None
    return comment if isinstance(comment, dict) else None


def set_database_comment(opts: Options, database: str, comment: dict[str, Any]) -> None:
    text = json.dumps(comment).replace("'", "''")
    psql(opts, f"COMMENT ON DATABASE \"{database}\" IS '{text}'")


def seeder_digest() -> str:
    """Of the seeder's code: a reused database seeded by other code is pointed out (use --reseed)."""
    return hashlib.sha256((ROOT / "cases" / "demo.py").read_bytes()).hexdigest()[:12]


def django_env(opts: Options, static_root: Path, database: str | None = None) -> dict[str, str]:
    """The server's environment: production settings (DEBUG off) on plain HTTP over loopback."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        DATABASE_URL=database_url(opts, database),
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS="",
        SECURE_SSL_REDIRECT="0",
        SECURE_PROXY_SSL_HEADER="0",
        STATIC_MANIFEST="1" if opts.collectstatic else "0",
        STATIC_ROOT=str(static_root),
        DEMO_PASSWORD=DEMO_PASSWORD,
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"{' '.join(command[1:])} failed:\n{last_lines(result.stdout + result.stderr)}")


def prepare_database(opts: Options, env: dict[str, str]) -> dict[str, Any]:
    """The database to measure; returns what it holds (its comment) and whether it was reused."""
    comment = database_comment(opts, opts.db) if opts.scale else None
    if comment and comment.get("scale") == opts.scale and not opts.reseed:
        log(
            f"database {opts.db}: reused, it holds --scale {opts.scale} (seeded {comment.get('seeded_at')}; "
            "--reseed starts over)"
        )
        if comment.get("seeder") != seeder_digest():
            log("note: cases/demo.py changed since that seeding; --reseed to seed with the current code")
        log("migrate (new migrations only)")
        manage(env, "migrate", "--no-input", "-v", "0")
        info = {**comment, "reused": True}
    else:
        create_database(opts, opts.db)
        log("migrate")
        manage(env, "migrate", "--no-input", "-v", "0")
        log(f"seed_demo --scale {opts.scale} (DEBUG=1, in a subprocess: it refuses to run with DEBUG off)")
        start = time.monotonic()
        manage({**env, "DEBUG": "1"}, "seed_demo", "--scale", str(opts.scale), "-v", "0")
        seconds = time.monotonic() - start
        log(f"seeded in {seconds:.1f} s; VACUUM ANALYZE")
        start = time.monotonic()
        psql(opts, "VACUUM ANALYZE", opts.db)
        info = {
            "scale": opts.scale,
            "seed_seconds": round(seconds, 1),
            "vacuum_analyze_seconds": round(time.monotonic() - start, 1),
            "seeded_at": dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds"),
            "loadavg_while_seeding": round(os.getloadavg()[0], 2),
            "seeder": seeder_digest(),
        }
        if opts.scale:
            set_database_comment(opts, opts.db, info)
        info = {**info, "reused": False}
    counts = psql(
        opts,
        "SELECT (SELECT count(*) FROM cases_participant), (SELECT count(*) FROM cases_case), "
        "(SELECT count(*) FROM cases_homereturn), (SELECT count(*) FROM cases_followup), "
        "pg_size_pretty(pg_database_size(current_database()))",
        opts.db,
    ).split("|")
    info["rows"] = dict(zip(("participants", "cases", "returns", "follow_ups"), map(int, counts[:4]), strict=True))
    info["size"] = counts[4]
    log(f"data: {info['rows']}, {info['size']}")
    if opts.collectstatic:
        log(f"collectstatic into {env['STATIC_ROOT']}")
        manage(env, "collectstatic", "--no-input", "-v", "0")
    return info


def prepare_million(opts: Options, source: dict[str, Any]) -> dict[str, Any]:
    """`<db>_1m`: a copy of the seeded database (CREATE DATABASE ... TEMPLATE) whose active cases are
    repeated until there are 1,000,000: each copy with a new number (M1-KS-..., M2-KS-...) and a copy of
    its return home, so the export's rows look like the 100k ones. Reused while the source is unchanged."""
    comment = database_comment(opts, opts.million_db)
    if comment and comment.get("source_seeded_at") == source.get("seeded_at") and not opts.reseed:
        log(f"database {opts.million_db}: reused ({comment['cases']:,} cases)")
        return {**comment, "reused": True}
    active = int(psql(opts, "SELECT count(*) FROM cases_case WHERE archived_at IS NULL", opts.db))
    copies = -(-MILLION // active) - 1  # copies on top of the originals, for >= 1,000,000
    start = time.monotonic()
    create_database(opts, opts.million_db, template=opts.db)

    def columns(table: str, skip: set[str]) -> list[str]:
        names = psql(
            opts,
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
            f"AND table_name = '{table}' ORDER BY ordinal_position",
            opts.million_db,
        ).split()
        return [name for name in names if name not in skip]

    case_columns = columns("cases_case", {"id"})
    return_columns = columns("cases_homereturn", {"id", "case_id"})
    number = "'M' || k || '-' || c.number"
    log(f"{opts.million_db}: {copies} copies of {active:,} active cases and their returns (INSERT ... SELECT)")
    psql(
        opts,
        f"INSERT INTO cases_case ({', '.join(case_columns)}) "
        f"SELECT {', '.join(number if name == 'number' else 'c.' + name for name in case_columns)} "
        f"FROM cases_case c CROSS JOIN generate_series(1, {copies}) k WHERE c.archived_at IS NULL; "
        f"INSERT INTO cases_homereturn ({', '.join(return_columns)}, case_id) "
        f"SELECT {', '.join('h.' + name for name in return_columns)}, n.id FROM cases_homereturn h "
        f"JOIN cases_case c ON c.id = h.case_id CROSS JOIN generate_series(1, {copies}) k "
        f"JOIN cases_case n ON n.number = {number}",
        opts.million_db,
    )
    psql(opts, "VACUUM ANALYZE", opts.million_db)
    cases = int(psql(opts, "SELECT count(*) FROM cases_case WHERE archived_at IS NULL", opts.million_db))
    info = {
        "cases": cases,
        "copies": copies,
        "build_seconds": round(time.monotonic() - start, 1),
        "source": opts.db,
        "source_seeded_at": source.get("seeded_at"),
        "size": psql(opts, "SELECT pg_size_pretty(pg_database_size(current_database()))", opts.million_db),
    }
    set_database_comment(opts, opts.million_db, info)
    log(f"{opts.million_db}: {cases:,} active cases, built in {info['build_seconds']} s")
    return {**info, "reused": False}


def keyset_cursor(values: list[Any]) -> str:
    """core.lists.pagination._encode: the `after` cursor of a row, from its sort key."""
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def resolve_targets(opts: Options) -> tuple[tuple[Target, ...], dict[str, Any]]:
    """Fill the data targets' paths from the seeded rows: the deep page's cursor, a case to show."""
    if not any(target.needs_data for target in opts.targets):
        return opts.targets, {}
    order = "ORDER BY opened_on DESC, id DESC"
    last = (DEEP_PAGE - 1) * PER_PAGE  # the last row of page 1,999
    rows = psql(
        opts,
        f"SELECT opened_on, id, number FROM cases_case WHERE {LIST_WHERE} {order} OFFSET {last - 1} LIMIT 2",
        opts.db,
    ).splitlines()
    if len(rows) < 2:
        raise BenchError(f"page {DEEP_PAGE} of /cases/?{LIST_FILTER} needs more than {last:,} rows: raise --scale")
    opened_on, last_id, _number = rows[0].split("|")
    first_number = rows[1].split("|")[2]  # the first row of page 2,000
    filtered = int(psql(opts, f"SELECT count(*) FROM cases_case WHERE {LIST_WHERE}", opts.db))
    # A synthetic case in the middle: a return home and five follow-ups.
    case_id, case_number = psql(
        opts,
        "SELECT id, number FROM cases_case ORDER BY id OFFSET (SELECT count(*) / 2 FROM cases_case) LIMIT 1",
        opts.db,
    ).split("|")
    values = {
        "deep_cursor": keyset_cursor([opened_on, int(last_id)]),
        "deep_first_number": first_number,
        "case_id": case_id,
        "case_number": case_number,
    }
    targets = tuple(
        Target(**{**asdict(t), "path": t.path.format(**values), "expect_text": t.expect_text.format(**values)})
        for t in opts.targets
    )
    log(
        f"/cases/?{LIST_FILTER}: {filtered:,} rows; page {DEEP_PAGE} starts at row {last + 1:,} "
        f"({first_number}); detail: case {case_number} (id {case_id})"
    )
    return targets, {**values, "list_filter": LIST_FILTER, "list_rows": filtered, "deep_page": DEEP_PAGE}


def inprocess_figures(opts: Options, env: dict[str, str], tmp: Path) -> dict[str, dict[str, Any]]:
    log(f"in-process figures (test client, median of {opts.calls} calls x {opts.reps} reps)")
    out = tmp / "inprocess.json"
    targets = json.dumps([asdict(t) for t in (BARE, *opts.targets)])
    command = [sys.executable, "-m", "bench.inprocess", "--targets", targets, "--user", LOGIN_USER]
    command += ["--calls", str(opts.calls), "--reps", str(opts.reps), "--out", str(out)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"in-process figures failed:\n{last_lines(result.stdout + result.stderr)}")
    return json.loads(out.read_text())


# --- Server and HTTP -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    cookies: SimpleCookie
    body: bytes


def http_get(port: int, path: str, cookie: str = "", timeout: float = 10) -> Response:
    return http_request(port, "GET", path, cookie=cookie, timeout=timeout)


def http_request(
    port: int, method: str, path: str, *, cookie: str = "", body: bytes | None = None, timeout: float = 10
) -> Response:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        cookies = SimpleCookie()
        # The cookies are Secure (DEBUG off); a browser would not send them over http, so they are
        # handled by hand here and passed to wrk as a header.
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        return Response(response.status, cookies, response.read())
    finally:
        connection.close()


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]

    def worker_pids(self) -> list[int]:
        """gunicorn's workers: the children of the master process."""
        with contextlib.suppress(OSError):
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
            return [int(pid) for pid in children.split()]
        return []


@contextlib.contextmanager
def gunicorn(opts: Options, env: dict[str, str], log_path: Path, workers: int | None = None) -> Iterator[Server]:
    """Serve config.wsgi on a free loopback port; yield the server; always stop the process group."""
    workers = workers or opts.workers
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--bind", f"{HOST}:{port}", "--workers", str(workers), "--worker-class", "sync"]
    # The default 30 s would kill a worker in the middle of a long export on a busy machine.
    command += ["--timeout", str(opts.gunicorn_timeout)]
    command += ["--no-control-socket", "--log-level", "warning", "--error-logfile", "-"]
    log(f"gunicorn: {workers} sync worker(s) on http://{HOST}:{port}/ (log: {log_path})")
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_until_ready(process, port, log_path)
            yield Server(port, process)
        finally:
            stop_process_group(process)


def wait_until_ready(process: subprocess.Popen[bytes], port: int, log_path: Path, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}:\n{tail(log_path)}")
        with contextlib.suppress(OSError):
            if http_get(port, "/healthz/", timeout=2).status == 200:
                return
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer /healthz/ within {limit:.0f} s:\n{tail(log_path)}")


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM gunicorn's process group (master and workers: graceful, a few seconds), then SIGKILL what is left."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not skip this
    try:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            log("gunicorn did not stop within 15 s: SIGKILL")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # stray workers, if any
        process.wait()
        log("gunicorn stopped")
    finally:
        signal.signal(signal.SIGINT, previous)


def last_lines(text: str, count: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-count:])


def tail(path: Path, count: int = 30) -> str:
    with contextlib.suppress(OSError):
        return last_lines(path.read_text(errors="replace"), count)
    return ""


def login(port: int, username: str, password: str) -> str:
    """Log in through the real form; return a Cookie header value for wrk."""
    page = http_get(port, "/accounts/login/")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if page.status != 200 or match is None or "csrftoken" not in page.cookies:
        raise BenchError(f"GET /accounts/login/ answered {page.status} without a CSRF token")
    form = {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1).decode()}
    response = http_request(
        port,
        "POST",
        "/accounts/login/",
        cookie=f"csrftoken={page.cookies['csrftoken'].value}",
        body=urllib.parse.urlencode(form).encode(),
    )
    if response.status != 302 or "sessionid" not in response.cookies:
        raise BenchError(f"login as {username} failed (status {response.status}): is DEMO_PASSWORD right?")
    csrf = response.cookies["csrftoken"].value if "csrftoken" in response.cookies else page.cookies["csrftoken"].value
    return f"sessionid={response.cookies['sessionid'].value}; csrftoken={csrf}"


def login_all(port: int, targets: Sequence[Target]) -> dict[str, str]:
    """A session cookie per user that the targets log in as."""
    cookies: dict[str, str] = {}
    for user in sorted({target.user for target in targets if target.login}):
        cookies[user] = login(port, user, DEMO_PASSWORD)
        log(f"logged in as {user}")
    return cookies


def cookie_for(target: Target, cookies: dict[str, str]) -> str:
    return cookies[target.user] if target.login else ""


def check_target(port: int, target: Target, cookies: dict[str, str], when: str) -> None:
    """wrk counts a redirect as a success: make sure the page really answers as expected."""
    response = http_get(port, target.path, cookie=cookie_for(target, cookies))
    if response.status != target.expect_status:
        hint = " (session expired or not logged in?)" if response.status in (301, 302) else ""
        raise BenchError(
            f"{target.name}: GET {target.path} answered {response.status} {when} the run, "
            f"expected {target.expect_status}{hint}"
        )
    if target.expect_text and target.expect_text.encode() not in response.body:
        raise BenchError(f"{target.name}: GET {target.path} does not show {target.expect_text!r} ({when} the run)")


# --- wrk -----------------------------------------------------------------------------------------

_TIME_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}
_SIZE_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


@dataclass
class WrkResult:
    rps: float
    requests: int
    bytes_read: float
    latency_ms: dict[str, float]  # "50", "75", "90", "99"
    socket_errors: dict[str, int] = field(default_factory=dict)
    non_2xx_3xx: int = 0

    @property
    def errors(self) -> int:
        return sum(self.socket_errors.values()) + self.non_2xx_3xx

    @property
    def kib_per_response(self) -> float:
        return self.bytes_read / self.requests / 1024 if self.requests else 0.0


def parse_wrk(output: str) -> WrkResult:
    def number(pattern: str) -> re.Match[str]:
        match = re.search(pattern, output)
        if match is None:
            raise BenchError(f"unexpected wrk output (no {pattern!r}):\n{output}")
        return match

    latency = {
        pct: float(value) * _TIME_UNITS[unit]
        for pct, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE)
    }
    if "50" not in latency or "99" not in latency:
        raise BenchError(f"unexpected wrk output (no latency distribution):\n{output}")
    total = number(r"(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB|TB) read")
    socket_errors: dict[str, int] = {}
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        socket_errors = dict(zip(("connect", "read", "write", "timeout"), map(int, match.groups()), strict=True))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        rps=float(number(r"Requests/sec:\s+([\d.]+)").group(1)),
        requests=int(total.group(1)),
        bytes_read=float(total.group(2)) * _SIZE_UNITS[total.group(3)],
        latency_ms=latency,
        socket_errors=socket_errors,
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
    )


def run_wrk(opts: Options, port: int, target: Target, cookies: dict[str, str], seconds: int) -> WrkResult:
    command = ["wrk", "-t", str(opts.threads), "-c", str(opts.connections), "-d", f"{seconds}s"]
    command += ["--timeout", f"{opts.timeout}s", "--latency"]
    if target.login:
        command += ["-H", f"Cookie: {cookies[target.user]}"]
    command.append(f"http://{HOST}:{port}{target.path}")
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"wrk failed on {target.path}:\n{result.stdout}{result.stderr}")
    return parse_wrk(result.stdout)


# --- Measurement ---------------------------------------------------------------------------------


@dataclass
class Pair:
    rep: int
    target: str
    bare: WrkResult
    result: WrkResult

    @property
    def ratio(self) -> float:
        return self.result.rps / self.bare.rps if self.bare.rps else 0.0


def measure(opts: Options, port: int, cookies: dict[str, str]) -> list[Pair]:
    if opts.warmup:
        log(f"warm-up: {opts.warmup} s of wrk per URL")
        for target in (BARE, *opts.targets):
            check_target(port, target, cookies, "before")
            run_wrk(opts, port, target, cookies, opts.warmup)
    pairs: list[Pair] = []
    for rep in range(1, opts.reps + 1):
        for target in opts.targets:
            runs: list[WrkResult] = []
            for current in (BARE, target):
                check_target(port, current, cookies, "before")
                runs.append(run_wrk(opts, port, current, cookies, opts.duration))
                check_target(port, current, cookies, "after")
            pair = Pair(rep, target.name, bare=runs[0], result=runs[1])
            pairs.append(pair)
            errors = pair.result.errors + pair.bare.errors
            log(
                f"rep {rep}/{opts.reps} {target.name:<12} bare {pair.bare.rps:8.1f} req/s | "
                f"{target.name} {pair.result.rps:8.1f} req/s, p50 {pair.result.latency_ms['50']:.1f} ms, "
                f"p99 {pair.result.latency_ms['99']:.1f} ms | ratio {pair.ratio:.3g}"
                + (f" | {errors} ERRORS (see the wrk socket errors / non-2xx counts in the JSON)" if errors else "")
            )
    return pairs


# --- CSV export ----------------------------------------------------------------------------------


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


def export_helper(env: dict[str, str], *args: str, user: str = SUPERVISOR, path: str = EXPORT_PATH) -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.exportsql", *args, "--user", user, "--path", path]
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


def memory_kib(pid: int) -> dict[str, int]:
    with open(f"/proc/{pid}/status") as status:
        return {
            name: int(value.split()[0])
            for name, value in (line.split(":", 1) for line in status)
            if name in ("VmRSS", "VmHWM")
        }


def measure_exports(
    opts: Options,
    env: dict[str, str],
    database: str,
    label: str,
    log_path: Path,
    python_writer: bool,
    user: str = SUPERVISOR,
    path: str = EXPORT_PATH,
    warm_up: tuple[str, ...] = (
        f"/cases/?{LIST_FILTER}",
        f"{EXPORT_PATH}?status=closed",
        f"{EXPORT_PATH}?status=closed",
    ),
) -> ExportSet:
    """An export (the case export as the supervisor by default), on a 1-worker gunicorn (its memory is the one
    measured)."""
    sql = export_helper(env, "sql", user=user, path=path)
    if not sql["formatted"]:
        log("note: the export's columns need the Python writer; psql's second run repeats the plain SELECT")
    with gunicorn(opts, env, log_path, workers=1) as server:
        cookie = login(server.port, user, DEMO_PASSWORD)
        # Warm-up: imports, templates, the COPY code path and the connection, before the baseline RSS.
        for warm_path in warm_up:
            download(server.port, warm_path, cookie)
        workers = server.worker_pids()
        if len(workers) != 1:
            raise BenchError(f"expected one gunicorn worker, found {workers}")
        before = memory_kib(workers[0])
        log(f"export {label}: {sql['rows']:,} rows; worker {workers[0]} VmRSS {before['VmRSS'] / 1024:.1f} MiB")
        runs: list[ExportRun] = []
        for rep in range(1, opts.reps + 1):
            psql_rows, psql_seconds = psql_copy(opts, database, sql["raw"])
            rows, size, seconds = download(server.port, path, cookie)
            formatted = psql_copy(opts, database, sql["formatted"] or sql["raw"])[1]
            python_seconds = (
                export_helper(env, "time", "--writer", "python", user=user, path=path)["seconds"]
                if python_writer
                else None
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


# --- Report --------------------------------------------------------------------------------------


def fmt_rps(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def fmt_ms(value: float) -> str:
    return f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def fmt_ratio(value: float) -> str:
    return f"{value:.3f}" if value >= 0.01 else f"{value:.2g}"


def triple(values: Sequence[float], fmt: Any) -> str:
    return " / ".join(fmt(v) for v in (min(values), statistics.median(values), max(values)))


SUMMARY_HEADERS = [
    "target",
    "path",
    "queries",
    "SQL ms",
    "in-process ms",
    "req/s",
    "p50 ms",
    "p90 ms",
    "p99 ms",
    "KiB/resp",
    "ratio to bare",
    "errors",
]


@dataclass
class Summary:
    """One target's figures over all repetitions (the bare view: over all its runs)."""

    name: str
    path: str
    rps: list[float]
    p50_ms: float  # median over reps
    p90_ms: float
    p99_ms: float
    kib_per_response: float
    errors: int
    ratios: list[float] | None  # target/bare per rep; None for the bare view itself
    queries: int | None = None  # in process, None when skipped
    sql_ms: float | None = None
    inprocess_ms: list[float] | None = None  # median of --calls, per rep

    def as_json(self) -> dict[str, Any]:
        def spread(values: list[float] | None) -> dict[str, float] | None:
            if not values:
                return None
            return {"min": min(values), "median": statistics.median(values), "max": max(values)}

        return {
            **asdict(self),
            "rps": spread(self.rps),
            "ratios": spread(self.ratios),
            "inprocess_ms": spread(self.inprocess_ms),
        }


def summarize(opts: Options, pairs: list[Pair], figures: dict[str, dict[str, Any]]) -> list[Summary]:
    summaries: list[Summary] = []
    for target in (BARE, *opts.targets):
        mine = [pair for pair in pairs if pair.target == target.name]
        runs = [pair.bare for pair in pairs] if target is BARE else [pair.result for pair in mine]
        figure = figures.get(target.name)
        summaries.append(
            Summary(
                name=target.name,
                path=target.path,
                rps=[run.rps for run in runs],
                p50_ms=statistics.median(run.latency_ms["50"] for run in runs),
                p90_ms=statistics.median(run.latency_ms["90"] for run in runs),
                p99_ms=statistics.median(run.latency_ms["99"] for run in runs),
                kib_per_response=statistics.median(run.kib_per_response for run in runs),
                errors=sum(run.errors for run in runs),
                ratios=None if target is BARE else [pair.ratio for pair in mine],
                queries=figure["queries"] if figure else None,
                sql_ms=figure["sql_ms"] if figure else None,
                inprocess_ms=figure["ms_medians"] if figure else None,
            )
        )
    return summaries


def summary_rows(summaries: list[Summary]) -> list[list[str]]:
    return [
        [
            s.name,
            s.path,
            "-" if s.queries is None else str(s.queries),
            "-" if s.sql_ms is None else f"{s.sql_ms:.2f}",
            triple(s.inprocess_ms, fmt_ms) if s.inprocess_ms else "-",
            triple(s.rps, fmt_rps),
            fmt_ms(s.p50_ms),
            fmt_ms(s.p90_ms),
            fmt_ms(s.p99_ms),
            f"{s.kib_per_response:.1f}",
            triple(s.ratios, fmt_ratio) if s.ratios else "1",
            str(s.errors),
        ]
        for s in summaries
    ]


REP_HEADERS = ["rep", "target", "bare req/s", "target req/s", "ratio", "bare p50 ms", "target p50 ms", "target p99 ms"]


def rep_rows(pairs: list[Pair]) -> list[list[str]]:
    return [
        [
            str(pair.rep),
            pair.target,
            fmt_rps(pair.bare.rps),
            fmt_rps(pair.result.rps),
            fmt_ratio(pair.ratio),
            fmt_ms(pair.bare.latency_ms["50"]),
            fmt_ms(pair.result.latency_ms["50"]),
            fmt_ms(pair.result.latency_ms["99"]),
        ]
        for pair in pairs
    ]


def text_table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    left = {0, 1}  # names and paths; numbers are right-aligned

    def line(cells: list[str]) -> str:
        padded = (c.ljust(w) if i in left else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
        return "  ".join(padded).rstrip()

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *(line(row) for row in rows)])


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def describe(opts: Options, machine: dict[str, Any], data: dict[str, Any]) -> list[str]:
    packages = ", ".join(f"{name} {version}" for name, version in machine["packages"].items())
    pg = machine["postgres_settings"]
    steal = machine.get("steal_percent")
    code = machine["code"]
    users = ", ".join(
        f"{target.name}: {target.user if target.login else 'anonymous'}" for target in (BARE, *opts.targets)
    )
    lines = [
        f"Date: {machine['date']}",
        f"Machine: {machine['nproc']} cores ({machine['cpu']}), {machine['mem_gib']} GiB, Linux {machine['kernel']}; "
        f"load average at start {machine['loadavg_start'][0]:.2f}, at end {machine['loadavg_end'][0]:.2f}"
        + (f"; CPU steal {steal:.1f}%" if steal is not None else ""),
        f"Software: Python {machine['python']}, PostgreSQL {machine['postgres']} (shared_buffers "
        f"{pg['shared_buffers']}, synchronous_commit {pg['synchronous_commit']}), {machine['wrk']}; {packages}",
        f"Load: wrk -t{opts.threads} -c{opts.connections} -d{opts.duration}s --latency --timeout {opts.timeout}s, "
        f"loopback; gunicorn {opts.workers} sync workers, DEBUG=0, "
        f"{'collected hashed static files' if opts.collectstatic else 'static from finders'}; "
        f"{opts.reps} reps, each target right after its own bare-view run; warm-up {opts.warmup} s per URL",
        f"In-process: Django test client, median of {opts.calls} calls per rep, min / median / max over "
        f"{opts.reps} reps; logged in as: {users}",
    ]
    seed = data.get("seed", {})
    rows = seed.get("rows", {})
    database = f"Database: {opts.db} (demo users and story, seed_demo --scale {opts.scale}"
    if rows:
        database += (
            f": {rows['participants']:,} participants, {rows['cases']:,} cases, {rows['returns']:,} returns, "
            f"{rows['follow_ups']:,} follow-ups, {seed.get('size')}"
        )
    if opts.scale and "seed_seconds" in seed:
        database += (
            f"; seeded in {seed['seed_seconds']} s + VACUUM ANALYZE {seed['vacuum_analyze_seconds']} s on "
            f"{seed['seeded_at']} at load {seed['loadavg_while_seeding']}"
            + (", database reused from that run" if seed.get("reused") else "")
        )
    lines.append(
        database
        + f"); code: commit {code['commit']}"
        + (f" + uncommitted changes in {code['uncommitted_files']} files" if code["uncommitted_files"] else "")
    )
    if "targets" in data:
        values = data["targets"]
        lines.append(
            f"Case list: /cases/?{values['list_filter']} ({values['list_rows']:,} rows, keyset order opened_on, id); "
            f"deep page = page {values['deep_page']}, from the `after` cursor of row {(DEEP_PAGE - 1) * PER_PAGE:,} "
            f"(its first row, {values['deep_first_number']}, is checked in the page); "
            f"detail: case {values['case_number']}"
        )
    if os.environ.get("BENCH_TEMPLATE_DIRS"):
        lines.append(f"EXPERIMENT, not the app as it is: templates overridden from {os.environ['BENCH_TEMPLATE_DIRS']}")
    if data.get("million"):
        million = data["million"]
        lines.append(
            f"1M export: database {opts.million_db}, a copy of {opts.db} with each active case repeated "
            f"{million['copies']} more times (new numbers, copied return home): {million['cases']:,} cases, "
            f"{million['size']}; built in {million['build_seconds']} s"
        )
    return lines


EXPORT_HEADERS = [
    "rows",
    "rep",
    "download rows/s",
    "MiB",
    "psql \\copy rows/s",
    "ratio",
    "psql \\copy, COPY writer's SELECT, rows/s",
    "Python writer in process, rows/s",
]


def export_rows(exports: list[ExportSet]) -> list[list[str]]:
    def rate(value: float | None) -> str:
        return "-" if value is None else f"{value:,.0f}"

    rows: list[list[str]] = []
    for export in exports:
        for run in export.runs:
            rows.append(
                [
                    f"{export.rows:,}",
                    str(run.rep),
                    rate(run.rows_per_s),
                    f"{run.bytes / MIB:.1f}",
                    rate(run.psql_rows_per_s),
                    f"{run.ratio:.3f}",
                    rate(run.formatted_rows_per_s),
                    rate(run.python_rows_per_s),
                ]
            )
    return rows


MEMORY_HEADERS = ["rows", "worker VmRSS before", "VmHWM after", "growth", "VmRSS after"]


def memory_rows(exports: list[ExportSet]) -> list[list[str]]:
    return [
        [
            f"{export.rows:,}",
            f"{export.rss_before_kib / 1024:.1f} MiB",
            f"{export.hwm_after_kib / 1024:.1f} MiB",
            f"+{export.growth_mib:.1f} MiB",
            f"{export.rss_after_kib / 1024:.1f} MiB",
        ]
        for export in exports
    ]


FLOOR_HEADERS = ["floor", "measured (min / median / max)", "required", "holds"]


def floors(pairs: list[Pair], exports: list[ExportSet]) -> list[dict[str, Any]]:
    """The issue's floors (bench/README.md); ratios are judged on the median over reps."""
    results: list[dict[str, Any]] = []

    def ratio_floor(name: str, values: list[float], floor: float) -> None:
        if values:
            median = statistics.median(values)
            results.append({"name": name, "values": values, "median": median, "floor": floor, "holds": median >= floor})

    by_rep: dict[int, dict[str, Pair]] = {}
    for pair in pairs:
        by_rep.setdefault(pair.rep, {})[pair.target] = pair
    ratio_floor("case list, req/s / bare view's", [p.ratio for p in pairs if p.target == "cases"], 0.05)
    deep = [
        r["cases_deep"].result.rps / r["cases"].result.rps
        for r in by_rep.values()
        if {"cases", "cases_deep"} <= r.keys()
    ]
    ratio_floor(f"page {DEEP_PAGE}, req/s / first page's (same rep)", deep, 0.8)
    main = next((export for export in exports if export.rows < MILLION), None)
    if main:
        ratio_floor("CSV export rows/s / psql \\copy's (same rep)", [run.ratio for run in main.runs], 0.25)
    for export in exports:
        results.append(
            {
                "name": f"worker memory growth, export of {export.rows:,} rows (MiB)",
                "values": [export.growth_mib],
                "median": export.growth_mib,
                "floor": 32,
                "holds": export.growth_mib < 32,
                "below": True,
            }
        )
    return results


def floor_rows(results: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for result in results:
        values = result["values"]
        if result.get("below"):
            measured, required = f"+{result['median']:.1f}", f"< {result['floor']}"
        else:
            measured, required = triple(values, fmt_ratio), f">= {result['floor']}"
        rows.append([result["name"], measured, required, "yes" if result["holds"] else "NO"])
    return rows


def report(
    opts: Options,
    machine: dict[str, Any],
    pairs: list[Pair],
    figures: dict[str, dict[str, Any]],
    command: str,
    exports: list[ExportSet],
    data: dict[str, Any],
) -> tuple[str, Path, Path]:
    summaries = summarize(opts, pairs, figures)
    summary = summary_rows(summaries)
    reps = rep_rows(pairs)
    floor_results = floors(pairs, exports)
    notes = "req/s, ratio and in-process ms: min / median / max over reps; p50/p90/p99: median over reps"
    export_note = (
        "CSV export: GET /cases/export/ as the supervisor (every active case, names and NIK included), read to "
        "the end, on a 1-worker gunicorn; each rep runs psql \\copy of the export's plain SELECT (its "
        "values_list: same joins, filter, order), the download, and psql \\copy of the SELECT the COPY writer "
        "sends; ratio = download rows/s / plain psql \\copy rows/s of the same rep. The Python writer column: "
        "the same export through the csv-module writer, in process, no HTTP."
    )
    text_parts = [*describe(opts, machine, data), "", text_table(SUMMARY_HEADERS, summary), f"({notes})", ""]
    text_parts += [text_table(REP_HEADERS, reps)]
    if exports:
        text_parts += [
            "",
            text_table(EXPORT_HEADERS, export_rows(exports)),
            "",
            text_table(MEMORY_HEADERS, memory_rows(exports)),
        ]
    if floor_results:
        text_parts += ["", text_table(FLOOR_HEADERS, floor_rows(floor_results))]
    text = "\n".join(text_parts)
    stamp = dt.datetime.now(dt.UTC).astimezone().strftime("%Y%m%d-%H%M%S")
    opts.out.mkdir(parents=True, exist_ok=True)
    markdown_path = opts.out / f"bench-{stamp}.md"
    json_path = opts.out / f"bench-{stamp}.json"
    markdown = [
        f"# Benchmark {stamp}",
        "",
        f"Command: `{command}`",
        "",
        *(f"- {line}" for line in describe(opts, machine, data)),
        "",
        markdown_table(SUMMARY_HEADERS, summary),
        "",
        notes[0].upper() + notes[1:] + ".",
        "",
        "Per repetition:",
        "",
        markdown_table(REP_HEADERS, reps),
        "",
    ]
    if exports:
        markdown += [export_note, "", markdown_table(EXPORT_HEADERS, export_rows(exports)), ""]
        markdown += [markdown_table(MEMORY_HEADERS, memory_rows(exports)), ""]
    if floor_results:
        markdown += ["Floors:", "", markdown_table(FLOOR_HEADERS, floor_rows(floor_results)), ""]
    markdown_path.write_text("\n".join(markdown))
    json_path.write_text(
        json.dumps(
            {
                "command": command,
                "machine": machine,
                "data": data,
                "options": {**asdict(opts), "out": str(opts.out), "targets": [asdict(t) for t in opts.targets]},
                "bare": asdict(BARE),
                "inprocess": figures,
                "pairs": [
                    {
                        "rep": p.rep,
                        "target": p.target,
                        "ratio": p.ratio,
                        "bare": asdict(p.bare),
                        "result": asdict(p.result),
                    }
                    for p in pairs
                ],
                "summary": [s.as_json() for s in summaries],
                "exports": [
                    {
                        **{k: v for k, v in asdict(export).items() if k != "runs"},
                        "growth_mib": export.growth_mib,
                        "runs": [
                            {
                                **asdict(run),
                                "rows_per_s": run.rows_per_s,
                                "psql_rows_per_s": run.psql_rows_per_s,
                                "ratio": run.ratio,
                            }
                            for run in export.runs
                        ],
                    }
                    for export in exports
                ],
                "floors": floor_results,
            },
            indent=2,
        )
    )
    return text, markdown_path, json_path


# --- Main ----------------------------------------------------------------------------------------


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def run(opts: Options, command: str) -> None:
    require_tools()
    machine = machine_info(opts)
    cpu_before = read_cpu_times()
    log(
        f"{machine['nproc']} cores, Python {machine['python']}, PostgreSQL {machine['postgres']}, {machine['wrk']}; "
        f"{opts.reps} reps x {len(opts.targets)} target(s) x 2 runs x {opts.duration} s"
        + (" + the CSV export" if opts.export else "")
    )
    if machine["loadavg_start"][0] > machine["nproc"]:
        log(
            f"note: the machine is busy (load average {machine['loadavg_start'][0]:.1f} on {machine['nproc']} cores): "
            "absolute req/s will be low and noisy; compare the ratios to the bare view"
        )
    data: dict[str, Any] = {}
    exports: list[ExportSet] = []
    pairs: list[Pair] = []
    figures: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="dinsos-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = django_env(opts, static_root=tmp / "static")
        try:
            data["seed"] = prepare_database(opts, env)
            if opts.export and opts.million:
                data["million"] = prepare_million(opts, data["seed"])
            targets, data["targets"] = resolve_targets(opts)
            if not data["targets"]:
                del data["targets"]
            opts = dataclasses.replace(opts, targets=targets)
            opts.out.mkdir(parents=True, exist_ok=True)
            if opts.targets:
                figures = inprocess_figures(opts, env, tmp) if opts.inprocess else {}
                with gunicorn(opts, env, opts.out / "gunicorn.log") as server:
                    cookies = login_all(server.port, opts.targets)
                    pairs = measure(opts, server.port, cookies)
            if opts.export:
                log(f"CSV export: {opts.reps} reps on a 1-worker gunicorn")
                exports.append(
                    measure_exports(opts, env, opts.db, "100k", opts.out / "gunicorn-export.log", opts.python_writer)
                )
                exports.append(
                    measure_exports(
                        *(opts, env, opts.db, "hand-outs", opts.out / "gunicorn-export-handouts.log", False),
                        user=trainings.COORDINATOR,
                        path=trainings.HANDOUT_EXPORT_PATH,
                        warm_up=(trainings.HANDOUT_EXPORT_EMPTY,) * 3,
                    )
                )
                if opts.million:
                    million_env = django_env(opts, static_root=tmp / "static", database=opts.million_db)
                    exports.append(
                        measure_exports(
                            opts, million_env, opts.million_db, "1M", opts.out / "gunicorn-export-1m.log", False
                        )
                    )
        finally:
            if opts.drop:
                try:
                    drop_database(opts)
                except BenchError as error:  # must not hide the error that got us here, if any
                    log(f"could not drop {opts.db}: {error}")
            else:
                log(
                    f"database {opts.db} kept (drop it with --drop, or: psql -h {HOST} -U {opts.pg_user} "
                    f"-c 'DROP DATABASE {opts.db}')"
                )
    machine["loadavg_end"] = os.getloadavg()
    machine["steal_percent"] = steal_percent(cpu_before, read_cpu_times())
    text, markdown_path, json_path = report(opts, machine, pairs, figures, command, exports, data)
    print(text)
    log(f"written {markdown_path.relative_to(ROOT) if markdown_path.is_relative_to(ROOT) else markdown_path}")
    log(f"written {json_path.relative_to(ROOT) if json_path.is_relative_to(ROOT) else json_path}")


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    opts = parse_args(argv)
    # Ctrl+C, kill and a closed terminal all unwind through the `finally` that stops gunicorn. SIGINT is
    # set explicitly: a shell starting this in the background would otherwise have it ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)
    command = shlex.join(["bench/run.py", *argv])
    try:
        run(opts, command)
    except BenchError as error:
        print(f"bench: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted (gunicorn, if started, was stopped)", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
