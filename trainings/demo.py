"""The trainings story for the demo (`manage.py seed_demo`), and bulk cohorts for
benchmarks (`seed_demo --scale N`: N/20 cohorts of 20 trainees each).

With the manpower office (Disnaker) twenty of the women were trained to bake
cookies (kue kering); each completer received a mixer and a blender against a
signed receipt. No start-up capital was given: the budget did not allow it.
Months earlier a sewing cohort ran, where one trainee dropped out; its
livelihood follow-ups have been made. A hairdressing cohort is planned, and the
stock does not yet cover its kit.
"""

import datetime
import random
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from cases import services as cases_services
from cases.models import Case, CaseSource, CaseStatus, Participant
from core.demo import demo_seeder
from core.models import User
from trainings import services
from trainings.models import (
    Attendance,
    AttendanceStatus,
    BudgetLine,
    Cohort,
    CohortStatus,
    Enrollment,
    EnrollmentStatus,
    EquipmentItem,
    Handout,
    LedgerKind,
    LivelihoodFollowUp,
    NeedKind,
    Program,
    Session,
    StockEntry,
    StockReceipt,
    UnmetNeed,
)

DISNAKER = "Dinas Tenaga Kerja (Disnaker) Kota Palangka Raya"
COOKIES = "Membuat kue kering"


def sample_scan(title: str) -> bytes:
    """A one-page PDF standing in for a signed, scanned paper (a sample, not a real signature)."""
    text = f"CONTOH PINDAIAN - {title}".encode("latin-1", "replace")
    stream = b"BT /F1 14 Tf 60 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    body += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return body


def _items() -> dict[str, EquipmentItem]:
    catalogue = [
        ("Mixer", 450_000, True),
        ("Blender", 350_000, True),
        ("Mesin jahit", 1_800_000, True),
        ("Pengering rambut", 250_000, False),
    ]
    return {
        name: EquipmentItem.objects.get_or_create(
            name=name, defaults={"unit": "buah", "unit_cost": cost, "has_serial_numbers": serials}
        )[0]
        for name, cost, serials in catalogue
    }


def _open_participants(limit: int) -> list[Participant]:
    open_case = Case.objects.filter(participant=OuterRef("pk"), archived_at__isnull=True).exclude(
        status=CaseStatus.CLOSED
    )
    return list(Participant.objects.filter(Exists(open_case)).order_by("id")[:limit])


def _run_sessions(coordinator, cohort, count, rng, *, absent_at_most=2, topics=()) -> None:
    trainees = list(cohort.enrollments.exclude(status=EnrollmentStatus.DROPPED_OUT))
    absences = {e.pk: set(rng.sample(range(count), rng.randint(0, absent_at_most))) for e in trainees}
    for day in range(count):
        session = services.session_add(
            actor=coordinator,
            session=Session(
                cohort=cohort,
                held_on=cohort.starts_on + datetime.timedelta(days=day * 2),
                topic=topics[day % len(topics)] if topics else "",
            ),
        )
        marks = {
            e.pk: (AttendanceStatus.ABSENT if day in absences[e.pk] else AttendanceStatus.PRESENT)
            for e in cohort.enrollments.exclude(status=EnrollmentStatus.DROPPED_OUT)
        }
        services.attendance_record(actor=coordinator, session=session, marks=marks)


def _receive(coordinator, item, quantity, on, source) -> None:
    receipt = StockReceipt(item=item, quantity=quantity, received_on=on, unit_cost=item.unit_cost, source=source)
    receipt.scan.save(
        f"penerimaan-{item.name.lower().replace(' ', '-')}.pdf", ContentFile(sample_scan(source)), save=False
    )
    services.stock_receive(actor=coordinator, receipt=receipt)


def _hand_out_kit(coordinator, cohort, prefix: dict[str, str], on) -> None:
    serials = {}
    for enrollment, line in services.kit_pending(cohort):
        if line.item.has_serial_numbers:
            serials[(enrollment.pk, line.item_id)] = f"{prefix[line.item.name]}-{enrollment.pk:05d}"
    handouts = services.kit_hand_out(actor=coordinator, cohort=cohort, on=on, serials=serials)
    for handout in handouts:  # the signed receipts, scanned afterwards
        handout.receipt_scan.save(
            f"tanda-terima-{handout.pk}.pdf",
            ContentFile(sample_scan(f"Tanda terima {handout.item.name} {handout.participant.code}")),
        )


@demo_seeder
def seed_trainings(*, log: Callable[[str], None], scale: int = 0, **options) -> None:
    if Program.objects.filter(name=COOKIES).exists():
        log("kept    the trainings story")
    else:
        with transaction.atomic():
            seed_story(log)
    if scale:
        seed_scale(scale, log)


