"""The machine a run measured: cores, versions, load, CPU steal, the commit, a process's memory."""

import contextlib
import datetime as dt
import os
import platform
import subprocess
from importlib import metadata
from typing import Any

from bench.options import ROOT, Options, psql


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


def memory_kib(pid: int) -> dict[str, int]:
    with open(f"/proc/{pid}/status") as status:
        return {
            name: int(value.split()[0])
            for name, value in (line.split(":", 1) for line in status)
            if name in ("VmRSS", "VmHWM")
        }
