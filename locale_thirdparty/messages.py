"""Refresh the Indonesian catalog for third-party apps that ship none (or an incomplete one).

Installed apps that are neither Django's nor ours and have no `id` catalog
(django-unfold, django-filter, django-auditlog, ...) are found from
INSTALLED_APPS; a new one makes `--check` (and so the test suite) fail until
this is run. Their strings are kept here, apart from our own `locale/`, so `makemessages` on the project never
rewrites or obsoletes them; LOCALE_PATHS lists this folder after `locale/`.

    DEBUG=1 .venv/bin/python locale_thirdparty/messages.py          # extract, merge, compile
    DEBUG=1 .venv/bin/python locale_thirdparty/messages.py --check  # exit 1 if the .po lags

Extraction works as `makemessages` does: Python files go to xgettext as they
are, templates first through Django's `templatize`. Strings that Django's own
`id` catalogs (of the installed apps) already translate are left out: the
admin then reads the same words as in Django's own pages. After an upgrade,
`make thirdparty-messages` adds new strings untranslated and changed ones
marked fuzzy; translate them, remove the fuzzy flags, and compile with
`make messages` (tests/test_translations.py fails until then).
"""

import argparse
import gettext
import importlib.metadata
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
LANGUAGE = "id"
PO_PATH = HERE / LANGUAGE / "LC_MESSAGES" / "django.po"
TEMPLATE_SUFFIXES = {".html", ".txt"}
# Translated by Django, but in words that read wrong where these apps use them
# (or with a typo); kept here so our translation wins.
OVERRIDES = {
    "Run",  # Django: "Berjalan" (is running); Unfold's action button needs "Jalankan"
    "entry",  # Django: "masukan" (feedback); Unfold's history counts entries
    "%(counter)s result",  # Django: "%(counter)s buah"
    "Remove from sorting",  # Django: "Dihapus dari pengurutan"
    "Please correct the error below.",  # Django: "dibawah"
    "Thanks for spending some quality time with the web site today.",
    "Items must be selected in order to perform actions on them. No items have been changed.",
    "Deleting %(class_name)s %(instance)s would require deleting the following protected related objects: "
    "%(related_objects)s",  # Django: "penghapusanobjek"
    "Failed Logins",  # django-axes: "Login Gagal"
    "User Agent",  # django-axes: "User Agent"
    "Logout Time",  # django-axes: "Waktu Logout"
}
# Apps that ship an Indonesian catalog with gaps: their strings are extracted too, less those
# their own catalog translates (ours adds the rest; LOCALE_PATHS come before the apps' own).
INCOMPLETE = {
    "axes",  # django-axes: its admin's "Locked Out", "Not set", "Expires At"... are missing
}
# The keywords `makemessages` passes to xgettext for the "django" domain.
XGETTEXT = [
    "xgettext",
    "--language=Python",
    "--from-code=UTF-8",
    "--add-comments=Translators",
    "--add-location=file",
    "--sort-by-file",
    "--no-wrap",
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
    "--output=-",
]


def setup_django() -> None:
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def django_translated_keys() -> set[str]:
    """Catalog keys ("msgid" or "context\\x04msgid") translated by Django itself (its core catalog
    and those of the installed django.contrib apps) and by the INCOMPLETE apps' own catalogs."""
    import django
    from django.apps import apps

    paths = [Path(django.__file__).parent / "conf" / "locale"]
    paths += [Path(app.path) / "locale" for app in apps.get_app_configs() if app.name.startswith("django.contrib.")]
    paths += [package_root(package) / "locale" for package in sorted(INCOMPLETE)]
    keys: set[str] = set()
    for path in paths:
        mo = path / LANGUAGE / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            with mo.open("rb") as handle:
                catalog = gettext.GNUTranslations(handle)._catalog
            keys.update(key[0] if isinstance(key, tuple) else key for key in catalog if key)
    return keys


