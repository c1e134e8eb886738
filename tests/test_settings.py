"""Settings from the environment: refusals at start-up, production defaults,
security headers, the idle session timeout and the health check.

Start-up behaviour is tested in subprocesses: settings are evaluated once per
process, and the failures under test stop the process.
"""

import json
import os
import re
import secrets
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from config import env
from config.settings import DEMO_SECRET_KEY
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
SETTINGS_FILE = ROOT / "config" / "settings.py"


def settings_env_names() -> set[str]:
    """Every environment variable config/settings.py reads."""
    text = SETTINGS_FILE.read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z][A-Z0-9_]*)"', text))
    if "dj_database_url" in text:
        names.add("DATABASE_URL")
    return names


def random_secret_key() -> str:
    return secrets.token_urlsafe(45)  # 60 characters


def subprocess_env(**overrides: str) -> dict[str, str]:
    """This process's environment minus every app setting (pytest-env sets some), plus overrides."""
    dropped = settings_env_names() | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ = {name: value for name, value in os.environ.items() if name not in dropped}
    environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    environ.update(overrides)
    return environ


def start_django(**environ: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=subprocess_env(**environ),
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_in_subprocess(names: list[str], **environ: str) -> dict[str, object]:
    code = (
        "import json, sys, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({name: getattr(settings, name) for name in sys.argv[1:]}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *names],
        cwd=ROOT,
        env=subprocess_env(**environ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# --- Refusals at start-up ----------------------------------------------------


def test_production_without_secret_key_refuses_to_start():
    result = start_django(DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is missing or a placeholder" in result.stderr


@pytest.mark.parametrize(
    "secret_key",
    ["change-me", "CHANGE-ME", DEMO_SECRET_KEY, "django-insecure-" + "x" * 50, "short-but-random-Zq8u"],
    ids=["change-me", "change-me-upper", "demo-key", "django-insecure", "short"],
)
def test_production_with_placeholder_secret_key_refuses_to_start(secret_key):
    result = start_django(DEBUG="0", SECRET_KEY=secret_key)
    assert result.returncode != 0
    assert "SECRET_KEY is missing or a placeholder" in result.stderr


def test_production_with_a_real_secret_key_starts():
    assert start_django(DEBUG="0", SECRET_KEY=random_secret_key()).returncode == 0


def test_demo_runs_on_the_demo_key():
    # The contrast: only DEBUG on may fall back to the well-known key.
    assert settings_in_subprocess(["SECRET_KEY"], DEBUG="1") == {"SECRET_KEY": DEMO_SECRET_KEY}


def test_bad_boolean_fails_loudly():
    result = start_django(DEBUG="maybe", SECRET_KEY=random_secret_key())
    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG must be one of" in result.stderr
    assert "'maybe'" in result.stderr


def test_bad_integer_fails_loudly():
    result = start_django(DEBUG="0", SECRET_KEY=random_secret_key(), CONN_MAX_AGE="abc")
    assert result.returncode != 0
    assert "ImproperlyConfigured: CONN_MAX_AGE must be a whole number; got 'abc'" in result.stderr


# --- config/env.py helpers ---------------------------------------------------


def test_env_str(monkeypatch):
    monkeypatch.delenv("X_TEST", raising=False)
    assert env.env_str("X_TEST") == ""
    assert env.env_str("X_TEST", "fallback") == "fallback"
    monkeypatch.setenv("X_TEST", "  padded  ")
    assert env.env_str("X_TEST", "fallback") == "padded"


@pytest.mark.parametrize("raw", ["1", "true", "True", "YES", "on", " on "])
def test_env_bool_true(monkeypatch, raw):
    monkeypatch.setenv("X_TEST", raw)
    assert env.env_bool("X_TEST", default=False) is True


@pytest.mark.parametrize("raw", ["0", "false", "FALSE", "no", "off", ""])
def test_env_bool_false(monkeypatch, raw):
    monkeypatch.setenv("X_TEST", raw)
    assert env.env_bool("X_TEST", default=True) is False


def test_env_bool_unset_is_the_default(monkeypatch):
    monkeypatch.delenv("X_TEST", raising=False)
    assert env.env_bool("X_TEST", default=True) is True
    assert env.env_bool("X_TEST") is False


@pytest.mark.parametrize("raw", ["maybe", "2", "y", "enabled"])
def test_env_bool_refuses_anything_else(monkeypatch, raw):
    monkeypatch.setenv("X_TEST", raw)
    with pytest.raises(ImproperlyConfigured, match=r"X_TEST must be one of .* got '" + raw):
        env.env_bool("X_TEST")


def test_env_int(monkeypatch):
    monkeypatch.delenv("X_TEST", raising=False)
    assert env.env_int("X_TEST", 600) == 600
    monkeypatch.setenv("X_TEST", "  ")
    assert env.env_int("X_TEST", 600) == 600
    monkeypatch.setenv("X_TEST", "0")
    assert env.env_int("X_TEST", 600) == 0
    monkeypatch.setenv("X_TEST", " 42 ")
    assert env.env_int("X_TEST", 600) == 42


@pytest.mark.parametrize("raw", ["abc", "1.5", "10s"])
def test_env_int_refuses_non_numbers(monkeypatch, raw):
    monkeypatch.setenv("X_TEST", raw)
    with pytest.raises(ImproperlyConfigured, match="X_TEST must be a whole number"):
        env.env_int("X_TEST", 0)


def test_env_list(monkeypatch):
    default = ["a"]
    monkeypatch.delenv("X_TEST", raising=False)
    result = env.env_list("X_TEST", default)
    assert result == ["a"]
    result.append("b")
    assert default == ["a"]  # a copy: callers may not change the default
    assert env.env_list("X_TEST") == []
    monkeypatch.setenv("X_TEST", " one.example , ,two.example,")
    assert env.env_list("X_TEST", default) == ["one.example", "two.example"]
    monkeypatch.setenv("X_TEST", "")
    assert env.env_list("X_TEST", default) == []


# --- Database ----------------------------------------------------------------


def test_no_database_url_means_sqlite_in_the_project_folder():
    databases = settings_in_subprocess(["DATABASES"], DEBUG="1")["DATABASES"]
    assert databases["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(databases["default"]["NAME"]) == ROOT / "db.sqlite3"


def test_database_url_is_used(tmp_path):
    url = "postgres://someone:secret@db.internal:6543/dinsos"
    databases = settings_in_subprocess(["DATABASES"], DEBUG="1", DATABASE_URL=url)["DATABASES"]
    assert databases["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert (databases["default"]["HOST"], databases["default"]["PORT"]) == ("db.internal", 6543)
    assert databases["default"]["NAME"] == "dinsos"


def test_postgresql_uses_prepared_statements_unless_turned_off():
    url = "postgres://someone:secret@db.internal:6543/dinsos"
    options = settings_in_subprocess(["DATABASES"], DEBUG="1", DATABASE_URL=url)["DATABASES"]["default"]["OPTIONS"]
    assert options == {
        "server_side_binding": True,
        "prepare_threshold": 5,
        "options": "-c jit=off -c enable_memoize=off",
    }
    off = settings_in_subprocess(["DATABASES"], DEBUG="1", DATABASE_URL=url, PG_PREPARE_THRESHOLD="0")
    assert "server_side_binding" not in off["DATABASES"]["default"].get("OPTIONS", {})


@pytest.mark.django_db
def test_postgresql_does_not_jit_compile_the_apps_queries():
    """The monthly round's query (venues.rounds) is estimated above jit_above_cost at 2,000 venues:
    seconds of compiling for milliseconds of work."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SHOW enable_memoize")  # a page of follow-ups: 3 ms with Memoize, 0.25 ms without
        assert cursor.fetchone()[0] == "off"


def test_live_database_keeps_checked_persistent_connections():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


# --- Production settings -----------------------------------------------------


def test_production_settings_are_secure_by_default():
    values = settings_in_subprocess(
        [
            "DEBUG",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "LANGUAGE_COOKIE_SECURE",
            "SESSION_COOKIE_HTTPONLY",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "ALLOWED_HOSTS",
            "STORAGES",
        ],
        DEBUG="0",
        SECRET_KEY=random_secret_key(),
    )
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["ALLOWED_HOSTS"] == []  # nothing is served until the hosts are named
    assert values["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_production_response_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = csp_directives(response.headers["Content-Security-Policy"])
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'self'" in csp["script-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_hsts_on_https_requests(client):
    response = client.get("/accounts/login/", secure=True)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


# --- Sessions ----------------------------------------------------------------


def log_in(client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "login failed"


def test_session_cookie_is_http_only_secure_and_short_lived(client, caseworker):
    log_in(client, caseworker)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 1800


def test_session_expires_after_30_idle_minutes(client, caseworker):
    log_in(client, caseworker)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.wsgi_request.session.get_expiry_age() == 30 * 60


def test_activity_pushes_the_session_expiry_forward(client, caseworker):
    log_in(client, caseworker)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    # The last refresh was 25 minutes ago: 5 minutes of the session are left.
    session = SessionStore(key)
    session["_last_refresh"] = int(time.time()) - 25 * 60
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=5))

    before = timezone.now()
    response = client.get(reverse("home"))

    assert response.status_code == 200
    expire_date = Session.objects.get(session_key=key).expire_date
    assert expire_date >= before + timedelta(seconds=settings.SESSION_COOKIE_AGE - 1)
    assert SessionStore(key)["_last_refresh"] >= int(before.timestamp())
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 1800


def test_session_is_not_saved_again_within_the_refresh_interval(client, caseworker):
    log_in(client, caseworker)
    client.get(reverse("home"))  # the first request after login refreshes
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    marker = timezone.now() + timedelta(minutes=7)
    Session.objects.filter(session_key=key).update(expire_date=marker)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert Session.objects.get(session_key=key).expire_date == marker  # no database write
    assert settings.SESSION_COOKIE_NAME not in response.cookies


# --- Health check ------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_is_ok_without_login(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}  # nothing beyond the status
    assert "no-cache" in response.headers["Cache-Control"]


def _database_down(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client):
    # Django's own hook around every query on this connection: the view's
    # SELECT 1 fails just as it would with the server gone.
    with connection.execute_wrapper(_database_down):
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


@pytest.mark.django_db
def test_healthz_answers_get_only(client):
    assert client.post("/healthz/").status_code == 405