def seed_story(log: Callable[[str], None]) -> None:
    rng = random.Random(2026)  # noqa: S311 (demo data, not security)
    today = timezone.localdate()
    coordinator = User.objects.get(username="coordinator")
    caseworker = User.objects.get(username="caseworker")
    items = _items()
    cookies = Program.objects.create(
        name=COOKIES, partner_agency=DISNAKER, description="Pelatihan membuat kue kering untuk usaha rumahan."
    )
    sewing = Program.objects.create(name="Menjahit", partner_agency=DISNAKER, description="Pelatihan menjahit pakaian.")
    hair = Program.objects.create(name="Tata rias rambut", partner_agency=DISNAKER)
    women = _open_participants(20)
    if len(women) < 20:
        # A woman whose case was closed came back for the training: a new case is opened for her.
        for participant in Participant.objects.exclude(pk__in=[w.pk for w in women]).order_by("id")[: 20 - len(women)]:
            worker = participant.cases.order_by("-id").first().caseworker
            cases_services.case_open(
                actor=worker,
                case=Case(
                    participant=participant,
                    caseworker=worker,
                    source=CaseSource.WALK_IN,
                    summary="Kembali ke kantor untuk mengikuti pelatihan keterampilan.",
                ),
            )
        women = _open_participants(20)

    # The earlier sewing cohort: one drop-out, certificates, livelihood follow-ups made.
    ends = today - datetime.timedelta(days=200)
    sewing_cohort = services.cohort_create(
        actor=coordinator,
        cohort=Cohort(
            program=sewing,
            name="Menjahit angkatan I",
            starts_on=ends - datetime.timedelta(days=20),
            ends_on=ends,
            place="Balai Latihan Kerja Palangka Raya",
            capacity=10,
            coordinator=coordinator,
            status=CohortStatus.RUNNING,
            facilitators="Ibu Maria Ulfa",
            partner_staff="Bapak Hendra (Disnaker)",
        ),
        kit=[(items["Mesin jahit"], 1)],
        budget=[
            BudgetLine(description="Honor instruktur", amount=3_000_000),
            BudgetLine(description="Kain dan benang", amount=2_500_000),
        ],
    )
    sewers = [services.enrollment_add(actor=coordinator, cohort=sewing_cohort, participant=p) for p in women[:6]]
    services.enrollment_drop(
        actor=coordinator,
        enrollment=sewers[5],
        reason="Pulang ke daerah asal sebelum pelatihan selesai",
        expected_version=sewers[5].version,
    )
    _run_sessions(coordinator, sewing_cohort, 8, rng, absent_at_most=1, topics=["Dasar menjahit", "Pola", "Praktik"])
    services.cohort_complete(actor=coordinator, cohort=sewing_cohort)
    Enrollment.objects.filter(cohort=sewing_cohort, status=EnrollmentStatus.COMPLETED).update(completed_on=ends)
    _receive(coordinator, items["Mesin jahit"], 5, ends - datetime.timedelta(days=3), "APBD 2026, DPA Dinsos")
    _hand_out_kit(coordinator, sewing_cohort, {"Mesin jahit": "MJ"}, ends)
    for follow_up in LivelihoodFollowUp.objects.filter(enrollment__cohort=sewing_cohort, months_after=3):
        earns = rng.random() < 0.6
        follow_up.done_on = follow_up.due_on + datetime.timedelta(days=rng.randint(0, 5))
        follow_up.earns_from_skill = earns
        follow_up.monthly_income = rng.choice([600_000, 900_000, 1_200_000]) if earns else 0
        follow_up.still_has_equipment = True
        follow_up.notes = "Menerima pesanan jahitan dari tetangga." if earns else "Belum ada pelanggan."
        services.livelihood_record(actor=caseworker, follow_up=follow_up)
    log("created the sewing cohort (one drop-out, follow-ups done)")

    # The cookie-baking cohort with Disnaker: twenty women, a mixer and a blender each.
    ends = today - datetime.timedelta(days=5)
    cookie_cohort = services.cohort_create(
        actor=coordinator,
        cohort=Cohort(
            program=cookies,
            name="Kue kering angkatan I",
            starts_on=ends - datetime.timedelta(days=20),
            ends_on=ends,
            place="Aula Dinas Sosial Kota Palangka Raya",
            capacity=20,
            coordinator=coordinator,
            status=CohortStatus.RUNNING,
            facilitators="Ibu Sri Rahayu (instruktur tata boga)",
            partner_staff="Ibu Lina (Disnaker)",
        ),
        kit=[(items["Mixer"], 1), (items["Blender"], 1)],
        budget=[
            BudgetLine(description="Honor instruktur", amount=6_000_000),
            BudgetLine(description="Bahan praktik", amount=8_000_000),
            BudgetLine(description="Konsumsi peserta", amount=4_000_000),
        ],
    )
    for participant in women:
        services.enrollment_add(actor=coordinator, cohort=cookie_cohort, participant=participant)
    topics = ["Kebersihan dapur", "Nastar", "Kastengel", "Putri salju", "Kemasan", "Menghitung harga jual"]
    _run_sessions(coordinator, cookie_cohort, 10, rng, absent_at_most=2, topics=topics)
    services.cohort_complete(actor=coordinator, cohort=cookie_cohort)
    Enrollment.objects.filter(cohort=cookie_cohort, status=EnrollmentStatus.COMPLETED).update(completed_on=ends)
    for name in ("Mixer", "Blender"):
        _receive(
            coordinator, items[name], 20, ends - datetime.timedelta(days=7), "APBD 2026, DPA Dinsos: bantuan alat usaha"
        )
    _hand_out_kit(coordinator, cookie_cohort, {"Mixer": "MX", "Blender": "BL"}, ends)
    for enrollment in cookie_cohort.enrollments.select_related("participant"):
        services.unmet_need_record(
            actor=coordinator,
            need=UnmetNeed(
                participant=enrollment.participant,
                cohort=cookie_cohort,
                kind=NeedKind.BUSINESS_GRANT,
                amount=2_500_000,
                reason="Anggaran APBD 2026 tidak mencukupi untuk modal usaha.",
            ),
        )
    log("created the cookie-baking cohort (20 trainees, 20 mixers and 20 blenders handed out)")

    # Planned: hairdressing, whose kit the stock does not cover yet.
    services.cohort_create(
        actor=coordinator,
        cohort=Cohort(
            program=hair,
            name="Tata rias rambut angkatan I",
            starts_on=today + datetime.timedelta(days=30),
            ends_on=today + datetime.timedelta(days=44),
            place="Aula Dinas Sosial Kota Palangka Raya",
            capacity=15,
            coordinator=coordinator,
        ),
        kit=[(items["Pengering rambut"], 1)],
    )
    _receive(coordinator, items["Pengering rambut"], 6, today - datetime.timedelta(days=2), "Hibah CSR")
    log("created a planned hairdressing cohort (stock short)")


