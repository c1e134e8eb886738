"""The office's story for the demo (`manage.py seed_demo`), and synthetic bulk
data for benchmarks (`seed_demo --scale N`).

After Bukit Sungkai closed, twenty former workers were registered. Most went
home at their own cost after signing a commitment; a few were taken home by
the office. Their follow-ups are due, overdue or done, some were referred to
the social office of their origin region, and one withdrew a consent.
"""

import datetime
import random
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cases import services
from cases.models import (
    Agency,
    Arrangement,
    Case,
    CaseStatus,
    Channel,
    Commitment,
    Consent,
    ConsentPurpose,
    FollowUp,
    HomeReturn,
    Outcome,
    Participant,
    Referral,
    ReferralStatus,
    TimelineEntry,
    TravelMode,
    follow_up_dates,
)
from core.demo import demo_seeder, sample_pdf, sample_png
from core.models import Regency, Sequence, User


@dataclass(frozen=True)
class Story:
    name: str
    alias: str
    birth: str  # dd-mm-yyyy
    origin: str  # regency code
    arrangement: str
    mode: str
    departed_days_ago: int | None  # None: not gone yet
    caseworker: str


SELF, FAC = Arrangement.SELF_FUNDED, Arrangement.FACILITATED
LAND, SEA, AIR = TravelMode.LAND, TravelMode.SEA, TravelMode.AIR

STORIES = [
    Story("Siti Aminah", "Mina", "12-03-1990", "35.07", SELF, SEA, 100, "caseworker"),
    Story("Rina Marlina", "Rin", "05-07-1993", "33.02", SELF, SEA, 40, "caseworker"),
    Story("Dewi Sartika", "", "21-11-1988", "32.04", SELF, AIR, 8, "caseworker"),
    Story("Nur Hasanah", "Nur", "02-02-1995", "63.71", SELF, LAND, 31, "caseworker"),
    Story("Yuliana Putri", "Yuli", "17-08-1991", "73.71", FAC, AIR, 95, "caseworker"),
    Story("Sri Wahyuni", "Yuni", "30-01-1987", "35.10", SELF, SEA, 7, "caseworker"),
    Story("Ani Suryani", "", "14-05-1996", "52.01", SELF, AIR, 2, "caseworker"),
    Story("Lestari Handayani", "Tari", "09-09-1992", "62.02", FAC, LAND, 60, "caseworker"),
    Story("Wulan Sari", "Wulan", "25-12-1994", "18.71", SELF, SEA, None, "caseworker"),
    Story("Fitriani", "Fitri", "03-04-1989", "33.74", SELF, SEA, 30, "caseworker"),
    Story("Maya Anggraini", "", "11-06-1993", "35.73", SELF, SEA, 91, "caseworker2"),
    Story("Intan Permata", "Intan", "28-02-1997", "63.04", SELF, LAND, 12, "caseworker2"),
    Story("Ratna Dewi", "Ratna", "19-10-1986", "73.08", FAC, SEA, 35, "caseworker2"),
    Story("Eka Wulandari", "Eka", "07-07-1990", "32.73", SELF, AIR, 6, "caseworker2"),
    Story("Susanti", "Santi", "16-03-1992", "52.71", SELF, AIR, 45, "caseworker2"),
    Story("Kartini Lubis", "", "22-08-1985", "35.07", SELF, SEA, 120, "caseworker2"),
    Story("Novita Sari", "Vita", "01-12-1995", "62.03", FAC, LAND, 3, "caseworker2"),
    Story("Putri Ayu", "Ayu", "13-05-1994", "33.02", SELF, SEA, None, "caseworker2"),
    Story("Rahmawati", "Rahma", "27-09-1991", "63.71", SELF, LAND, 29, "caseworker2"),
    Story("Indah Lestari", "Indah", "08-01-1993", "35.10", SELF, SEA, 85, "caseworker2"),
]

DECLINED = [
    "Ingin pulang bersama keluarga yang menjemput.",
    "Sudah membeli tiket sendiri.",
    "Tidak ingin diantar petugas agar tidak diketahui tetangga.",
]


def demo_nik(regency_code: str, birth: datetime.date, serial: int) -> str:
    """A well-formed NIK for a woman (day + 40) registered in `regency_code`."""
    return f"{regency_code.replace('.', '')}01{birth.day + 40:02d}{birth:%m%y}{serial:04d}"


