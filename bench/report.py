"""The report: tables of the figures, the floors of bench/README.md, and the Markdown and JSON copies."""

import datetime as dt
import json
import os
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench import venues as venue_bench
from bench.exports import ExportSet
from bench.load import Pair
from bench.options import BARE, DEEP_PAGE, LIST_FLOORS, MIB, MILLION, PER_PAGE, Options


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
    "export",
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
                    export.label,
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


MEMORY_HEADERS = ["export", "rows", "worker VmRSS before", "VmHWM after", "growth", "VmRSS after"]


def memory_rows(exports: list[ExportSet]) -> list[list[str]]:
    return [
        [
            export.label,
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
    for target, (label, floor) in LIST_FLOORS.items():
        ratio_floor(f"{label}, req/s / bare view's", [p.ratio for p in pairs if p.target == target], floor)
    deep = [
        r["cases_deep"].result.rps / r["cases"].result.rps
        for r in by_rep.values()
        if {"cases", "cases_deep"} <= r.keys()
    ]
    ratio_floor(f"page {DEEP_PAGE}, req/s / first page's (same rep)", deep, 0.8)
    # Every export but the 1,000,000-row copy's (measured for its memory): the case export, the hand-outs.
    for export in exports:
        if export.rows < MILLION:
            name = f"CSV export ({export.label}) rows/s / psql \\copy's (same rep)"
            ratio_floor(name, [run.ratio for run in export.runs], 0.25)
    for export in exports:
        results.append(
            {
                "name": f"worker memory growth, export ({export.label}) of {export.rows:,} rows (MiB)",
                "values": [export.growth_mib],
                "median": export.growth_mib,
                "floor": 32,
                "holds": export.growth_mib < 32,
                "below": True,
            }
        )
    results += venue_bench.plan_ceilings(pairs)
    return results


def floor_rows(results: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for result in results:
        values = result["values"]
        if result.get("below"):
            measured, required = f"+{result['median']:.1f}", f"< {result['floor']}"
        elif result.get("ceiling"):
            measured, required = triple(values, fmt_ratio), f"<= {result['floor']}"
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
