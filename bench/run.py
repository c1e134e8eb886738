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

To measure another page, add a Target to TARGETS in bench/options.py.

The parts: options.py (targets, command line), seeding.py (databases and seeded URLs), load.py (in-process
figures, gunicorn, wrk), exports.py (the CSV export and the worker's memory), machine.py (what was
measured on), report.py (tables and floors); this file runs them in order.
"""

import dataclasses
import os
import shlex
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import Any

# Run as a script (python bench/run.py): the repository root must be importable for bench.*.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import venues as venue_bench
from bench.exports import HANDOUT_EXPORT, Download, ExportSet, measure_exports
from bench.load import Pair, gunicorn, inprocess_figures, login_all, measure
from bench.machine import machine_info, read_cpu_times, steal_percent
from bench.options import HOST, ROOT, SUPERVISOR, BenchError, Options, log, parse_args, psql, require_tools
from bench.report import report
from bench.seeding import django_env, drop_database, prepare_database, prepare_million, resolve_targets


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
            if opts.venues:
                data["venues"] = venue_bench.prepare_venues(
                    opts.venues, {**env, "DEBUG": "1"}, lambda sql: psql(opts, sql, opts.db), log, BenchError
                )
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
                    measure_exports(opts, env, opts.db, "cases", opts.out / "gunicorn-export.log", opts.python_writer)
                )
                log(f"hand-out export (trainings): {opts.reps} reps on a 1-worker gunicorn")
                exports.append(
                    measure_exports(
                        *(opts, env, opts.db, "hand-outs", opts.out / "gunicorn-export-handouts.log", False),
                        export=HANDOUT_EXPORT,
                    )
                )
                if opts.million:
                    million_env = django_env(opts, static_root=tmp / "static", database=opts.million_db)
                    exports.append(
                        measure_exports(
                            opts, million_env, opts.million_db, "cases 1M", opts.out / "gunicorn-export-1m.log", False
                        )
                    )
            if opts.venue_export:
                for label, path in venue_bench.export_paths():
                    log(f"inspection export ({label}): {opts.reps} reps on a 1-worker gunicorn")
                    exports.append(
                        measure_exports(
                            opts,
                            env,
                            opts.db,
                            f"inspections, {label}",
                            opts.out / "gunicorn-export-venues.log",
                            False,
                            export=Download(SUPERVISOR, path, venue_bench.EXPORT_WARM_UP),
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
