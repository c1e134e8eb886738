"""The SQL of a CSV export, for bench/run.py's `psql \\copy` pairing, and an in-process timing of
both CSV writers.

run.py starts this in a subprocess, from the repository root, with the server's environment:

    python -m bench.exportsql sql --user supervisor --path '/cases/export/?status=monitoring'
    python -m bench.exportsql time --user supervisor --path /cases/export/ --writer python

`sql` prints JSON: `raw`, the export's SELECT of the plain column values (its values_list(): the
same joins, filters and order as the download; what `psql \\copy` of "the same columns" reads),
`formatted`, the SELECT the COPY writer sends (labels, apostrophes, ISO dates in SQL; null when
a column needs the Python writer), and `rows`.

`time` builds the queryset exactly as the export view does and consumes the chosen writer
(`python`: csv module, batched; `copy`: PostgreSQL COPY) in this process, without HTTP, and
prints JSON: rows, bytes, seconds.
"""

import argparse
import json
import sys
import time
import urllib.parse

import django


def export_queryset(username: str, path: str):
    """The view's queryset and columns for `path`, for `username` (as FilteredExportView.get)."""
    from django.test import RequestFactory
    from django.urls import resolve

    from core.models import User

    request = RequestFactory().get(path)
    request.user = User.objects.get(username=username)
    view = resolve(urllib.parse.urlsplit(path).path).func.view_class()
    view.setup(request)
    queryset = view.filtered_queryset(view.get_filterset()).order_by(*view.ordering())
    return queryset, view.columns()


def bound(sql: str, params) -> str:
    import psycopg
    from django.db import connection

    connection.ensure_connection()
    with psycopg.ClientCursor(connection.connection) as cursor:
        return cursor.mogrify(sql, params)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["sql", "time"])
    parser.add_argument("--user", required=True)
    parser.add_argument("--path", required=True, help="the export's URL path and query string")
    parser.add_argument("--writer", choices=["python", "copy"], default="python", help="for `time`")
    args = parser.parse_args(argv)
    django.setup()

    from core.lists.csv_export import copy_select, csv_chunks

    queryset, columns = export_queryset(args.user, args.path)
    if args.mode == "sql":
        raw = queryset.values_list(*[column.source for column in columns]).query.sql_with_params()
        formatted = copy_select(columns, queryset)
        print(
            json.dumps(
                {
                    "raw": bound(*raw),
                    "formatted": bound(*formatted) if formatted else None,
                    "rows": queryset.count(),
                    "columns": len(columns),
                }
            )
        )
        return 0
    start = time.perf_counter()
    size = lines = 0
    for chunk in csv_chunks(columns, queryset, use_copy=args.writer == "copy"):
        data = chunk.encode() if isinstance(chunk, str) else chunk
        size += len(data)
        lines += data.count(b"\n")
    seconds = time.perf_counter() - start
    print(json.dumps({"writer": args.writer, "rows": lines - 1, "bytes": size, "seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