@contextmanager
def dated(case: Case, day: datetime.date):
    """Date the timeline entries written inside the block on `day`: the story
    happened over months, though it is seeded in a second."""
    mark = TimelineEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    TimelineEntry.objects.filter(case=case, pk__gt=mark).update(at=moment)


@demo_seeder
def seed_cases(*, log: Callable[[str], None], scale: int = 0, **options) -> None:
    if Participant.objects.filter(full_name=STORIES[0].name).exists():
        log("kept    the Bukit Sungkai story")
    else:
        seed_story(log)
    if scale:
        seed_scale(scale, log)


ASKED_SHARING = "Tidak dapat dihubungi; Dinsos daerah asal perlu alamatnya untuk kunjungan rumah."


def seed_story(log: Callable[[str], None]) -> None:
    rng = random.Random(2026)  # noqa: S311 (demo data, not security)
    today = timezone.localdate()
    supervisor = User.objects.get(username="supervisor")
    for index, story in enumerate(STORIES, start=1):
        worker = User.objects.get(username=story.caseworker)
        birth = datetime.datetime.strptime(story.birth, "%d-%m-%Y").date()  # noqa: DTZ007 (a date)
        origin = Regency.objects.get(code=story.origin)
        participant = services.participant_register(
            actor=worker,
            participant=Participant(
                full_name=story.name,
                alias=story.alias,
                birth_place=origin.name.replace("Kabupaten ", "").replace("Kota ", ""),
                birth_date=birth,
                nik=demo_nik(story.origin, birth, index) if index % 4 else None,  # some carry no ID
                phone=f"+62812{rng.randrange(10_000_000, 99_999_999)}",
                origin_regency=origin,
                address=f"Eks lokalisasi Bukit Sungkai, Kel. Kalampangan; asal {origin.name}",
            ),
        )
        opened = today - datetime.timedelta(days=(story.departed_days_ago or 0) + 14)
        case = Case(participant=participant, caseworker=worker, opened_on=opened)
        with dated(case, opened):
            services.case_open(actor=worker, case=case)
            services.case_transition(
                actor=worker, case=case, to_status=CaseStatus.ACTIVE, expected_version=case.version
            )
        consent_on = opened + datetime.timedelta(days=1)
        for purpose in (ConsentPurpose.FOLLOW_UP_CONTACT, ConsentPurpose.SHARE_WITH_ORIGIN_OFFICE):
            if purpose == ConsentPurpose.SHARE_WITH_ORIGIN_OFFICE and index % 3 == 0:
                continue  # not everyone agrees to sharing
            scan = sample_png(
                "Persetujuan peserta",
                [participant.full_name, participant.code, str(purpose.label), str(consent_on)],
                name=f"persetujuan-{participant.code}-{purpose}.png",
            )
            services.consent_record(
                actor=worker,
                consent=Consent(participant=participant, purpose=purpose, given_on=consent_on, scan=scan),
            )
        if story.arrangement == SELF:
            with dated(case, consent_on):
                services.commitment_record(
                    actor=worker,
                    commitment=Commitment(
                        case=case,
                        signed_on=consent_on,
                        witness="Rina Handayani (Kasi Rehsos)",
                        scan=sample_pdf(
                            "Surat pernyataan",
                            [participant.full_name, participant.code, case.number],
                            name=f"surat-pernyataan-{case.number}.pdf",
                        ),
                    ),
                )
        departed = today - datetime.timedelta(days=story.departed_days_ago) if story.departed_days_ago else None
        with dated(case, departed or consent_on):
            services.home_return_record(
                actor=worker,
                home_return=HomeReturn(
                    case=case,
                    arrangement=story.arrangement,
                    declined_reason=DECLINED[index % len(DECLINED)] if story.arrangement == SELF else "",
                    destination_regency=origin,
                    destination_address=f"Desa asal, {origin.name}",
                    travel_mode=story.mode,
                    planned_departure_on=departed or today + datetime.timedelta(days=5),
                    departed_on=departed,
                    arrived_on=departed + datetime.timedelta(days=2)
                    if departed and story.departed_days_ago > 5
                    else None,
                    arrival_confirmed_how="Telepon dari keluarga" if departed and story.departed_days_ago > 5 else "",
                ),
            )
        # Follow-ups that fell due more than a few days ago were made (mostly).
        for follow_up in case.follow_ups.filter(due_on__lt=today - datetime.timedelta(days=3)).order_by("due_on"):
            if index % 5 == 0:
                continue  # left overdue: the gap the system exists to close
            follow_up.done_on = follow_up.due_on + datetime.timedelta(days=1)
            follow_up.channel = Channel.WHATSAPP if index % 2 else Channel.PHONE
            follow_up.outcome = Outcome.UNREACHABLE if index == 16 else Outcome.REACHED
            follow_up.notes = "Sudah bekerja membantu usaha keluarga." if index % 2 else "Dalam keadaan baik."
            with dated(case, follow_up.done_on):
                services.follow_up_record(actor=worker, follow_up=follow_up)
        # A confirmed arrival has already moved the case to monitoring (cases.services.home_return_record).
        if story.departed_days_ago and story.departed_days_ago >= 30 and index % 2:
            shared = index % 3 != 0  # she consented to sharing (see the consents above)
            # The first without consent (and whose case stays open) is sent without identity by her
            # caseworker, who asks a supervisor to share it: the request awaits on the supervisor's home page.
            asked = Referral.objects.filter(sharing_requested_at__isnull=False).exists()
            asks = not shared and index != 11 and not asked
            with dated(case, departed + datetime.timedelta(days=3)):
                referral = services.referral_send(
                    actor=worker if shared or asks else supervisor,
                    referral=Referral(
                        case=case,
                        agency=Agency.ORIGIN_SOCIAL_OFFICE,
                        agency_name=f"Dinas Sosial {origin.name}",
                        agency_regency=origin,
                        reason="Mohon pendampingan lanjutan dan pemantauan di daerah asal.",
                        sent_on=departed + datetime.timedelta(days=3),
                        shares_personal_data=not asks,
                        consent_override_reason=""
                        if shared or asks
                        else "Tidak dapat dihubungi; perlu kunjungan rumah oleh Dinsos daerah asal.",
                    ),
                    sharing_request_reason=ASKED_SHARING if asks else "",
                )
            if asks:
                # A second referral, to health services, whose sharing a supervisor refused: her
                # caseworker may ask again from it (the link beside "sent without her identity").
                sent = departed + datetime.timedelta(days=4)
                with dated(case, sent):
                    health = services.referral_send(
                        actor=worker,
                        referral=Referral(
                            case=case,
                            agency=Agency.HEALTH,
                            reason="Pemeriksaan kesehatan lanjutan di puskesmas daerah asal.",
                            sent_on=sent,
                            shares_personal_data=False,
                        ),
                        sharing_request_reason="Puskesmas meminta nama lengkapnya untuk rekam medis.",
                    )
                with dated(case, sent + datetime.timedelta(days=1)):
                    services.referral_decide_sharing(
                        actor=supervisor,
                        referral=health,
                        grant=False,
                        reason="Puskesmas dapat melayani dengan kode peserta; identitasnya tidak perlu dibagikan.",
                    )
            if index % 4 == 1:
                referral.status = ReferralStatus.ACKNOWLEDGED
                referral.reply = "Diterima; akan ditindaklanjuti oleh TKSK setempat."
                with dated(case, departed + datetime.timedelta(days=10)):
                    services.referral_update(actor=worker, referral=referral)
        if story.departed_days_ago and story.departed_days_ago >= 120:
            with dated(case, today - datetime.timedelta(days=2)):
                services.case_request_closure(
                    actor=worker,
                    case=case,
                    reason="Sudah bekerja dan stabil selama tiga bulan pemantauan.",
                    expected_version=case.version,
                )
        if index == 11:
            with dated(case, today - datetime.timedelta(days=1)):
                services.case_request_closure(
                    actor=worker, case=case, reason="Pemantauan 90 hari selesai.", expected_version=case.version
                )
                services.case_approve_closure(actor=supervisor, case=case, expected_version=case.version)
    # One participant withdrew her consent to follow-up contact.
    consent = Consent.objects.filter(
        participant__full_name="Kartini Lubis", purpose=ConsentPurpose.FOLLOW_UP_CONTACT
    ).first()
    services.consent_withdraw(
        actor=consent.recorded_by,
        consent=consent,
        withdrawn_on=today - datetime.timedelta(days=10),
        note="Tidak ingin dihubungi lagi.",
    )
    log(f"created the Bukit Sungkai story: {len(STORIES)} participants with cases")


