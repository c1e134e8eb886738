"""The container set-up: Dockerfile, docker-compose.yml and the entrypoint.

There is no Docker engine in CI, so the files are checked for agreeing with
each other and with the settings, and docker/entrypoint.sh is run for real
against PostgreSQL on this machine.
"""

import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import yaml
from psycopg import sql

from tests.test_settings import random_secret_key, settings_env_names, subprocess_env

ROOT = Path(__file__).resolve().parent.parent
ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
HEALTHCHECK = ROOT / "docker" / "healthcheck.py"


# --- Reading the files -------------------------------------------------------


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def service_environment(service: dict) -> dict[str, str]:
    """A service's `environment`, written as a mapping or as KEY=VALUE items."""
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {name: str(value) for name, value in environment.items()}


def env_example_names() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def dockerfile_final_stage() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the last stage, continuation lines joined."""
    text = re.sub(r"\\\n", " ", (ROOT / "Dockerfile").read_text())
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions[last_from:]


def dockerfile_env() -> dict[str, str]:
    values = {}
    for keyword, arguments in dockerfile_final_stage():
        if keyword == "ENV":
            values.update(item.split("=", 1) for item in shlex.split(arguments))
    return values


def dockerfile_instruction(name: str) -> str:
    found = [arguments for keyword, arguments in dockerfile_final_stage() if keyword == name]
    assert len(found) == 1, f"expected one {name} in the final stage, found {found}"
    return found[0]


def gunicorn_default_port() -> int:
    match = re.search(r'--bind\s+"0\.0\.0\.0:\$\{PORT:-(\d+)\}"', ENTRYPOINT.read_text())
    assert match, "entrypoint.sh binds gunicorn to 0.0.0.0:${PORT:-<default>}"
    return int(match.group(1))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- docker-compose.yml ------------------------------------------------------


def test_compose_has_db_and_web():
    assert {"db", "web"} <= set(compose()["services"])


def test_database_lives_on_a_named_volume():
    config = compose()
    mounts = config["services"]["db"]["volumes"]
    sources = {mount.split(":")[0]: mount.split(":")[1] for mount in mounts}
    assert sources.get("pgdata") == "/var/lib/postgresql/data"
    assert "pgdata" in config["volumes"]


def test_private_documents_live_on_a_named_volume():
    config = compose()
    media_root = service_environment(config["services"]["web"])["MEDIA_ROOT"]
    targets = {mount.split(":")[1]: mount.split(":")[0] for mount in config["services"]["web"]["volumes"]}
    assert media_root in targets, "MEDIA_ROOT is mounted from a volume"
    assert targets[media_root] in config["volumes"]
    assert dockerfile_env()["MEDIA_ROOT"] == media_root


def test_web_sets_only_settings_the_app_reads_and_documents():
    names = set(service_environment(compose()["services"]["web"]))
    assert names, "web has an environment"
    assert names - settings_env_names() == set(), "not read by config/settings.py"
    assert names - env_example_names() == set(), "not listed in .env.example"


def test_every_setting_the_app_reads_is_documented():
    assert settings_env_names() - env_example_names() == set()


def test_web_database_url_points_at_the_db_service():
    config = compose()
    db = service_environment(config["services"]["db"])
    url = urlsplit(service_environment(config["services"]["web"])["DATABASE_URL"])
    assert url.scheme in ("postgres", "postgresql")
    assert url.hostname == "db"
    assert url.port in (None, 5432)
    assert url.username == db["POSTGRES_USER"]
    assert url.password == db["POSTGRES_PASSWORD"]
    assert url.path.lstrip("/") == db["POSTGRES_DB"]


def test_web_waits_for_a_healthy_database():
    web = compose()["services"]["web"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(compose()["services"]["db"]["healthcheck"]["test"])


def test_web_runs_in_production_mode():
    environment = service_environment(compose()["services"]["web"])
    assert environment["DEBUG"] == "0"
    assert "SECRET_KEY" not in environment, "the secret comes from .env, not from this file"


def test_healthchecks_probe_healthz():
    web_check = compose()["services"]["web"]["healthcheck"]["test"]
    assert web_check[:2] == ["CMD", "python"]
    assert web_check[2].endswith("docker/healthcheck.py")
    assert json.loads(dockerfile_instruction("HEALTHCHECK").split("CMD", 1)[1]) == web_check[1:]
    assert '/healthz/"' in HEALTHCHECK.read_text()


def test_gunicorn_port_matches_the_published_port():
    web = compose()["services"]["web"]
    port = int(service_environment(web).get("PORT") or dockerfile_env().get("PORT") or gunicorn_default_port())
    assert port == gunicorn_default_port()
    # "8000:8000" or "127.0.0.1:8000:8000": the container side is last.
    container_ports = {int(str(mapping).split(":")[-1]) for mapping in web["ports"]}
    assert container_ports == {port}
    assert dockerfile_instruction("EXPOSE") == str(port)


# --- Dockerfile --------------------------------------------------------------


def test_dockerfile_entrypoint_is_the_script():
    entrypoint = json.loads(dockerfile_instruction("ENTRYPOINT"))
    assert len(entrypoint) == 1 and entrypoint[0].endswith("docker/entrypoint.sh")
    assert ENTRYPOINT.is_file()
    assert os.access(ENTRYPOINT, os.X_OK), "docker/entrypoint.sh must be executable (git update-index --chmod=+x)"


def test_dockerfile_builds_a_production_image():
    text = (ROOT / "Dockerfile").read_text()
    froms = re.findall(r"^FROM\s+(\S+)", text, flags=re.MULTILINE)
    assert froms and all(image == "python:3.13-slim" for image in froms)
    assert "pip install --no-deps ." in text
    assert "libpango-1.0-0" in text and "libpangoft2-1.0-0" in text
    assert "curl" not in text
    assert dockerfile_env()["DEBUG"] == "0"
    assert dockerfile_instruction("WORKDIR") == "/app"
    user = dockerfile_instruction("USER").split(":")[0]
    assert user not in ("root", "0")


def test_dockerignore_keeps_secrets_and_local_state_out():
    patterns = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", ".git", ".venv", "db.sqlite3*", "staticfiles", "private-media"} <= patterns
    # What the running app reads from /app must stay in the build context.
    needed = {"config", "core", "cases", "trainings", "venues", "templates", "static", "locale", "manage.py"}
    assert needed & {pattern.strip("/*") for pattern in patterns} == set()


# --- docker/entrypoint.sh and docker/healthcheck.py -------------------------


def test_entrypoint_is_posix_sh():
    text = ENTRYPOINT.read_text()
    assert text.startswith("#!/bin/sh\n")
    assert "\nset -eu\n" in text
    shell = shutil.which("dash") or "sh"  # dash knows no bashisms
    result = subprocess.run([shell, "-n", str(ENTRYPOINT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_entrypoint_runs_the_given_command_instead():
    result = subprocess.run(
        [str(ENTRYPOINT), "python", "-c", "import os; print(os.getcwd(), os.environ['DJANGO_SETTINGS_MODULE'])"],
        cwd="/",
        env=subprocess_env(PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(ROOT), "config.settings"]


def test_entrypoint_stops_at_once_on_a_broken_configuration(tmp_path):
    # Not retried like an unreachable database: no secret key, no server.
    result = subprocess.run(
        [str(ENTRYPOINT)],
        env=subprocess_env(
            DEBUG="0",
            STATIC_ROOT=str(tmp_path),
            PORT=str(free_port()),
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        ),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is missing or a placeholder" in result.stderr
    assert "waiting for the database" not in result.stderr


def load_healthcheck():
    namespace: dict = {}
    exec(compile(HEALTHCHECK.read_text(), str(HEALTHCHECK), "exec"), namespace)  # noqa: S102 (our own file)
    return namespace


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ("dinsos.palangkaraya.go.id", "dinsos.palangkaraya.go.id"),
        (" .palangkaraya.go.id, localhost", "palangkaraya.go.id"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_healthcheck_sends_an_allowed_host(allowed_hosts, host):
    assert load_healthcheck()["probe_host"](allowed_hosts) == host


def test_healthcheck_fails_when_nothing_answers():
    result = subprocess.run(
        [sys.executable, str(HEALTHCHECK)],
        env={**os.environ, "PORT": str(free_port())},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "healthcheck:" in result.stderr


# --- The entrypoint for real, against PostgreSQL -----------------------------


def postgres_server_url() -> str:
    """The maintenance database of the PostgreSQL the suite uses, or the local default."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(url)._replace(path="/postgres"))
    return "postgres://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def fresh_postgres_database() -> Iterator[str]:
    """An empty database of its own; dropped afterwards. Yields its URL."""
    server = postgres_server_url()
    try:
        connection = psycopg.connect(server, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL answers at {urlsplit(server).hostname}:{urlsplit(server).port}: {error}")
    name = f"dinsos_entrypoint_{secrets.token_hex(4)}"
    with connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def get(url: str, timeout: float = 5) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (local test server)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# About 15 s on an idle machine (collectstatic compresses ~800 files); over 120 s
# was seen on a machine at a load of 19. The wait ends as soon as /healthz/ answers.
STARTUP_SECONDS = 360


def wait_for_healthz(
    process: subprocess.Popen, url: str, log: Path, seconds: float = STARTUP_SECONDS
) -> tuple[int, bytes]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"entrypoint exited with {process.returncode}:\n{log.read_text()}")
        try:
            status, _headers, body = get(url, timeout=2)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
            continue
        if status == 200:
            return status, body
        time.sleep(0.3)
    pytest.fail(f"{url} did not answer 200 within {seconds:.0f} s:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    """Stop gunicorn and its workers: the whole process group."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def test_entrypoint_migrates_collects_static_and_serves(fresh_postgres_database, tmp_path):
    port = free_port()
    static_root = tmp_path / "staticfiles"
    log = tmp_path / "entrypoint.log"
    environment = subprocess_env(
        DEBUG="0",
        SECRET_KEY=random_secret_key(),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=fresh_postgres_database,
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(tmp_path / "private-media"),
        PORT=str(port),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    )
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(ENTRYPOINT)],
            cwd=tmp_path,  # the script finds the project by itself
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        status, body = wait_for_healthz(process, f"http://127.0.0.1:{port}/healthz/", log)
        assert status == 200
        assert json.loads(body) == {"status": "ok"}

        # collectstatic ran with the manifest storage, and WhiteNoise serves
        # the hashed names with a far-future cache header.
        manifest = json.loads((static_root / "staticfiles.json").read_text())
        hashed = manifest["paths"]["css/app.css"]
        assert hashed != "css/app.css"
        status, headers, _body = get(f"http://127.0.0.1:{port}/static/{hashed}")
        assert status == 200
        assert "immutable" in headers["Cache-Control"]

        # The container's health check agrees.
        probe = subprocess.run(
            [sys.executable, str(HEALTHCHECK)], env=environment, capture_output=True, text=True, timeout=30
        )
        assert probe.returncode == 0, probe.stderr

        with psycopg.connect(fresh_postgres_database) as connection:
            applied = connection.execute("SELECT count(*) FROM django_migrations WHERE app = 'core'").fetchone()
        assert applied[0] > 0, "migrate ran"
    finally:
        stop(process)
    output = log.read_text()
    assert '"GET /healthz/ HTTP/1.1" 200' in output, "gunicorn's access log goes to stdout"
    assert "[WARNING]" not in output and "[ERROR]" not in output, output


# --- manage.py check --deploy ------------------------------------------------


def test_check_deploy_finds_no_issues():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=subprocess_env(
            DEBUG="0",
            SECRET_KEY=random_secret_key(),
            ALLOWED_HOSTS="example.org",
            STATIC_MANIFEST="1",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
