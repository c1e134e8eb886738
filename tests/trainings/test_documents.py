"""The printed documents (BAST, attendance sheet, certificate) and the private scans."""

from auditlog.models import LogEntry
from django.urls import reverse

from tests.conftest import client_for
from tests.factories import pdf_upload
from tests.trainings.factories import hold_sessions, make_cohort, make_item, make_trainee, receive
from trainings import services
from trainings.documents import in_words, opening_in_words
from trainings.models import Handout, StockReceipt


def completed_cohort(caseworker, coordinator):
    mixer, blender = make_item(serials=True), make_item("Blender")
    cohort = make_cohort(coordinator, kit={mixer: 1, blender: 1})
    one = make_trainee(caseworker, coordinator, cohort, "Ani Lestari")
    two = make_trainee(caseworker, coordinator, cohort, "Budi Santika")
    hold_sessions(coordinator, cohort, count=3)
    services.cohort_complete(actor=coordinator, cohort=cohort)
    receive(coordinator, mixer, 2)
    receive(coordinator, blender, 2)
    services.kit_hand_out(
        actor=coordinator, cohort=cohort, serials={(one.pk, mixer.pk): "MX-001", (two.pk, mixer.pk): "MX-002"}
    )
    return cohort, one, two


def test_indonesian_words_for_a_berita_acara():
    assert in_words(2026) == "dua ribu dua puluh enam"
    assert in_words(11) == "sebelas" and in_words(15) == "lima belas" and in_words(100) == "seratus"
    import datetime

    assert opening_in_words(datetime.date(2025, 5, 5)) == (
        "Pada hari ini Senin tanggal lima bulan Mei tahun dua ribu dua puluh lima"
    )


def test_the_hand_over_record_lists_every_participant_item_and_serial(caseworker, coordinator):
    cohort, one, two = completed_cohort(caseworker, coordinator)
    client = client_for(coordinator, language="en")
    page = client.get(reverse("trainings:handover-print", args=[cohort.pk]))
    text = page.content.decode()
    assert "BERITA ACARA SERAH TERIMA" in text and "PIHAK PERTAMA" in text and "PIHAK KEDUA" in text
    for expected in ("Ani Lestari", "Budi Santika", "MX-001", "MX-002", "Blender", "Pada hari ini"):
        assert expected in text
    assert page["Cache-Control"] == "private, no-store"
    pdf = client.get(reverse("trainings:handover-pdf", args=[cohort.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    events = LogEntry.objects.filter(object_pk=str(cohort.pk), action=LogEntry.Action.ACCESS)
    assert {entry.additional_data["event"] for entry in events} >= {"print", "pdf"}


def test_attendance_sheet_and_certificate(caseworker, caseworker2, coordinator):
    cohort, one, _two = completed_cohort(caseworker, coordinator)
    sheet = client_for(coordinator).get(reverse("trainings:attendance-sheet", args=[cohort.pk])).content.decode()
    assert "DAFTAR HADIR" in sheet and "Ani Lestari" in sheet
    one.refresh_from_db()
    certificate = client_for(caseworker).get(reverse("trainings:certificate-print", args=[one.pk])).content.decode()
    assert "SERTIFIKAT" in certificate and one.certificate_number in certificate
    assert client_for(caseworker2).get(reverse("trainings:certificate-print", args=[one.pk])).status_code == 404
    assert client_for(caseworker).get(reverse("trainings:handover-print", args=[cohort.pk])).status_code == 403


def test_scans_are_private_and_audited(caseworker, caseworker2, coordinator):
    mixer = make_item()
    client = client_for(coordinator)
    data = {"item": mixer.pk, "received_on": "01-11-2026", "quantity": "2", "unit_cost": "0", "source": "APBD"}
    fake = pdf_upload("nota.pdf")
    fake.name = "nota.exe"
    assert client.post(reverse("trainings:stock-receive"), {**data, "scan": fake}).status_code == 200
    assert not StockReceipt.objects.exists()
    assert client.post(reverse("trainings:stock-receive"), {**data, "scan": pdf_upload("nota.pdf")}).status_code == 302
    receipt = StockReceipt.objects.get()
    download = client.get(reverse("trainings:receipt-scan", args=[receipt.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert client_for(caseworker).get(reverse("trainings:receipt-scan", args=[receipt.pk])).status_code == 403

    enrollment = make_trainee(caseworker, coordinator, make_cohort(coordinator))
    handout = services.handout_give(
        actor=coordinator,
        handout=Handout(
            participant=enrollment.participant, enrollment=enrollment, item=mixer, receipt_scan=pdf_upload()
        ),
    )
    assert client_for(caseworker).get(reverse("trainings:handout-scan", args=[handout.pk])).status_code == 200
    assert client_for(caseworker2).get(reverse("trainings:handout-scan", args=[handout.pk])).status_code == 404
    downloads = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__event="download")
    assert downloads.count() == 2
