"""Browser tests: headless Chromium (Debian's, not Playwright's download) against
pytest-django's live server, driven by Playwright's sync API.

pytest-playwright provides the session-wide `browser` and a fresh `context` /
`page` per test; this file only says which Chromium to launch, gives every test
a desktop and a phone viewport, collects console errors (CSP violations are
console errors in Chromium) and saves screenshots to test-results/screenshots/:
<test-id>.png when a test fails, <role>-<page>-<viewport>.png on purpose.

Run: .venv/bin/python -m pytest tests/browser -q
Without Chromium the tests are skipped, unless REQUIRE_BROWSER=1 (CI) makes
that an error.
"""

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Also set by pytest-env: Playwright's sync API runs an event loop in the main
# thread, and Django refuses ORM calls next to a running loop unless told this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"

# The closed network here refuses Chromium's connections unless its background
# traffic (component updates, sync, QUIC probes) is switched off.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
# Bootstrap skips its collapse and fade animations then: no waiting for them.
CONTEXT_ARGS = {"reduced_motion": "reduce", "locale": "id-ID", "timezone_id": "Asia/Jakarta"}


def find_chromium() -> str | None:
    """$CHROMIUM (a path or a command name) if set, else chromium on the PATH."""
    if configured := os.environ.get("CHROMIUM"):
        return shutil.which(configured)
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, pointed at the system Chromium."""
    executable = find_chromium()
    if executable is None:
        where = f"CHROMIUM={os.environ['CHROMIUM']} is not an executable" if os.environ.get("CHROMIUM") else ""
        message = f"Chromium not found: apt-get install chromium (or set CHROMIUM=/path/to/chromium) {where}".strip()
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}", pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": executable, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session", autouse=True)
def _fresh_screenshots():
    """Screenshots are from this run only (left alone by pytest-xdist's workers, which would race)."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        shutil.rmtree(SCREENSHOT_DIR, ignore_errors=True)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """The live server: pages open relative URLs, page.goto("/admin/")."""
    return live_server.url


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request) -> str:
    """Every browser test runs at desktop width (1280x800) and on a phone (390x844, touch)."""
    return request.param


@pytest.fixture
def context(new_context, viewport):
    context = new_context(**CONTEXT_ARGS, **VIEWPORTS[viewport])
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(15_000)
    return context


@dataclass
class ConsoleLog:
    """Console errors (CSP violations included) and uncaught exceptions, by page."""

    entries: list[tuple[str, str]] = field(default_factory=list)  # (page URL, message)

    def errors(self, *, admin: bool = False) -> list[str]:
        """Errors on the app's pages, or (admin=True) on the Unfold admin's."""
        return [f"{url}: {text}" for url, text in self.entries if ("/admin/" in url) == admin]


@pytest.fixture
def console(page) -> ConsoleLog:
    log = ConsoleLog()

    def on_console(message):
        if message.type == "error":
            # A resource's error carries the resource's URL (e.g. /favicon.ico);
            # it is the page that asked for it that counts.
            source = message.location.get("url") or ""
            log.entries.append((page.url, f"{message.text} [{source}]" if source else message.text))

    page.on("console", on_console)
    page.on("pageerror", lambda error: log.entries.append((page.url, f"uncaught {error.name}: {error.message}")))
    return log


@pytest.fixture
def screenshot(page, viewport):
    """screenshot(role, name): a full-page PNG for humans to review."""

    def take(role: str, name: str) -> Path:
        path = SCREENSHOT_DIR / f"{role}-{name}-{viewport}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when != "call" or not report.failed or page is None:
        return
    # <test-id>.png, e.g. test_roles-test_role_journey[phone-chromium-admin].png
    test_id = f"{item.path.stem}-{item.name}"
    path = SCREENSHOT_DIR / (re.sub(r"[^\w.\-\[\]]+", "_", test_id) + ".png")
    try:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=path, full_page=True, timeout=5_000)
    except Exception as error:  # a failed screenshot must not hide the test's own failure
        report.sections.append(("screenshot", f"could not save {path}: {error}"))
    else:
        report.sections.append(("screenshot", f"saved {path} (page was {page.url})"))
