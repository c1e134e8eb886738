"""In-process figures (a subprocess running bench.inprocess) and the HTTP load: gunicorn on loopback,
login, wrk on each target right after the bare view, in every repetition."""

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from bench.options import BARE, DEMO_PASSWORD, HOST, LOGIN_USER, ROOT, BenchError, Options, Target, log
from bench.seeding import last_lines


def inprocess_figures(opts: Options, env: dict[str, str], tmp: Path) -> dict[str, dict[str, Any]]:
    log(f"in-process figures (test client, median of {opts.calls} calls x {opts.reps} reps)")
    out = tmp / "inprocess.json"
    targets = json.dumps([asdict(t) for t in (BARE, *opts.targets)])
    command = [sys.executable, "-m", "bench.inprocess", "--targets", targets, "--user", LOGIN_USER]
    command += ["--calls", str(opts.calls), "--reps", str(opts.reps), "--out", str(out)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"in-process figures failed:\n{last_lines(result.stdout + result.stderr)}")
    return json.loads(out.read_text())


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    cookies: SimpleCookie
    body: bytes


def http_get(port: int, path: str, cookie: str = "", timeout: float = 10) -> Response:
    return http_request(port, "GET", path, cookie=cookie, timeout=timeout)


def http_request(
    port: int, method: str, path: str, *, cookie: str = "", body: bytes | None = None, timeout: float = 10
) -> Response:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        cookies = SimpleCookie()
        # The cookies are Secure (DEBUG off); a browser would not send them over http, so they are
        # handled by hand here and passed to wrk as a header.
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        return Response(response.status, cookies, response.read())
    finally:
        connection.close()


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]

    def worker_pids(self) -> list[int]:
        """gunicorn's workers: the children of the master process."""
        with contextlib.suppress(OSError):
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
            return [int(pid) for pid in children.split()]
        return []


@contextlib.contextmanager
def gunicorn(opts: Options, env: dict[str, str], log_path: Path, workers: int | None = None) -> Iterator[Server]:
    """Serve config.wsgi on a free loopback port; yield the server; always stop the process group."""
    workers = workers or opts.workers
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    command += ["--bind", f"{HOST}:{port}", "--workers", str(workers), "--worker-class", "sync"]
    # The default 30 s would kill a worker in the middle of a long export on a busy machine.
    command += ["--timeout", str(opts.gunicorn_timeout)]
    command += ["--no-control-socket", "--log-level", "warning", "--error-logfile", "-"]
    log(f"gunicorn: {workers} sync worker(s) on http://{HOST}:{port}/ (log: {log_path})")
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_until_ready(process, port, log_path)
            yield Server(port, process)
        finally:
            stop_process_group(process)


def wait_until_ready(process: subprocess.Popen[bytes], port: int, log_path: Path, limit: float = 30) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}:\n{tail(log_path)}")
        with contextlib.suppress(OSError):
            if http_get(port, "/healthz/", timeout=2).status == 200:
                return
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer /healthz/ within {limit:.0f} s:\n{tail(log_path)}")


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM gunicorn's process group (master and workers: graceful, a few seconds), then SIGKILL what is left."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not skip this
    try:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            log("gunicorn did not stop within 15 s: SIGKILL")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # stray workers, if any
        process.wait()
        log("gunicorn stopped")
    finally:
        signal.signal(signal.SIGINT, previous)


def tail(path: Path, count: int = 30) -> str:
    with contextlib.suppress(OSError):
        return last_lines(path.read_text(errors="replace"), count)
    return ""


def login(port: int, username: str, password: str) -> str:
    """Log in through the real form; return a Cookie header value for wrk."""
    page = http_get(port, "/accounts/login/")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if page.status != 200 or match is None or "csrftoken" not in page.cookies:
        raise BenchError(f"GET /accounts/login/ answered {page.status} without a CSRF token")
    form = {"username": username, "password": password, "csrfmiddlewaretoken": match.group(1).decode()}
    response = http_request(
        port,
        "POST",
        "/accounts/login/",
        cookie=f"csrftoken={page.cookies['csrftoken'].value}",
        body=urllib.parse.urlencode(form).encode(),
    )
    if response.status != 302 or "sessionid" not in response.cookies:
        raise BenchError(f"login as {username} failed (status {response.status}): is DEMO_PASSWORD right?")
    csrf = response.cookies["csrftoken"].value if "csrftoken" in response.cookies else page.cookies["csrftoken"].value
    return f"sessionid={response.cookies['sessionid'].value}; csrftoken={csrf}"


def login_all(port: int, targets: Sequence[Target]) -> dict[str, str]:
    """A session cookie per user that the targets log in as."""
    cookies: dict[str, str] = {}
    for user in sorted({target.user for target in targets if target.login}):
        cookies[user] = login(port, user, DEMO_PASSWORD)
        log(f"logged in as {user}")
    return cookies


