"""The database to measure: created and seeded once per --scale (then reused), the 1,000,000-case
copy for the export, and the URLs that need seeded rows."""

import base64
import datetime as dt
import hashlib
import json
import os
import secrets
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench.options import (
    DEEP_PAGE,
    DEMO_PASSWORD,
    HOST,
    LIST_FILTER,
    LIST_WHERE,
    MILLION,
    PER_PAGE,
    ROOT,
    BenchError,
    Options,
    Target,
    database_url,
    log,
    psql,
)


def create_database(opts: Options, database: str, template: str | None = None) -> None:
    log(f"database {database}: drop if present, create" + (f" as a copy of {template}" if template else ""))
    psql(opts, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    psql(opts, f'CREATE DATABASE "{database}"' + (f' TEMPLATE "{template}"' if template else ""))


def drop_database(opts: Options) -> None:
    for database in (opts.db, opts.million_db):
        log(f"database {database}: drop (--drop)")
        psql(opts, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


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
    if not any("{" in target.path + target.expect_text for target in opts.targets):
        return opts.targets, {}  # no URL to fill (e.g. the case list's first page only)
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


def last_lines(text: str, count: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-count:])