def package_root(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise SystemExit(f"{package} is not installed")
    return Path(spec.origin).parent


def thirdparty_packages() -> dict[str, str]:
    """{top-level package: distribution} of the installed apps that are neither
    Django's nor ours and ship no Indonesian catalog (Unfold, django-filter, ...)."""
    from django.apps import apps

    distributions = importlib.metadata.packages_distributions()
    packages: dict[str, str] = {}
    for app in apps.get_app_configs():
        package = app.name.split(".")[0]
        root = package_root(package)
        if package == "django" or root.parent == PROJECT:
            continue
        if package in INCOMPLETE or not list((root / "locale" / LANGUAGE / "LC_MESSAGES").glob("django.*")):
            packages[package] = distributions.get(package, [package])[0]
    return dict(sorted(packages.items()))


def extract(workdir: Path) -> str:
    """The .pot text of every package of thirdparty_packages(), paths relative to site-packages."""
    from django.utils.translation.template import templatize

    sources: list[str] = []
    for package in thirdparty_packages():
        root = package_root(package)
        for path in sorted(root.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            relative = Path(package) / path.relative_to(root)
            if path.suffix == ".py":
                text = path.read_text(encoding="utf-8")
                target = workdir / relative
            elif path.suffix in TEMPLATE_SUFFIXES and "templates" in relative.parts:
                text = templatize(path.read_text(encoding="utf-8"), origin=str(relative))
                target = workdir / f"{relative}.py"
            else:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            sources.append(str(target.relative_to(workdir)))
    files = workdir / "files.txt"
    files.write_text("\n".join(sources) + "\n", encoding="utf-8")
    pot = subprocess.run(  # noqa: S603 (xgettext on the files listed above)
        [*XGETTEXT, f"--files-from={files}"], cwd=workdir, check=True, capture_output=True, text=True
    ).stdout
    # Templates were extracted from "x.html.py": point the references back at "x.html".
    return re.sub(r"(\.html|\.txt)\.py\b", r"\1", pot)


def split_entries(po_text: str) -> list[str]:
    return [block for block in re.split(r"\n\s*\n", po_text.strip()) if block.strip()]


def _field(block: str, name: str) -> str | None:
    """The unescaped value of a field such as msgid or msgctxt (None if absent)."""
    match = re.search(rf'^{name} ((?:".*"\n?)+)', block + "\n", re.MULTILINE)
    if not match:
        return None
    parts = re.findall(r'^"(.*)"$', match.group(1), re.MULTILINE)
    return "".join(parts).encode("latin-1", "backslashreplace").decode("unicode_escape")


def entry_key(block: str) -> str | None:
    """The catalog key of a .po/.pot entry; None for the header and obsolete entries."""
    lines = [line for line in block.splitlines() if not line.startswith("#")]
    body = "\n".join(lines)
    msgid = _field(body, "msgid")
    if not msgid:
        return None
    context = _field(body, "msgctxt")
    return f"{context}\x04{msgid}" if context is not None else msgid


def build_pot(workdir: Path) -> str:
    """Extracted strings minus those Django already translates."""
    known = django_translated_keys() - OVERRIDES
    entries = split_entries(extract(workdir))
    header, body = entries[0], entries[1:]
    kept = [entry for entry in body if entry_key(entry) not in known]
    return "\n\n".join([header, *kept]) + "\n"


def project_id() -> str:
    versions = ", ".join(f"{dist} {importlib.metadata.version(dist)}" for dist in thirdparty_packages().values())
    return f"third-party apps ({versions})"


def new_po_header() -> str:
    return (
        "# Indonesian translations of third-party apps that ship none.\n"
        "# Refreshed by `make thirdparty-messages` (locale_thirdparty/messages.py).\n"
        'msgid ""\n'
        'msgstr ""\n'
        f'"Project-Id-Version: {project_id()}\\n"\n'
        '"Report-Msgid-Bugs-To: \\n"\n'
        f'"PO-Revision-Date: {datetime.now(UTC):%Y-%m-%d %H:%M+0000}\\n"\n'
        '"Last-Translator: Dinsos Palangka Raya\\n"\n'
        '"Language-Team: Dinsos Palangka Raya\\n"\n'
        f'"Language: {LANGUAGE}\\n"\n'
        '"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
        '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
    )


def po_keys(po_text: str) -> set[str]:
    return {key for block in split_entries(po_text) if (key := entry_key(block)) is not None}


def run(*args: str) -> None:
    subprocess.run(args, check=True)  # noqa: S603 (gettext tools with our own arguments)


def update() -> None:
    if not PO_PATH.exists():
        # A new catalog starts as an Indonesian header alone; msgmerge adds the
        # entries (plural ones with Indonesian's single form).
        PO_PATH.parent.mkdir(parents=True, exist_ok=True)
        PO_PATH.write_text(new_po_header(), encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        pot_path = Path(tmp) / "django.pot"
        pot_path.write_text(build_pot(Path(tmp) / "src"), encoding="utf-8")
        # New strings come in untranslated, changed ones fuzzy (with the old msgid as a hint).
        options = ["--add-location=file", "--no-wrap"]
        run("msgmerge", "--quiet", "--update", "--backup=none", "--previous", *options, str(PO_PATH), str(pot_path))
    run("msgattrib", "--no-obsolete", *options, f"--output-file={PO_PATH}", str(PO_PATH))
    # msgmerge keeps the old header: record the package versions of this extraction.
    po = PO_PATH.read_text(encoding="utf-8")
    po = re.sub(r'^"Project-Id-Version: .*\\n"$', f'"Project-Id-Version: {project_id()}\\\\n"', po, count=1, flags=re.M)
    PO_PATH.write_text(po, encoding="utf-8")
    run("msgfmt", "--check", f"--output-file={PO_PATH.with_suffix('.mo')}", str(PO_PATH))
    print(f"Updated and compiled {PO_PATH.relative_to(PROJECT)}")


def check() -> int:
    """0 when the .po holds exactly the strings the installed packages need."""
    with tempfile.TemporaryDirectory() as tmp:
        wanted = po_keys(build_pot(Path(tmp) / "src"))
    have = po_keys(PO_PATH.read_text(encoding="utf-8")) if PO_PATH.exists() else set()
    missing, extra = sorted(wanted - have), sorted(have - wanted)
    for label, keys in (("missing", missing), ("no longer used", extra)):
        for key in keys:
            print(f"{label}: {key.replace(chr(4), ' | ')!r}")
    if missing or extra:
        print("Run `make thirdparty-messages` and translate.", file=sys.stderr)
        return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report whether the catalog is up to date")
    options = parser.parse_args()
    setup_django()
    if options.check:
        return check()
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main())
