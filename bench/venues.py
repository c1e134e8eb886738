"""Benchmarks of the venues app at 2,000 venues with 24 months of inspections.

    .venv/bin/python bench/venues.py            # seeds dinsos_venues_bench once (~2 min), then measures
    .venv/bin/python bench/venues.py --reseed   # seed again

In process (bench.inprocess: Django's test client, no HTTP), each figure next
to the bare view measured in the same run:

- the monthly plan page (supervisor: every venue; inspector: her team's) against
  the case list's latency (target: within 2x);
- the venue, inspection, enforcement and licence lists (target: >= 0.05x the bare
  view's requests per second, the case list's floor);
- the inspection CSV export (48,000 rows) against `psql \\copy` of the same
  columns (target: >= 0.25x), and the export's peak Python memory at 1 month
  and at 24 months of rows (flat: the writer streams).

Separate from bench/run.py (which serves with gunicorn and drives wrk) so that
the two can change independently; it reuses bench.inprocess and bench.exportsql.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
VENUES = 2000
MONTHS = 24


def env(db: str, pg: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{pg}/{db}",
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-" + "x" * 60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": "",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_PROXY_SSL_HEADER": "0",
        "STATIC_MANIFEST": "0",
        "PYTHONPATH": str(ROOT),
    }


def run(args: list[str], environment: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=environment, check=True, text=True, **kwargs)  # noqa: S603


def seed(db: str, pg_host: str, pg_user: str, environment: dict[str, str], reseed: bool) -> None:
    exists = subprocess.run(  # noqa: S603
        ["psql", "-h", pg_host, "-U", pg_user, "-lqt"],
        capture_output=True,
        text=True,
        check=True,  # noqa: S607
    ).stdout
    if not reseed and any(line.split("|")[0].strip() == db for line in exists.splitlines()):
        return
    subprocess.run(["dropdb", "-h", pg_host, "-U", pg_user, "--if-exists", db], check=True)  # noqa: S603, S607
    subprocess.run(["createdb", "-h", pg_host, "-U", pg_user, db], check=True)  # noqa: S603, S607
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], environment)
    debug = {**environment, "DEBUG": "1"}
    run([PYTHON, "manage.py", "seed_demo", "--scale", str(VENUES)], debug)  # also 2,000 cases for the case list
    script = (
        "import django; django.setup();"
        "from venues.demo import seed_scale;"
        "from venues.models import Venue;"
        f"seed_scale({VENUES} - Venue.objects.count(), print, months={MONTHS})"
    )
    run([PYTHON, "-c", script], debug)
    run(
        [
            PYTHON,
            "-c",
            "import django; django.setup(); from django.db import connection;"
            "connection.cursor().execute('VACUUM ANALYZE')",
        ],
        environment,
    )


def inprocess(environment: dict[str, str], targets: list[dict], calls: int, reps: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        run(
            [
                PYTHON,
                "-m",
                "bench.inprocess",
                "--targets",
                json.dumps(targets),
                "--user",
                "supervisor",
                "--calls",
                str(calls),
                "--reps",
                str(reps),
                "--out",
                out.name,
            ],
            environment,
        )
        return json.loads(Path(out.name).read_text())


def copy_seconds(environment: dict[str, str], pg_host: str, pg_user: str, db: str, path: str) -> tuple[float, int]:
    """Seconds for `psql \\copy` of the export's plain columns (its values_list SELECT), best of 3."""
    found = json.loads(
        run(
            [PYTHON, "-m", "bench.exportsql", "sql", "--user", "supervisor", "--path", path],
            environment,
            capture_output=True,
        ).stdout
    )
    best = float("inf")
    for _i in range(3):
        start = time.perf_counter()
        subprocess.run(  # noqa: S603
            [
                "psql",
                "-h",
                pg_host,
                "-U",
                pg_user,
                "-d",
                db,
                "-q",
                "-c",  # noqa: S607
                f"\\copy ({found['raw']}) TO '/dev/null' WITH (FORMAT csv)",
            ],
            check=True,
        )
        best = min(best, time.perf_counter() - start)
    return best, found["rows"]


PEAK_SCRIPT = """
import django, json, sys, tracemalloc
django.setup()
from django.test import Client
from core.models import User
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(User.objects.get(username="supervisor"))
path = sys.argv[1]
for _chunk in client.get(path).streaming_content:  # warm-up
    pass
tracemalloc.start()
size = 0
for chunk in client.get(path).streaming_content:
    size += len(chunk)
print(json.dumps({"peak_kib": tracemalloc.get_traced_memory()[1] // 1024, "bytes": size}))
"""


def export_peak(environment: dict[str, str], path: str) -> dict:
    return json.loads(run([PYTHON, "-c", PEAK_SCRIPT, path], environment, capture_output=True).stdout)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="dinsos_venues_bench")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--pg-user", default="postgres")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    args = parser.parse_args(argv)
    if "bench" not in args.db:
        parser.error("the database name must contain 'bench'")
    environment = env(args.db, f"{args.pg_user}@{args.pg_host}:5432")
    seed(args.db, args.pg_host, args.pg_user, environment, args.reseed)

    month = time.strftime("%Y-%m")
    targets = [
        {"name": "bare", "path": "/bench/bare/", "login": False},
        {"name": "case list", "path": "/cases/", "login": True},
        {"name": "plan (supervisor)", "path": "/venues/plan/", "login": True},
        {"name": "plan (inspector)", "path": "/venues/plan/", "login": True, "user": "inspector"},
        {"name": "venue list", "path": "/venues/", "login": True},
        {"name": "inspection list", "path": "/venues/inspections/", "login": True},
        {"name": "enforcement list", "path": "/venues/enforcement/", "login": True},
        {"name": "licence list", "path": "/venues/licences/", "login": True},
        {"name": "inspection export", "path": "/venues/inspections/export/", "login": True},
    ]
    figures = inprocess(environment, targets, args.calls, args.reps)
    ms = {name: min(figure["ms_medians"]) for name, figure in figures.items()}
    copy_s, rows = copy_seconds(environment, args.pg_host, args.pg_user, args.db, "/venues/inspections/export/")
    peak_all = export_peak(environment, "/venues/inspections/export/")
    peak_month = export_peak(environment, f"/venues/inspections/export/?month={month}")

    lines = [
        f"# Venues bench: {VENUES} venues, {MONTHS} months of inspections ({rows} exported rows)",
        "",
        "| page | queries | ms (best median) | vs bare (req/s ratio) | vs case list (latency ratio) |",
        "|---|---|---|---|---|",
    ]
    for name, figure in figures.items():
        lines.append(
            f"| {name} | {figure['queries']} | {ms[name]:.1f} | {ms['bare'] / ms[name]:.3f} | "
            f"{ms[name] / ms['case list']:.2f} |"
        )
    export_s = ms["inspection export"] / 1000
    lines += [
        "",
        f"Inspection export: {export_s:.3f} s in process; `psql \\copy` of the same columns {copy_s:.3f} s "
        f"(ratio {copy_s / export_s:.2f}, target >= 0.25).",
        f"Export peak Python memory: {peak_all['peak_kib']} KiB for {peak_all['bytes']} bytes (24 months), "
        f"{peak_month['peak_kib']} KiB for {peak_month['bytes']} bytes (this month).",
        "",
        "Targets: plan page within 2x the case list's latency; lists >= 0.05x the bare view.",
    ]
    report = "\n".join(lines)
    print(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"venues-{time.strftime('%Y%m%d-%H%M')}.md").write_text(report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