# Synthetic bulk for benchmarks -------------------------------------------------

FIRST = ["Siti", "Sri", "Dewi", "Rina", "Nur", "Ani", "Yuli", "Indah", "Putri", "Wulan", "Ratna", "Maya"]
LAST = ["Aminah", "Wahyuni", "Lestari", "Sari", "Hasanah", "Handayani", "Anggraini", "Permata", "Rahayu"]
BATCH = 5000


def seed_scale(count: int, log: Callable[[str], None]) -> None:
    """Add `count` synthetic participants, each with a case, a return home and
    five follow-ups, in batches with bulk_create (no audit entries: it is not
    anyone's work)."""
    rng = random.Random(count)  # noqa: S311 (demo data, not security)
    today = timezone.localdate()
    regencies = list(Regency.objects.values_list("code", flat=True))
    workers = list(User.objects.filter(username__in=["caseworker", "caseworker2"]).order_by("username"))
    year = today.year
    # 60% in monitoring, as in an office a few years in: at --scale 100000 the status filter has
    # 60,000 rows, enough for the benchmark's page 2,000 (rows 49,976-50,000).
    statuses = [CaseStatus.ACTIVE, CaseStatus.RETURNED_HOME, *[CaseStatus.MONITORING] * 3]
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        with transaction.atomic():
            first_participant = _reserve("participant", year, size)
            first_case = _reserve("case", year, size)
            participants = Participant.objects.bulk_create(
                Participant(
                    code=f"PR-{year}-{first_participant + i:04d}",
                    full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    birth_date=today - datetime.timedelta(days=rng.randrange(18 * 365, 50 * 365)),
                    origin_regency_id=rng.choice(regencies),
                    created_by=workers[i % 2],
                )
                for i in range(size)
            )
            cases = Case.objects.bulk_create(
                Case(
                    number=f"KS-{year}-{first_case + i:04d}",
                    participant=participant,
                    caseworker=workers[i % 2],
                    opened_on=today - datetime.timedelta(days=rng.randrange(30, 3 * 365)),
                    status=rng.choice(statuses),
                )
                for i, participant in enumerate(participants)
            )
            # Registered the day the case was opened (created_at is set on insert): otherwise all of them
            # would be registered this month, and the dashboard's month would hold the whole table.
            for case in cases:
                case.participant.created_at = timezone.make_aware(
                    datetime.datetime.combine(case.opened_on, datetime.time(9))
                )
            Participant.objects.bulk_update(participants, ["created_at"])
            returns, follow_ups, entries = [], [], []
            for case in cases:
                departed = case.opened_on + datetime.timedelta(days=14)
                returns.append(
                    HomeReturn(
                        case=case,
                        arrangement=SELF if rng.random() < 0.8 else FAC,
                        declined_reason="Biaya sendiri.",
                        destination_regency_id=case.participant.origin_regency_id,
                        travel_mode=rng.choice([LAND, SEA, SEA, AIR]),
                        departed_on=departed,
                        recorded_by=case.caseworker,
                    )
                )
                later = [departed + datetime.timedelta(days=days) for days in (180, 365)]
                for due_on in [*follow_up_dates(departed), *later]:
                    finished = due_on < today - datetime.timedelta(days=7)
                    follow_ups.append(
                        FollowUp(
                            case=case,
                            due_on=due_on,
                            done_on=due_on if finished else None,
                            channel=Channel.WHATSAPP if finished else "",
                            outcome=Outcome.REACHED if finished else "",
                        )
                    )
                entries.append(TimelineEntry(case=case, kind="opened"))
            HomeReturn.objects.bulk_create(returns)
            FollowUp.objects.bulk_create(follow_ups, batch_size=BATCH)
            TimelineEntry.objects.bulk_create(entries)
        done += size
        log(f"scale: {done}/{count} synthetic participants")


def _reserve(key: str, year: int, size: int) -> int:
    """Reserve `size` consecutive numbers; returns the first."""
    Sequence.objects.get_or_create(key=key, year=year)
    sequence = Sequence.objects.select_for_update().get(key=key, year=year)
    first = sequence.last + 1
    sequence.last += size
    sequence.save(update_fields=["last"])
    return first
