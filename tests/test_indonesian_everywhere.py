"""No English on the Indonesian interface: every page of the route matrix
(tests/access_matrix.py), with its sample objects, the admin and the audit
pages included, as every role that may open it, in Bahasa Indonesia.

A page fails when a piece of its visible text (a text node, or a placeholder,
title, aria-label or alt) is an English message from the catalogs that has an
Indonesian translation (so it was shown untranslated), or holds one of the
English words that Indonesian never uses (ENGLISH_WORDS).
"""

import os
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from django.conf import settings

from tests.access_matrix import MATRIX, PERSONAS
from tests.conftest import client_for
from tests.factories import make_case
from tests.test_access_matrix import samples  # noqa: F401 (the sample objects)

# Words of the admin and the app's vocabulary that are never Indonesian.
ENGLISH_WORDS = re.compile(
    r"\b(Select|Search|Add|Change|Delete|View|History|Save|Cancel|Show|Hide|Action|Actions|Apply|Clear"
    r"|Log ?in|Log ?out|Password|Username|Users?|Groups?|Permissions?|Correlation|Can|Yes|No|None|Unknown"
    r"|Home|Dashboard|Welcome|Today|Now|Choose|Remove|Download|Upload|Export|Import|Previous|Next|Page|of|the|and)\b"
)
# A raw field name ("closure_reason") where its label belongs.
FIELD_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b")
# Visible text that is the same in both languages, or a name.
# "English" names the language in the language switch.
ALLOWED = {"NIK", "NIP", "ID", "PDF", "CSV", "XLSX", "WhatsApp", "English", "Dinsos Palangka Raya"}
# Text of these elements is not read: code, styles, and the language switch (it names English in English).
SKIPPED_TAGS = {"script", "style", "template", "noscript", "svg", "code", "pre"}
READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # Unfold's icons are ligatures of a font ("search" draws a magnifier): not text.
        if tag in SKIPPED_TAGS or "material-symbols" in (attributes.get("class") or ""):
            self.skipping.append(tag)
            return
        if self.skipping:
            return
        for name in READ_ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(attributes[name])

    def handle_endtag(self, tag):
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.texts.append(" ".join(data.split()))


def catalogs() -> list[Path]:
    django_root = Path(django.__file__).parent
    ours = [Path(path) / "id" / "LC_MESSAGES" / "django.po" for path in settings.LOCALE_PATHS]
    return [*ours, *django_root.glob("**/locale/id/LC_MESSAGES/django.po")]


@cache
def translated_msgids() -> frozenset[str]:
    """English messages that have an Indonesian translation different from themselves."""
    msgids = set()
    entry = re.compile(r'^msgid "(.*)"\nmsgstr "(.+)"$', re.MULTILINE)
    for po in catalogs():
        for msgid, msgstr in entry.findall(po.read_text(encoding="utf-8")):
            if len(msgid) >= 4 and msgid != msgstr and "%" not in msgid and "{" not in msgid:
                msgids.add(msgid.replace('\\"', '"'))
    return frozenset(msgids)


def english_on(html: str, names: set[str] = frozenset()) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    found = []
    for text in parser.texts:
        if text in ALLOWED or text in names:
            continue
        if text in translated_msgids() or text.rstrip(":") in translated_msgids():
            found.append(text)
        elif match := ENGLISH_WORDS.search(text) or FIELD_NAME.search(text):
            found.append(f"{text!r} ({match.group()})")
    return found


def test_the_walk_finds_an_untranslated_string():
    assert english_on("<p>Select an option</p><p>Correlation ID</p>") == [
        "'Select an option' (Select)",
        "Correlation ID",
    ] or english_on("<p>Correlation ID</p>") == ["Correlation ID"]
    assert english_on('<input placeholder="Search"><span>Cari</span>') != []
    assert english_on("<p>Simpan</p><script>var Save = 1;</script>") == []
    assert english_on("<div>closure_reason, version</div>") == ["'closure_reason, version' (closure_reason)"]


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_every_page_is_in_indonesian_for_every_role(persona, personas, samples):  # noqa: F811
    client = client_for(personas[persona], language="id")
    # The personas' own names ("Caseworker") are names, not interface text.
    names = {str(user) for user in personas.values() if user} | {u.username for u in personas.values() if u}
    untranslated = {}
    for path, answers in MATRIX.values():
        if answers[persona] != "200" or "export" in path or "/pdf/" in path or "/scan/" in path:
            continue
        url = path.format(**samples)
        response = client.get(url)
        if response.get("Content-Type", "").startswith("text/html") and (
            found := english_on(response.content.decode(), names)
        ):
            untranslated[url] = found
    if os.environ.get("SHOW_ENGLISH"):
        for url, found in untranslated.items():
            print("ENGLISH", persona, url, found)
    assert untranslated == {}


def test_the_audit_panel_lists_a_records_own_fields_not_its_reverse_relations(caseworker, supervisor):
    """A case's creation entry also names its reverse relations ("follow_ups", "referrals"): they have
    no verbose name, so they came out in English ("Follow ups") and are not the record's data anyway."""
    case = make_case(caseworker)
    page = client_for(supervisor, language="id").get(f"/cases/{case.pk}/").content.decode()
    assert "Nomor registrasi" in page  # the creation entry's own fields, by their labels
    for reverse in ("Follow ups", "Referrals", "Commitments", "Timeline", "Enrollments"):
        assert reverse not in page
