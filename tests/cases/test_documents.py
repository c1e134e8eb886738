import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from cases import services
from cases.models import Agency, Commitment, Referral
from core.documents import long_date, static_file_for_url
from tests.conftest import client_for
from tests.factories import make_case, make_commitment, make_participant, make_referral, record_departure

NIK = "3507015203900001"
BULAN = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()


def indonesian(date: datetime.date) -> str:
    return f"{date.day} {BULAN[date.month - 1]} {date.year}"


def read_pdf(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(response.content))


def pdf_text(reader: PdfReader) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def case(caseworker):
    participant = make_participant(caseworker, full_name="Siti Aminah", nik=NIK, birth_place="Malang")
    return make_case(caseworker, participant)


def test_the_blank_commitment_form_is_prefilled_and_in_indonesian_whatever_the_ui_language(caseworker, case):
    response = client_for(caseworker, language="en").get(reverse("cases:commitment-form", args=[case.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "SURAT PERNYATAAN" in html
    assert "Yang bertanda tangan di bawah ini:" in html
    assert "Siti Aminah" in html
    assert NIK in html
    assert "Malang, 12 Maret 1990" in html
    assert "Kabupaten Malang, Jawa Timur" in html  # alamat asal: her region of origin
    today = timezone.localdate()
    assert f"Palangka Raya, {indonesian(today)}" in html
    assert f"470/............/DINSOS/{today.year}" in html
    assert "Meterai" in html and "Rp10.000" in html
    assert "Yang membuat pernyataan" in html
    assert "Kepala Dinas Sosial Kota Palangka Raya," in html
    assert "NIP." in html
    assert "Bukit Sungkai" in html
    # Only the toolbar follows the user's language.
    assert "Download PDF" in html
    assert reverse("cases:commitment-form-pdf", args=[case.pk]) in html
    assert response["Cache-Control"] == "private, no-store"
    # The CSP allows neither inline styles nor inline handlers.
    assert "style=" not in html and "onclick" not in html


def test_the_commitment_form_pdf_is_one_a4_page(caseworker, case):
    response = client_for(caseworker).get(reverse("cases:commitment-form-pdf", args=[case.pk]))

    reader = read_pdf(response)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(595.3, abs=1)
    assert float(box.height) == pytest.approx(841.9, abs=1)
    text = pdf_text(reader)
    assert "SURAT PERNYATAAN" in text
    assert "Siti Aminah" in text
    assert NIK in text
    assert response["Content-Disposition"] == f'attachment; filename="surat-pernyataan-{case.number}.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_a_recorded_commitment_prints_with_its_own_date_and_witness(caseworker, case):
    commitment = services.commitment_record(
        actor=caseworker,
        commitment=Commitment(case=case, signed_on=datetime.date(2026, 3, 5), witness="Rina Handayani"),
    )
    client = client_for(caseworker)

    html = client.get(reverse("cases:commitment-print", args=[commitment.pk])).content.decode()
    assert "Palangka Raya, 5 Maret 2026" in html
    assert "Rina Handayani" in html
    assert "470/............/DINSOS/2026" in html

    text = pdf_text(read_pdf(client.get(reverse("cases:commitment-pdf", args=[commitment.pk]))))
    assert "Palangka Raya, 5 Maret 2026" in text
    assert "Siti Aminah" in text


def test_missing_details_are_left_as_lines_to_fill_in_by_hand(caseworker):
    participant = make_participant(caseworker, full_name="Tanpa KTP", birth_date=None, origin_regency=None)
    case = make_case(caseworker, participant)

    html = client_for(caseworker).get(reverse("cases:commitment-form", args=[case.pk])).content.decode()

    assert "Tanpa KTP" in html
    # Place and date of birth, NIK, address and the witness (the head of office's
    # name and NIP are always written by hand).
    assert html.count('<span class="blank"></span>') == 4 + 2


def test_the_home_address_is_where_she_returns_to_never_where_she_was_met(caseworker):
    participant = make_participant(caseworker, address="Eks lokalisasi Bukit Sungkai, Kel. Kalampangan")
    case = make_case(caseworker, participant)
    client = client_for(caseworker)
    url = reverse("cases:commitment-form", args=[case.pk])

    html = client.get(url).content.decode()
    assert "Kalampangan" not in html
    assert '<span class="blank"></span>, Kabupaten Malang, Jawa Timur' in html  # the street to write in

    home_return = record_departure(caseworker, case)
    home_return.destination_address = "Jl. Mawar No. 3, Desa Sukorejo, Kabupaten Malang"
    home_return.save()
    html = client.get(url).content.decode()
    assert "Jl. Mawar No. 3, Desa Sukorejo, Kabupaten Malang, Jawa Timur" in html


def documents_of(worker, case) -> list[str]:
    record_departure(worker, case)
    commitment = make_commitment(worker, case)
    referral = make_referral(worker, case)
    return [
        reverse("cases:commitment-form", args=[case.pk]),
        reverse("cases:commitment-form-pdf", args=[case.pk]),
        reverse("cases:commitment-print", args=[commitment.pk]),
        reverse("cases:commitment-pdf", args=[commitment.pk]),
        reverse("cases:referral-letter", args=[referral.pk]),
        reverse("cases:referral-letter-pdf", args=[referral.pk]),
    ]


def test_another_caseworker_gets_404_and_nothing_is_logged(caseworker, caseworker2, case):
    urls = documents_of(caseworker, case)
    logged = LogEntry.objects.count()
    client = client_for(caseworker2)

    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    assert LogEntry.objects.count() == logged


def test_documents_are_get_only(caseworker, case):
    client = client_for(caseworker)
    assert [client.post(url).status_code for url in documents_of(caseworker, case)] == [405] * 6


def test_every_print_and_download_is_audited(caseworker, case):
    client = client_for(caseworker)
    client.get(reverse("cases:commitment-form", args=[case.pk]))
    client.get(reverse("cases:commitment-form-pdf", args=[case.pk]))

    entries = LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.ACCESS).order_by("pk")
    assert [(entry.actor, entry.additional_data["event"]) for entry in entries] == [
        (caseworker, "print"),
        (caseworker, "pdf"),
    ]
    assert entries[0].additional_data["detail"] == "commitment-form"


def test_the_referral_letter_to_the_origin_office_shares_her_identity_with_consent(caseworker, case):
    record_departure(caseworker, case)
    referral = make_referral(caseworker, case)
    client = client_for(caseworker, language="en")

    html = client.get(reverse("cases:referral-letter", args=[referral.pk])).content.decode()

    assert "Yth. Kepala Dinas Sosial Kabupaten Malang" in html
    assert "Rujukan Pendampingan Lanjutan" in html
    assert f"Palangka Raya, {indonesian(referral.sent_on)}" in html
    assert "Siti Aminah" in html and NIK in html
    assert "Pendampingan lanjutan." in html  # the reason
    departed_on = case.home_return.departed_on
    assert indonesian(departed_on) in html
    assert "moda transportasi laut" in html  # Indonesian, although the UI is in English
    assert "Rahasia" in html

    reader = read_pdf(client.get(reverse("cases:referral-letter-pdf", args=[referral.pk])))
    assert len(reader.pages) == 1
    assert "Siti Aminah" in pdf_text(reader)
    assert LogEntry.objects.get_for_object(referral).filter(additional_data__event="pdf").count() == 1


def test_a_referral_that_shares_no_personal_data_shows_only_the_participant_code(caseworker, case):
    referral = services.referral_send(
        actor=caseworker,
        referral=Referral(
            case=case, agency=Agency.ORIGIN_SOCIAL_OFFICE, reason="Pemantauan.", shares_personal_data=False
        ),
    )
    client = client_for(caseworker)

    html = client.get(reverse("cases:referral-letter", args=[referral.pk])).content.decode()
    assert case.participant.code in html
    assert "Siti Aminah" not in html
    assert NIK not in html
    assert "12 Maret 1990" not in html

    text = pdf_text(read_pdf(client.get(reverse("cases:referral-letter-pdf", args=[referral.pk]))))
    assert case.participant.code in text
    assert "Siti Aminah" not in text and NIK not in text
    # Not sharing may be her choice or the caseworker's: the letter does not say she refused.
    assert "Identitas peserta tidak dibagikan dalam surat ini" in text
    assert "persetujuan" not in text


def test_a_withdrawn_consent_takes_her_identity_out_of_the_letter(caseworker, case):
    referral = make_referral(caseworker, case)
    case.participant.consents.update(withdrawn_on=timezone.localdate())

    html = client_for(caseworker).get(reverse("cases:referral-letter", args=[referral.pk])).content.decode()

    assert case.participant.code in html
    assert "Siti Aminah" not in html


def test_a_letter_to_another_agency_is_addressed_to_it(caseworker, case):
    make_referral(caseworker, case)  # records the consent
    referral = services.referral_send(
        actor=caseworker,
        referral=Referral(
            case=case, agency=Agency.MANPOWER_OFFICE, agency_name="Dinas Tenaga Kerja Kota Malang", reason="Pelatihan."
        ),
    )

    html = client_for(caseworker).get(reverse("cases:referral-letter", args=[referral.pk])).content.decode()

    assert "Yth. Kepala Dinas Tenaga Kerja Kota Malang" in html


def test_the_case_page_links_to_its_documents(caseworker, case):
    record_departure(caseworker, case)
    commitment = make_commitment(caseworker, case)
    referral = make_referral(caseworker, case)

    html = client_for(caseworker).get(case.get_absolute_url()).content.decode()

    assert reverse("cases:commitment-form", args=[case.pk]) in html
    assert reverse("cases:commitment-print", args=[commitment.pk]) in html
    assert reverse("cases:referral-letter", args=[referral.pk]) in html


@pytest.mark.parametrize(("month", "name"), list(enumerate(BULAN, start=1)))
def test_long_dates_use_indonesian_month_names_in_any_language(month, name):
    with translation.override("en"):
        assert long_date(datetime.date(2025, month, 5)) == f"5 {name} 2025"


def test_documents_load_static_files_only():
    base = "http://testserver/"
    assert static_file_for_url(base + "static/documents/print.css", base).name == "print.css"
    for url in ("http://169.254.169.254/latest/", "file:///etc/passwd", "http://elsewhere/static/documents/print.css"):
        with pytest.raises(ValueError):
            static_file_for_url(url, base)
    with pytest.raises(FileNotFoundError):
        static_file_for_url(base + "static/no-such-file.css", base)
