"""The venues app in the benchmark (issue 10): the monthly plan page, the venues' lists and the
inspection export, at 2,000 venues with 24 months of inspections.

    .venv/bin/python bench/run.py --scale 2000 --venues 2000 --only cases --only plan --only plan_inspector \\
        --only venues --only inspections --only enforcement --only licences --only inspection_export

`--venues N` tops the database up to N venues, each licensed and inspected once a month for the
24 months before this one (venues.demo.seed_scale, in bulk), once: a later run reuses them. The
case list (`cases`, which needs `--scale`) is the plan page's reference: its p50 latency at most
2x the case list's in the same repetition. The lists are held to the case list's floor (>= 0.05x
the bare view's req/s); the inspection export to >= 0.25x `psql \\copy` of the same columns, for
all 24 months and for one month, with the serving worker's memory growth for each (flat: the
writer streams). Kept in a module of its own so that run.py and options.py only list these
targets and call these functions.
"""

import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from typing import Any
from zoneinfo import ZoneInfo

MONTHS = 24
SUPERVISOR = "supervisor"  # every venue
INSPECTOR = "inspector"  # her team's venues (a quarter of the synthetic ones, half with the demo's)
INSPECTION_EXPORT = "inspection_export"  # --only name of the export section
INSPECTION_EXPORT_PATH = "/venues/inspections/export/"
# A filter that matches nothing: the warm-up downloads of the export.
INSPECTION_EXPORT_EMPTY = INSPECTION_EXPORT_PATH + "?month=2000-01"
# Downloaded before the export worker's baseline memory is read: the list page, then an export of no rows.
EXPORT_WARM_UP = ("/venues/inspections/", INSPECTION_EXPORT_EMPTY, INSPECTION_EXPORT_EMPTY)
# The plan page's ceiling: its p50 latency over the case list's, in the same repetition.
PLAN_TARGETS = ("plan", "plan_inspector")
PLAN_CEILING = 2.0
# The lists of venues, held to the case list's floor (req/s at least this share of the bare view's).
LIST_FLOORS = {
    "venues": ("venue list", 0.05),
    "inspections": ("inspection list", 0.05),
    "enforcement": ("enforcement list", 0.05),
    "licences": ("licence list", 0.05),
}


def targets(target_class) -> list:
    """The plan page as a supervisor and as an inspector, and the four lists (default order, unfiltered)."""
    return [
        target_class("plan", "/venues/plan/", login=True, user=SUPERVISOR, needs_venues=True),
        target_class("plan_inspector", "/venues/plan/", login=True, user=INSPECTOR, needs_venues=True),
        target_class("venues", "/venues/", login=True, user=SUPERVISOR, needs_venues=True),
        target_class("inspections", "/venues/inspections/", login=True, user=SUPERVISOR, needs_venues=True),
        target_class("enforcement", "/venues/enforcement/", login=True, user=SUPERVISOR, needs_venues=True),
        target_class("licences", "/venues/licences/", login=True, user=SUPERVISOR, needs_venues=True),
    ]


def last_full_month() -> str:
    """The month before this one: a month of the seeded inspections (one per venue), as YYYY-MM."""
    today = dt.datetime.now(ZoneInfo("Asia/Jakarta")).date()  # the seeder's months are WIB months
    return (today.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")


def export_paths() -> list[tuple[str, str]]:
    """(label, path) of the export measured: every inspection (24 months), and one month's."""
    return [("24 months", INSPECTION_EXPORT_PATH), ("1 month", f"{INSPECTION_EXPORT_PATH}?month={last_full_month()}")]


SEED_SCRIPT = """
import sys, django
django.setup()
from venues.demo import seed_scale
seed_scale(int(sys.argv[1]), print, months=int(sys.argv[2]))
"""


def prepare_venues(count: int, env: dict[str, str], psql, log, error) -> dict[str, Any]:
    """Top the database up to `count` venues with MONTHS months of inspections (once); what it holds."""
    venues = int(psql("SELECT count(*) FROM venues_venue"))
    seconds = None
    if venues < count:
        log(f"venues: {venues:,} in the database; adding {count - venues:,} with {MONTHS} months of inspections")
        start = time.monotonic()
        command = [sys.executable, "-c", SEED_SCRIPT, str(count - venues), str(MONTHS)]
        result = subprocess.run(command, cwd=env["PYTHONPATH"].split(os.pathsep)[0], env=env, capture_output=True)
        if result.returncode != 0:
            raise error(f"seeding the venues failed:\n{result.stderr.decode(errors='replace')[-3000:]}")
        psql("VACUUM ANALYZE")
        seconds = round(time.monotonic() - start, 1)
    else:
        log(f"venues: {venues:,} in the database (reused)")
    counts = psql(
        "SELECT (SELECT count(*) FROM venues_venue), (SELECT count(*) FROM venues_inspection), "
        "(SELECT count(*) FROM venues_license), (SELECT count(*) FROM venues_enforcementaction)"
    ).split("|")
    info = dict(zip(("venues", "inspections", "licences", "enforcement_actions"), map(int, counts), strict=True))
    log(f"venues data: {info}")
    return {**info, "months": MONTHS, "seed_seconds": seconds}


def plan_ceilings(pairs) -> list[dict[str, Any]]:
    """The plan pages' p50 latency / the case list's, per repetition (judged on the median)."""
    by_rep: dict[int, dict[str, Any]] = {}
    for pair in pairs:
        by_rep.setdefault(pair.rep, {})[pair.target] = pair
    results = []
    for name in PLAN_TARGETS:
        values = [
            rep[name].result.latency_ms["50"] / rep["cases"].result.latency_ms["50"]
            for rep in by_rep.values()
            if {name, "cases"} <= rep.keys()
        ]
        if values:
            median = statistics.median(values)
            results.append(
                {
                    "name": f"{name}: p50 latency / case list's (same rep)",
                    "values": values,
                    "median": median,
                    "floor": PLAN_CEILING,
                    "holds": median <= PLAN_CEILING,
                    "ceiling": True,
                }
            )
    return results
