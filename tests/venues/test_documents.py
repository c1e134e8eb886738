"""The venues app's printed documents: Indonesian, as print page and PDF, audited."""

import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import client_for
from tests.venue_factories import make_inspection, make_license, make_team, make_venue
from venues import services
from venues.documents import date_in_words, in_words


@pytest.fixture
def action(supervisor, inspector):
    venue = make_venue(supervisor, make_team(inspector), name="Karaoke Cahaya")
    make_license(supervisor, venue)
    action = make_inspection(inspector, venue, violation=True).enforcement
    today = timezone.localdate()
    action = services.enforcement_warn(
        actor=supervisor, action=action, warned_on=today, warning_number="300/7/DINSOS", expected_version=1
    )
    return services.enforcement_report(
        actor=supervisor, action=action, reported_on=today, report_number="300/8/DINSOS", expected_version=2
    )


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("inspection-report", "BERITA ACARA PEMERIKSAAN"),
        ("warning-letter", "Teguran Tertulis"),
        ("report-letter", "Rekomendasi Pencabutan Izin Usaha"),
    ],
)
def test_each_document_prints_and_downloads_in_indonesian_even_for_english_readers(name, expected, action, supervisor):
    pk = action.inspection_id if name == "inspection-report" else action.pk
    client = client_for(supervisor, language="en")
    page = client.get(reverse(f"venues:{name}", args=[pk]))
    assert page.status_code == 200 and expected in page.content.decode()
    pdf = client.get(reverse(f"venues:{name}-pdf", args=[pk]))
    assert expected.split()[0] in pdf_text(pdf)
    assert LogEntry.objects.filter(additional_data__event="pdf").count() == 1


def test_the_report_letter_carries_its_number_and_the_warning(action, supervisor):
    html = client_for(supervisor).get(reverse("venues:report-letter", args=[action.pk])).content.decode()
    assert "300/8/DINSOS" in html and "300/7/DINSOS" in html and "Karaoke Cahaya" in html


def test_a_letter_not_yet_sent_is_404(supervisor, inspector):
    venue = make_venue(supervisor, make_team(inspector))
    action = make_inspection(inspector, venue, violation=True).enforcement
    assert client_for(supervisor).get(reverse("venues:warning-letter", args=[action.pk])).status_code == 404


def test_a_berita_acara_opens_with_the_date_in_words():
    import datetime

    assert in_words(2026) == "dua ribu dua puluh enam"
    assert in_words(11) == "sebelas" and in_words(19) == "sembilan belas" and in_words(100) == "seratus"
    assert date_in_words(datetime.date(2025, 5, 5)) == "Senin tanggal lima bulan Mei tahun dua ribu dua puluh lima"
