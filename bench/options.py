"""What to measure and how: the targets, the command line, and small helpers every part uses."""

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from bench import trainings
from bench import venues as venue_bench

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
    needs_venues: bool = False  # only with --venues: the venues app's pages (bench/venues.py)


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
    # The other lists of cases, unfiltered in their default order, held to the case list's floor.
    Target("participants", "/cases/participants/", login=True, user=SUPERVISOR, needs_data=True),
    Target("follow_ups", "/cases/follow-ups/", login=True, user=SUPERVISOR, needs_data=True),
    Target(
        "case_detail",
        "/cases/{case_id}/",
        login=True,
        user=SUPERVISOR,
        needs_data=True,
        expect_text="{case_number}",
    ),
    *venue_bench.targets(Target),
    # The trainings app (issue 9): the cohort list and the stock ledger, as the coordinator.
    *trainings.targets(Target),
]


# Every list page, and its floor: req/s at least this share of the bare view's (the median over reps).
LIST_FLOORS = {
    "cases": ("case list", 0.05),
    "participants": ("participant list", 0.05),
    "follow_ups": ("follow-up list", 0.05),
    **venue_bench.LIST_FLOORS,
    "cohorts": ("cohort list", 0.05),
    "stock_ledger": ("stock ledger", 0.05),
}


EXPORT = "export"  # --only export: just the CSV export section (the case export, then the hand-out export)
EXPORT_PATH = "/cases/export/"  # every active case, as the supervisor (names and NIK included)
MILLION = 1_000_000
MIB = 1024 * 1024


class BenchError(Exception):
    """A failure with a message for the user (no traceback)."""


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
    venues: int
    venue_export: bool
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
        "--venues",
        type=int,
        default=0,
        help="top the database up to N venues with 24 months of inspections (once; bench/venues.py): the "
        "venues targets and the inspection export need it (2000 for the README's numbers)",
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
        choices=[target.name for target in TARGETS] + [EXPORT, venue_bench.INSPECTION_EXPORT],
        help="measure only this target (repeatable); targets: "
        + ", ".join([*(t.name for t in TARGETS), EXPORT, venue_bench.INSPECTION_EXPORT]),
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
    if args.scale < 0 or args.venues < 0:
        parser.error("--scale and --venues must be zero or more")
    targets = tuple(
        t
        for t in TARGETS
        if (not args.only or t.name in args.only)
        and (args.scale or not t.needs_data)
        and (args.venues or not t.needs_venues)
    )
    if args.only and not targets and not {EXPORT, venue_bench.INSPECTION_EXPORT} & set(args.only):
        parser.error("the chosen targets need data: add --scale (e.g. --scale 100000) or --venues 2000")
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
        venues=args.venues,
        venue_export=bool(args.venues) and (not args.only or venue_bench.INSPECTION_EXPORT in args.only),
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
