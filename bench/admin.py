"""The supervisors' pages at scale: the dashboard, the monthly report and every admin
changelist, as ratios to the case list (and to a bare view) measured in the same run.

In process, through Django's test client (no HTTP, no load generator), on a database
seeded by `seed_demo --scale N` (bench/run.py --scale 100000 makes one; or
`manage.py seed_demo --scale 100000` on a database of your own):

    .venv/bin/python -m bench.admin --db dinsos_bench            # 15 calls x 3 reps per page
    .venv/bin/python -m bench.admin --db dinsos_bench --calls 5 --reps 1

The goals (issue 11): the dashboard within 2x the case list's latency, each
changelist within 3x. The dashboard is measured twice: `dashboard` as a supervisor
sees it (kept figures: counted at most 5 minutes ago; up to 30 minutes old they are
shown while new ones are counted after the response, core.reports.figures), and
`dashboard_cold` with the cache emptied before every call (every figure counted
first: the first view of a period after half an hour unseen, or after a restart;
no goal). Each page: median of --calls requests per rep, the median of the reps
reported, with its SQL query count; each request of a page follows one of the case
list, and the page's ratio is to the case list of those same moments (the machine
is shared: its load moves within a minute). Results go to stdout and --out (JSON).
"""

import argparse
import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

SUPERVISOR = "supervisor"
CASE_LIST = "/cases/?status=monitoring"  # bench/run.py's "cases" target
CHANGELISTS = [
    "cases/participant",
    "cases/case",
    "cases/homereturn",
    "cases/commitment",
    "cases/followup",
    "cases/referral",
    "cases/consent",
    "cases/timelineentry",
    "auditlog/logentry",
    "core/user",
]
# dashboard_cold has no goal: it is the first view of a period after half an hour unseen (or a restart);
# kept figures older than 5 minutes are shown while new ones are counted after the response
# (core.reports.figures.STALE_SECONDS).
GOALS = {"dashboard": 2.0, "dashboard_cold": None, "report": None}  # changelists: 3.0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a database seeded with seed_demo --scale N")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL without the database")
    parser.add_argument("--calls", type=int, default=15)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--only", action="append", help="measure only this page (repeatable; case_list always)")
    parser.add_argument("--out", type=Path, default=Path("bench/results/admin.json"))
    return parser.parse_args(argv)


def configure(args: argparse.Namespace) -> None:
    """Production settings (DEBUG off), as bench/run.py serves them."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"{args.pg}/{args.db}",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        STATIC_MANIFEST="0",
    )
    import django

    django.setup()


def fetcher(client, path: str, *, cold: bool = False):
    from django.core.cache import cache

    def fetch() -> int:
        if cold:
            cache.clear()
        response = client.get(path)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
        return response.status_code

    return fetch


def count_queries(fetch) -> int:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        fetch()
    return len(queries)


def timed(fetch) -> float:
    start = time.perf_counter()
    fetch()
    return (time.perf_counter() - start) * 1000


def measure(client, path: str, calls: int, reps: int, *, cold: bool = False, base=None) -> dict:
    """Median latency of `path` and, when `base` (the case list's fetch) is given, of the case list
    in the same moments: one call of each in turn, so that the ratio holds on a machine whose load
    changes from one minute to the next."""
    fetch = fetcher(client, path, cold=cold)
    status = fetch()  # warm-up: templates, the session, the cache when not cold
    if status != 200:
        raise SystemExit(f"GET {path} answered {status}")
    queries = count_queries(fetch)
    medians, base_medians = [], []
    for _rep in range(reps):
        timings, base_timings = [], []
        for _call in range(calls):
            if base:
                if cold:
                    base()  # the cache was emptied for the page: the case list as usually seen, warm
                base_timings.append(timed(base))
            timings.append(timed(fetch))
        medians.append(statistics.median(timings))
        if base:
            base_medians.append(statistics.median(base_timings))
    result = {"path": path, "queries": queries, "ms": statistics.median(medians)}
    if base:
        result["case_list_ms"] = statistics.median(base_medians)
    return result


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    configure(args)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from core.reports import Period

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=SUPERVISOR))
    month = Period.this_month().month_param
    pages = {
        "bare": ("/bench/bare/", False),
        "case_list": (CASE_LIST, False),
        "dashboard": ("/admin/", False),
        "dashboard_cold": ("/admin/", True),
        "report": (f"/reports/monthly/?month={month}", False),
        **{name: (f"/admin/{name}/", False) for name in CHANGELISTS},
    }
    if args.only:
        pages = {name: page for name, page in pages.items() if name in {*args.only, "bare", "case_list"}}
    case_list = fetcher(client, CASE_LIST)
    results = {}
    for name, (path, cold) in pages.items():
        base = None if name in ("bare", "case_list") else case_list
        results[name] = measure(client, path, args.calls, args.reps, cold=cold, base=base)
        figure = results[name]
        paired = f"  (case list {figure['case_list_ms']:.1f} ms meanwhile)" if base else ""
        print(f"{name:22} {figure['ms']:8.1f} ms  {figure['queries']:3} queries  {path}{paired}", flush=True)
    print(f"\n{'page':22} {'x case list':>11} {'x bare':>8}  goal")
    failed = []
    for name, figure in results.items():
        goal = GOALS.get(name, 3.0 if name in CHANGELISTS else None)
        ratio = figure["ms"] / figure.get("case_list_ms", results["case_list"]["ms"])
        figure["ratio_to_case_list"] = ratio
        figure["ratio_to_bare"] = figure["ms"] / results["bare"]["ms"]
        verdict = "" if goal is None else (f"<= {goal}x ok" if ratio <= goal else f"<= {goal}x MISSED")
        if goal is not None and ratio > goal:
            failed.append(name)
        print(f"{name:22} {ratio:11.2f} {figure['ratio_to_bare']:8.1f}  {verdict}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
