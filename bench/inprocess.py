"""In-process figures for bench/run.py: SQL queries per request and latency
through Django's test client, without HTTP, gunicorn or a load generator.

run.py starts this in a subprocess, from the repository root, with the same
environment as the server (DJANGO_SETTINGS_MODULE=bench.settings, DATABASE_URL,
DEBUG=0, ...):

    python -m bench.inprocess --targets '[{"name": "home", "path": "/", "login": true}]' --out figures.json

For each target: one warm-up request (template loading, and for a logged-in
user the once-a-minute session refresh write), then one request with its
queries captured (and timed with an execute wrapper: time spent in cursor.execute,
so rows fetched later from a server-side cursor are not included), then `--reps`
times the median of `--calls` timed requests.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import django


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", required=True, help="JSON list of {name, path, login, expect_status, user}")
    parser.add_argument("--user", required=True, help="username for targets that need a session and name none")
    parser.add_argument("--calls", type=int, default=15, help="timed requests per repetition (default 15)")
    parser.add_argument("--reps", type=int, default=3, help="repetitions (default 3)")
    parser.add_argument("--out", type=Path, required=True, help="where to write the JSON figures")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    targets: list[dict[str, Any]] = json.loads(args.targets)
    django.setup()

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users: dict[str, Any] = {}

    def fetch(client: Client, path: str) -> int:
        response = client.get(path)
        if response.streaming:  # exports: the work happens while the body is consumed
            for _chunk in response.streaming_content:
                pass
        response.close()
        return response.status_code

    figures: dict[str, dict[str, Any]] = {}
    for target in targets:
        client = Client(HTTP_HOST="127.0.0.1")  # ALLOWED_HOSTS is 127.0.0.1, as for the server
        if target["login"]:
            username = target.get("user") or args.user
            if username not in users:
                users[username] = get_user_model().objects.get(username=username)
            client.force_login(users[username])
        path = target["path"]
        expected = target.get("expect_status", 200)
        status = fetch(client, path)
        if status != expected:
            print(f"{target['name']}: GET {path} answered {status}, expected {expected}", file=sys.stderr)
            return 1
        sql_seconds = 0.0

        def timed(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
            nonlocal sql_seconds
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                sql_seconds += time.perf_counter() - start

        with connection.execute_wrapper(timed), CaptureQueriesContext(connection) as captured:
            fetch(client, path)
        # A copy now: captured_queries reads connection.queries, which the next request resets.
        queries = list(captured.captured_queries)
        medians: list[float] = []
        for _rep in range(args.reps):
            timings: list[float] = []
            for _call in range(args.calls):
                start = time.perf_counter()
                fetch(client, path)
                timings.append((time.perf_counter() - start) * 1000)
            medians.append(statistics.median(timings))
        figures[target["name"]] = {
            "path": path,
            "user": (target.get("user") or args.user) if target["login"] else None,
            "status": status,
            "queries": len(queries),
            "sql_ms": sql_seconds * 1000,
            "sql": [query["sql"] for query in queries],
            "ms_medians": medians,
        }
    args.out.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
