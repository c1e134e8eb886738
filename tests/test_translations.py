"""Translations: complete, compiled, and actually used.

CI fails here when a string is added or changed in the code without an
Indonesian translation, when a .po was edited but its .mo not recompiled, when
a third-party app without Indonesian (Unfold, django-filter, auditlog, ...) was
added or upgraded and locale_thirdparty/ lags, or when the language rules
(Indonesian unless the user picked English) break.
To fix the first three: `make messages` (or `make thirdparty-messages` for the
third-party apps), translate, remove the fuzzy flags, run `make messages`
again to compile.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PROJECT = Path(settings.BASE_DIR)
CATALOGS = sorted(po for path in settings.LOCALE_PATHS for po in Path(path).glob("*/LC_MESSAGES/*.po"))
ID_CATALOGS = [po for po in CATALOGS if po.parent.parent.name == "id"]
# What `make messages` scans: everything but these (see the Makefile).
MAKEMESSAGES_IGNORED = {".venv", "bench", "tests"}
# Files makemessages reads for the "django" domain, and the catalogs themselves.
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".po"}
SKIPPED_DIRS = {".git", "node_modules", "__pycache__", "static", "staticfiles", "private-media", "htmlcov"}

GETTEXT_TOOLS = ("msgattrib", "msgfmt", "msgmerge", "xgettext")


def gettext_tool(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def test_gettext_tools_are_installed():
    # Not a skip: without them the checks below would prove nothing.
    assert [tool for tool in GETTEXT_TOOLS if not shutil.which(tool)] == [], "apt-get install gettext"


def entries(po_text: str) -> list[tuple[str, list[str]]]:
    """(msgid, flags) of every entry but the header; msgctxt is prefixed as "context|"."""
    found = []
    for block in re.split(r"\n\s*\n", po_text.strip()):
        flags = [flag.strip() for line in block.splitlines() if line.startswith("#,") for flag in line[2:].split(",")]
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            keyword, _, rest = line.partition(" ")
            if line.startswith('"'):
                rest = line
            else:
                current = keyword
            if current is not None:
                fields[current] = fields.get(current, "") + rest.strip()[1:-1]
        msgid = fields.get("msgid", "")
        if "msgctxt" in fields:
            msgid = f"{fields['msgctxt']}|{msgid}"
        found.append((msgid, flags))
    return found


def untranslated(po: Path) -> list[str]:
    return [
        msgid for msgid, _flags in entries(gettext_tool("msgattrib", "--untranslated", "--no-wrap", str(po))) if msgid
    ]


def fuzzy(po: Path) -> list[str]:
    return [msgid or "(header)" for msgid, flags in entries(po.read_text(encoding="utf-8")) if "fuzzy" in flags]


def test_the_catalogs_are_where_settings_say():
    assert [Path(path).name for path in settings.LOCALE_PATHS] == ["locale", "locale_thirdparty"]
    assert {po.relative_to(PROJECT).as_posix() for po in ID_CATALOGS} == {
        "locale/id/LC_MESSAGES/django.po",
        "locale_thirdparty/id/LC_MESSAGES/django.po",
    }
    # English is the source language: its catalog exists (so English is declared) and may stay empty.
    assert (PROJECT / "locale/en/LC_MESSAGES/django.po").exists()


@pytest.mark.parametrize("po", ID_CATALOGS, ids=lambda po: po.relative_to(PROJECT).as_posix())
def test_every_indonesian_entry_is_translated(po):
    assert untranslated(po) == [], f"untranslated in {po.relative_to(PROJECT)}: translate, then `make messages`"


@pytest.mark.parametrize("po", ID_CATALOGS, ids=lambda po: po.relative_to(PROJECT).as_posix())
def test_no_indonesian_entry_is_fuzzy(po):
    assert fuzzy(po) == [], f"fuzzy in {po.relative_to(PROJECT)}: check the translation, remove the flag"


@pytest.mark.parametrize("po", CATALOGS, ids=lambda po: po.relative_to(PROJECT).as_posix())
def test_each_mo_is_compiled_from_its_po(po, tmp_path):
    fresh = tmp_path / "fresh.mo"
    gettext_tool("msgfmt", "--check", f"--output-file={fresh}", str(po))  # also: the .po is valid
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed.relative_to(PROJECT)} is missing: run `make messages`"
    with fresh.open("rb") as new, committed.open("rb") as old:
        expected, actual = gettext.GNUTranslations(new), gettext.GNUTranslations(old)
    assert actual._catalog == expected._catalog, f"{committed.relative_to(PROJECT)} is stale: run `make messages`"


def copy_sources(destination: Path) -> None:
    """The files makemessages reads, from the folders `make messages` scans."""
    for folder, subfolders, files in os.walk(PROJECT):
        here = Path(folder)
        subfolders[:] = [
            name
            for name in subfolders
            if name not in SKIPPED_DIRS and not (here == PROJECT and name in MAKEMESSAGES_IGNORED)
        ]
        for name in files:
            if Path(name).suffix in SOURCE_SUFFIXES:
                target = destination / (here / name).relative_to(PROJECT)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(here / name, target)


def test_every_string_in_the_code_has_an_indonesian_translation(tmp_path):
    """makemessages on a copy of the sources adds no untranslated or fuzzy entry to our catalog."""
    copy_sources(tmp_path)
    ours = PROJECT / "locale/id/LC_MESSAGES/django.po"
    before = ours.read_bytes()
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "id", "--no-obsolete"]
        + [f"--ignore={name}/*" for name in sorted(MAKEMESSAGES_IGNORED)],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    # The copy ran on its own settings (BASE_DIR = the copy), not on the project's catalog.
    assert ours.read_bytes() == before
    po = tmp_path / "locale/id/LC_MESSAGES/django.po"
    missing = [f"untranslated: {msgid}" for msgid in untranslated(po)]
    missing += [f"fuzzy (changed in the code): {msgid}" for msgid in fuzzy(po)]
    assert not missing, (
        "Strings in the code lack an Indonesian translation. Run `make messages`, translate them in "
        "locale/id/LC_MESSAGES/django.po, remove the fuzzy flags, run `make messages` again.\n" + "\n".join(missing)
    )


def test_the_thirdparty_catalog_matches_the_installed_packages():
    result = subprocess.run(
        [sys.executable, str(PROJECT / "locale_thirdparty/messages.py"), "--check"],
        env={**os.environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_pages_are_in_indonesian_by_default(client):
    response = client.get("/accounts/login/")
    assert response["Content-Language"] == "id"
    assert '<html lang="id">' in response.text
    assert "Masuk" in response.text
    assert "Log in" not in response.text


@pytest.mark.django_db
def test_an_english_browser_still_gets_indonesian(client):
    response = client.get("/accounts/login/", headers={"accept-language": "en-US,en;q=0.9"})
    assert response["Content-Language"] == "id"
    assert "Masuk" in response.text


@pytest.mark.django_db
def test_the_language_switch_turns_english_on_and_off(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    english = client.get("/accounts/login/")
    assert english["Content-Language"] == "en"
    assert "Log in" in english.text
    assert "Masuk" not in english.text

    client.post("/i18n/setlang/", {"language": "id", "next": "/accounts/login/"})
    assert "Masuk" in client.get("/accounts/login/").text


@pytest.mark.django_db
def test_the_admin_login_shows_unfolds_strings_in_indonesian(client):
    text = client.get("/admin/login/").text
    # Unfold's own strings, from locale_thirdparty/ (Unfold ships no Indonesian).
    assert "Selamat datang kembali di" in text  # "Welcome back to"
    assert "Kembali ke situs" in text  # "Return to site"
    assert "Terang" in text  # "Light" (theme switch)
    assert "Welcome back to" not in text
    # Django's admin strings, from Django's own catalog.
    assert "Nama pengguna" in text


@pytest.mark.django_db
def test_the_admin_speaks_english_after_the_switch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get("/admin/login/").text
    assert "Welcome back to" in text
    assert "Return to site" in text
    assert "Kembali ke situs" not in text