BATCH_COHORTS = 250


def seed_scale(count: int, log: Callable[[str], None]) -> None:
    """count/20 cookie cohorts of 20 trainees each (the synthetic participants of
    cases' seed_scale), with 5 sessions of attendance, the kit handed out and its
    ledger, in bulk (no audit entries: it is not anyone's work)."""
    cohorts = count // 20
    coordinator = User.objects.get(username="coordinator")
    program = Program.objects.get_or_create(name=COOKIES, defaults={"partner_agency": DISNAKER})[0]
    items = _items()
    kit = [items["Mixer"], items["Blender"]]
    today = timezone.localdate()
    participants = Participant.objects.filter(enrollments__isnull=True).values_list("pk", flat=True).order_by("id")
    done = 0
    while done < cohorts:
        size = min(BATCH_COHORTS, cohorts - done)
        with transaction.atomic():
            people = list(participants[: size * 20])
            cases = dict(
                Case.objects.filter(participant__in=people)
                .order_by("participant", "-id")
                .values_list("participant", "pk")
            )
            if len(people) < size * 20:
                log("scale: not enough participants for more cohorts")
                return
            for item in kit:
                receipt = StockReceipt.objects.create(
                    item=item, quantity=size * 20, source="APBD (synthetic)", recorded_by=coordinator
                )
                services.ledger_lines(
                    [
                        StockEntry(
                            item=item, kind=LedgerKind.RECEIPT, quantity=receipt.quantity, on=today, receipt=receipt
                        )
                    ]
                )
            new = Cohort.objects.bulk_create(
                Cohort(
                    program=program,
                    name=f"Kue kering sintetis {done + i + 1}",
                    starts_on=today - datetime.timedelta(days=30 + (done + i) % 700),
                    ends_on=today - datetime.timedelta(days=10 + (done + i) % 700),
                    place="Aula",
                    capacity=20,
                    places_taken=20,
                    coordinator=coordinator,
                    status=CohortStatus.FINISHED,
                )
                for i in range(size)
            )
            enrollments = Enrollment.objects.bulk_create(
                Enrollment(
                    cohort=cohort,
                    participant_id=pk,
                    case_id=cases[pk],
                    enrolled_by=coordinator,
                    status=EnrollmentStatus.COMPLETED,
                    completed_on=cohort.ends_on,
                    certificate_number=f"S{pk:07d}/SERT-PEL/DINSOS/{cohort.ends_on.year}",
                )
                for c, cohort in enumerate(new)
                for pk in people[c * 20 : (c + 1) * 20]
            )
            sessions = Session.objects.bulk_create(
                Session(cohort=cohort, held_on=cohort.starts_on + datetime.timedelta(days=d))
                for cohort in new
                for d in range(5)
            )
            by_cohort: dict[int, list[Session]] = {}
            for session in sessions:
                by_cohort.setdefault(session.cohort_id, []).append(session)
            Attendance.objects.bulk_create(
                Attendance(session=s, enrollment=e, status=AttendanceStatus.PRESENT, recorded_by=coordinator)
                for e in enrollments
                for s in by_cohort[e.cohort_id]
            )
            handouts = Handout.objects.bulk_create(
                Handout(
                    participant_id=e.participant_id,
                    enrollment=e,
                    item=item,
                    handed_out_on=e.completed_on,
                    handed_out_by=coordinator,
                )
                for e in enrollments
                for item in kit
            )
            services.ledger_lines(
                [
                    StockEntry(item_id=h.item_id, kind=LedgerKind.HANDOUT, quantity=-1, on=h.handed_out_on, handout=h)
                    for h in handouts
                ]
            )
        done += size
        log(f"scale: {done}/{cohorts} synthetic cohorts")
