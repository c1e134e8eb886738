"""Exports name staff by their full names and download under a name that says what and when."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import make_case, record_departure


def content(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize("use_copy", [True, False])
@pytest.mark.parametrize("name", ["cases:case-export", "cases:follow-up-export"])
def test_exports_show_the_caseworker_by_full_name(name, use_copy, caseworker, supervisor, monkeypatch):
    from core.lists.views import FilteredExportView

    monkeypatch.setattr(FilteredExportView, "copy_on_postgresql", use_copy)
    caseworker.first_name, caseworker.last_name = "Sari", "Wulandari"
    caseworker.save()
    record_departure(caseworker, make_case(caseworker))

    text = content(client_for(supervisor).get(reverse(name)))

    assert "Sari Wulandari" in text
    assert f",{caseworker.username}," not in text and not text.rstrip().endswith(caseworker.username)


def test_a_caseworker_without_a_name_is_shown_by_username(caseworker, supervisor):
    caseworker.first_name = caseworker.last_name = ""
    caseworker.save()
    make_case(caseworker)

    text = content(client_for(supervisor).get(reverse("cases:case-export")))

    assert caseworker.username in text


@pytest.mark.parametrize(
    ("name", "language", "stem"),
    [
        ("cases:case-export", "id", "kasus"),
        ("cases:participant-export", "id", "peserta"),
        ("cases:follow-up-export", "id", "tindak-lanjut"),
        ("cases:case-export", "en", "cases"),
        ("cases:follow-up-export", "en", "follow-ups"),
    ],
)
def test_a_download_is_named_by_what_and_when(name, language, stem, supervisor):
    response = client_for(supervisor, language=language).get(reverse(name))

    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="{stem}-{today}.csv"'