def cookie_for(target: Target, cookies: dict[str, str]) -> str:
    return cookies[target.user] if target.login else ""


def check_target(port: int, target: Target, cookies: dict[str, str], when: str) -> None:
    """wrk counts a redirect as a success: make sure the page really answers as expected."""
    response = http_get(port, target.path, cookie=cookie_for(target, cookies))
    if response.status != target.expect_status:
        hint = " (session expired or not logged in?)" if response.status in (301, 302) else ""
        raise BenchError(
            f"{target.name}: GET {target.path} answered {response.status} {when} the run, "
            f"expected {target.expect_status}{hint}"
        )
    if target.expect_text and target.expect_text.encode() not in response.body:
        raise BenchError(f"{target.name}: GET {target.path} does not show {target.expect_text!r} ({when} the run)")


_TIME_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}
_SIZE_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


@dataclass
class WrkResult:
    rps: float
    requests: int
    bytes_read: float
    latency_ms: dict[str, float]  # "50", "75", "90", "99"
    socket_errors: dict[str, int] = field(default_factory=dict)
    non_2xx_3xx: int = 0

    @property
    def errors(self) -> int:
        return sum(self.socket_errors.values()) + self.non_2xx_3xx

    @property
    def kib_per_response(self) -> float:
        return self.bytes_read / self.requests / 1024 if self.requests else 0.0


def parse_wrk(output: str) -> WrkResult:
    def number(pattern: str) -> re.Match[str]:
        match = re.search(pattern, output)
        if match is None:
            raise BenchError(f"unexpected wrk output (no {pattern!r}):\n{output}")
        return match

    latency = {
        pct: float(value) * _TIME_UNITS[unit]
        for pct, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m|h)\s*$", output, re.MULTILINE)
    }
    if "50" not in latency or "99" not in latency:
        raise BenchError(f"unexpected wrk output (no latency distribution):\n{output}")
    total = number(r"(\d+) requests in [\d.]+\w+, ([\d.]+)(B|KB|MB|GB|TB) read")
    socket_errors: dict[str, int] = {}
    if match := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        socket_errors = dict(zip(("connect", "read", "write", "timeout"), map(int, match.groups()), strict=True))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return WrkResult(
        rps=float(number(r"Requests/sec:\s+([\d.]+)").group(1)),
        requests=int(total.group(1)),
        bytes_read=float(total.group(2)) * _SIZE_UNITS[total.group(3)],
        latency_ms=latency,
        socket_errors=socket_errors,
        non_2xx_3xx=int(non_2xx.group(1)) if non_2xx else 0,
    )


def run_wrk(opts: Options, port: int, target: Target, cookies: dict[str, str], seconds: int) -> WrkResult:
    command = ["wrk", "-t", str(opts.threads), "-c", str(opts.connections), "-d", f"{seconds}s"]
    command += ["--timeout", f"{opts.timeout}s", "--latency"]
    if target.login:
        command += ["-H", f"Cookie: {cookies[target.user]}"]
    command.append(f"http://{HOST}:{port}{target.path}")
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"wrk failed on {target.path}:\n{result.stdout}{result.stderr}")
    return parse_wrk(result.stdout)


@dataclass
class Pair:
    rep: int
    target: str
    bare: WrkResult
    result: WrkResult

    @property
    def ratio(self) -> float:
        return self.result.rps / self.bare.rps if self.bare.rps else 0.0


def measure(opts: Options, port: int, cookies: dict[str, str]) -> list[Pair]:
    if opts.warmup:
        log(f"warm-up: {opts.warmup} s of wrk per URL")
        for target in (BARE, *opts.targets):
            check_target(port, target, cookies, "before")
            run_wrk(opts, port, target, cookies, opts.warmup)
    pairs: list[Pair] = []
    for rep in range(1, opts.reps + 1):
        for target in opts.targets:
            runs: list[WrkResult] = []
            for current in (BARE, target):
                check_target(port, current, cookies, "before")
                runs.append(run_wrk(opts, port, current, cookies, opts.duration))
                check_target(port, current, cookies, "after")
            pair = Pair(rep, target.name, bare=runs[0], result=runs[1])
            pairs.append(pair)
            errors = pair.result.errors + pair.bare.errors
            log(
                f"rep {rep}/{opts.reps} {target.name:<12} bare {pair.bare.rps:8.1f} req/s | "
                f"{target.name} {pair.result.rps:8.1f} req/s, p50 {pair.result.latency_ms['50']:.1f} ms, "
                f"p99 {pair.result.latency_ms['99']:.1f} ms | ratio {pair.ratio:.3g}"
                + (f" | {errors} ERRORS (see the wrk socket errors / non-2xx counts in the JSON)" if errors else "")
            )
    return pairs
