"""Demo data for the venues app: a dozen karaoke venues across Palangka Raya,
twelve months of inspections, a few overdue this month, one venue taken from
warning to report to revocation, one person referred to a case; and synthetic
venues for benchmarks (`seed_demo --scale N` adds N // 50 venues, 12 months each).

The story goes through the services, so it has the same side effects as the app.
"""

import datetime
import io
import random
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.demo import demo_seeder
from core.models import District, User, Village
from venues import services
from venues.models import (
    Decision,
    EnforcementAction,
    Inspection,
    InspectionOutcome,
    InspectionTeam,
    License,
    LicenseStatus,
    LicenseStatusChange,
    Purpose,
    Stage,
    Venue,
)
from venues.rounds import JAKARTA, current_month, last_months, next_month

STORY_VENUES = [
    ("Karaoke Bintang Timur", "62.71.01", "Jl. Tjilik Riwut km 2"),
    ("Karaoke Kalimantan Indah", "62.71.01", "Jl. Ahmad Yani No. 45"),
    ("Happy Family Karaoke", "62.71.01", "Jl. Diponegoro No. 12"),
    ("Karaoke Kahayan", "62.71.03", "Jl. G. Obos No. 88"),
    ("Inul Vizta Palangka", "62.71.03", "Jl. RTA Milono km 3"),
    ("Karaoke Nada Ceria", "62.71.03", "Jl. Rajawali No. 7"),
    ("Karaoke Seribu Nada", "62.71.03", "Jl. Yos Sudarso No. 21"),
    ("Karaoke Sabangau Jaya", "62.71.04", "Jl. Mahir Mahar km 5"),
    ("Karaoke Kereng Bangkirai", "62.71.04", "Jl. Kereng Bangkirai No. 3"),
    ("Karaoke Bukit Batu", "62.71.02", "Jl. Tjilik Riwut km 12"),
    ("Karaoke Tangkiling", "62.71.02", "Jl. Tangkiling km 34"),
    ("Karaoke Rakumpit Asri", "62.71.05", "Jl. Palangka Raya–Kuala Kurun km 20"),
]
ESCALATED = "Karaoke Seribu Nada"
REFERRAL_VENUE = "Karaoke Nada Ceria"
TEAMS = ["Tim Pengawasan I", "Tim Pengawasan II"]


def sample_photo(caption: str, seed: int = 0) -> SimpleUploadedFile:
    """A PNG marked CONTOH / SAMPLE, so nobody takes a demo photo for evidence."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)  # noqa: S311 (demo pictures, not secrets)
    image = Image.new("RGB", (480, 320), (rng.randint(40, 90), rng.randint(20, 60), rng.randint(60, 110)))
    draw = ImageDraw.Draw(image)
    for _i in range(6):  # a few booth-like shapes
        x, y = rng.randint(10, 400), rng.randint(60, 260)
        draw.rectangle([x, y, x + 60, y + 40], outline=(230, 200, 120), width=3)
    draw.rectangle([0, 0, 480, 50], fill=(200, 30, 30))
    draw.text((16, 10), "CONTOH / SAMPLE - bukan bukti asli", fill=(255, 255, 255), font_size=22)
    draw.text((16, 290), caption[:60], fill=(255, 255, 255), font_size=16)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return SimpleUploadedFile(f"contoh-{seed}.png", buffer.getvalue(), content_type="image/png")


def _moment(month: datetime.date, day: int, hour: int = 21) -> datetime.datetime:
    return datetime.datetime(month.year, month.month, day, hour, 15, tzinfo=JAKARTA)


@demo_seeder
def seed_venues(*, log: Callable[[str], None], scale: int = 0, **options) -> None:
    if not Venue.objects.filter(name=STORY_VENUES[0][0]).exists():
        seed_story(log)
    else:
        log("kept    venues story")
    if scale:
        seed_scale(max(1, scale // 50), log, months=12)


def seed_story(log: Callable[[str], None]) -> None:
    supervisor = User.objects.get(username="supervisor")
    inspector = User.objects.get(username="inspector")
    teams = []
    for name in TEAMS:
        team, _created = InspectionTeam.objects.get_or_create(name=name)
        teams.append(team)
    teams[0].members.add(inspector)
    rng = random.Random(2026)  # noqa: S311 (demo data, not secrets)
    today = timezone.localdate()
    this_month = current_month()
    months = last_months(this_month, 13)[:-1]  # the twelve months before this one
    venues = []
    for index, (name, district_code, address) in enumerate(STORY_VENUES):
        district = District.objects.get(code=district_code)
        venue = services.venue_register(
            actor=supervisor,
            venue=Venue(
                name=name,
                address=address,
                district=district,
                village=Village.objects.filter(district=district).order_by("code")[index % 3 : index % 3 + 1].first(),
                owner_name=rng.choice(["H. Rahmat", "Yanto Wijaya", "Sri Rahayu", "Kristian Nyahu", "Linda Tanjung"]),
                owner_phone=f"0812-5{index:03d}-{rng.randint(1000, 9999)}",
                manager_name=rng.choice(["Dedi", "Rudi", "Maya", "Anton", "Fitri"]),
                booth_count=rng.randint(4, 14),
                private_rooms_dismantled_on=datetime.date(2025, 3, 1) + datetime.timedelta(days=index * 9),
                team=teams[0] if index < 8 else teams[1],
            ),
        )
        services.license_register(
            actor=supervisor,
            license=License(
                venue=venue,
                number=f"9120{index:03d}{rng.randint(100000, 999999)}",
                issued_on=months[0] - datetime.timedelta(days=400 + index * 11),
            ),
        )
        venues.append(venue)
    log("created 12 venues with licences")
    escalated = next(venue for venue in venues if venue.name == ESCALATED)
    revoked_from = None
    count = 0
    for month_index, month in enumerate(months):
        for index, venue in enumerate(venues):
            if venue == escalated and revoked_from and month >= revoked_from:
                continue
            violation = venue == escalated and month_index in (6, 8)
            actor = inspector if venue.team_id == teams[0].pk else supervisor
            inspection = services.inspection_record(
                actor=actor,
                inspection=Inspection(
                    venue=venue,
                    team=venue.team,
                    inspected_at=_moment(month, 3 + (index * 2 + month_index) % 24, 20 + index % 3),
                    prostitution_signs=violation,
                    private_rooms_present=violation and month_index == 8,
                    outcome=InspectionOutcome.VIOLATION if violation else InspectionOutcome.COMPLIANT,
                    findings="Ditemukan praktik asusila di bilik karaoke; pengunjung ditawari layanan."
                    if violation
                    else "Hanya bilik karaoke; tidak ditemukan pelanggaran.",
                ),
                files=[sample_photo(f"{venue.name} {month:%m-%Y}", seed=count)] if violation or count % 20 == 0 else [],
            )
            count += 1
            if violation and month_index == 6:
                action = inspection.enforcement
                services.enforcement_warn(
                    actor=supervisor,
                    action=action,
                    warned_on=timezone.localtime(inspection.inspected_at).date() + datetime.timedelta(days=3),
                    warning_number=f"300/{41 + month_index}/DINSOS-RHS/{month.year}",
                    expected_version=action.version,
                )
            if violation and month_index == 8:
                action = escalated.enforcement_actions.get(stage="warned")
                reported_on = timezone.localtime(inspection.inspected_at).date() + datetime.timedelta(days=2)
                action = services.enforcement_report(
                    actor=supervisor,
                    action=action,
                    reported_on=reported_on,
                    report_number=f"300/{57 + month_index}/DINSOS-RHS/{month.year}",
                    expected_version=action.version,
                )
                decided_on = reported_on + datetime.timedelta(days=21)
                services.enforcement_decide(
                    actor=supervisor,
                    action=action,
                    replied_on=decided_on,
                    decision=Decision.REVOCATION,
                    decree_number=f"503/{112 + month_index}/DPMPTSP/{month.year}",
                    effective_on=decided_on,
                    note="Izin usaha dicabut atas rekomendasi Dinas Sosial.",
                    expected_version=action.version,
                )
                revoked_from = decided_on.replace(day=1)
                # The visit that confirms the venue stopped operating.
                confirm_on = decided_on + datetime.timedelta(days=5)
                if confirm_on < today:
                    services.inspection_record(
                        actor=inspector,
                        inspection=Inspection(
                            venue=escalated,
                            team=escalated.team,
                            inspected_at=datetime.datetime.combine(confirm_on, datetime.time(19, 30), tzinfo=JAKARTA),
                            purpose=Purpose.CONFIRMATION,
                            venue_operating=False,
                            outcome=InspectionOutcome.COMPLIANT,
                            findings="Tempat usaha tutup; papan nama telah diturunkan.",
                        ),
                    )
            if venue.name == REFERRAL_VENUE and month_index == 10:
                services.person_refer(
                    actor=inspector,
                    inspection=inspection,
                    full_name="Nur (nama panggilan)",
                    sex="F",
                    estimated_age=23,
                    note="Ingin berhenti bekerja sebagai pemandu lagu dan pulang ke Banjarmasin; butuh ongkos pulang.",
                )
    log(f"created {count} inspections over twelve months, one venue revoked, one person referred")
    seed_this_month(venues, teams, supervisor, inspector, escalated)


def seed_this_month(venues, teams, supervisor, inspector, escalated) -> None:
    """This month: some inspected, some planned later in the month, a few overdue."""
    today = timezone.localdate()
    month = current_month()
    last_day = (next_month(month) - datetime.timedelta(days=1)).day
    for index, venue in enumerate(venue for venue in venues if venue != escalated):
        if index < 4 and today.day > 2:
            actor = inspector if venue.team_id == teams[0].pk else supervisor
            services.inspection_record(
                actor=actor,
                inspection=Inspection(
                    venue=venue,
                    team=venue.team,
                    inspected_at=_moment(month, 1 + index % max(1, today.day - 1), 10),
                    outcome=InspectionOutcome.COMPLIANT,
                    findings="Hanya bilik karaoke.",
                ),
            )
            continue
        if index < 7 and today.day > 1:
            planned_on = month.replace(day=max(1, today.day - 1 - index % 3))  # passed: overdue
        else:
            planned_on = month.replace(day=min(last_day, today.day + 1 + index % 5))
        services.round_assign(actor=supervisor, venue=venue, month=month, team=venue.team, planned_on=planned_on)


def seed_scale(count: int, log: Callable[[str], None], *, months: int = 12) -> None:
    """`count` synthetic venues, each licensed and inspected once a month for
    `months` months (one in 40 with a violation and its enforcement action), written
    in bulk (no per-row services: this is volume for query-count tests and
    benchmarks, not a story)."""
    teams = list(InspectionTeam.objects.order_by("pk")[:4])
    if not teams:
        teams = [InspectionTeam.objects.create(name=f"Tim Sintetis {i}") for i in range(1, 5)]
    recorder = User.objects.filter(is_superuser=True).first() or User.objects.order_by("pk").first()
    districts = list(District.objects.filter(regency_id="62.71"))
    start = Venue.objects.count()
    venues = Venue.objects.bulk_create(
        Venue(
            name=f"Karaoke Sintetis {start + i:05d}",
            address=f"Jl. Contoh No. {i}",
            district=districts[i % len(districts)],
            team=teams[i % len(teams)],
            booth_count=6,
        )
        for i in range(count)
    )
    issued = current_month() - datetime.timedelta(days=31 * (months + 2))
    licenses = License.objects.bulk_create(
        License(venue=venue, number=f"SYN-{venue.pk:07d}", issued_on=issued, status=LicenseStatus.ACTIVE)
        for venue in venues
    )
    LicenseStatusChange.objects.bulk_create(
        LicenseStatusChange(
            license=license,
            to_status=LicenseStatus.ACTIVE,
            effective_on=issued,
            reference=license.number,
            recorded_by=recorder,
        )
        for license in licenses
    )
    batch = []
    for month in last_months(current_month(), months + 1)[:-1]:
        for i, venue in enumerate(venues):
            batch.append(
                Inspection(
                    venue=venue,
                    team=venue.team,
                    inspected_at=_moment(month, 1 + i % 27, 20),
                    outcome=InspectionOutcome.VIOLATION if i % 40 == 0 else InspectionOutcome.COMPLIANT,
                    findings="Contoh temuan." if i % 40 == 0 else "",
                    recorded_by=recorder,
                )
            )
        if len(batch) >= 5000:
            Inspection.objects.bulk_create(batch)
            batch = []
    Inspection.objects.bulk_create(batch)
    # Each violation's enforcement action, for the enforcement list's volume: closed without a
    # report, but the venue's latest one, still open (one open action per venue).
    licence_of = {licence.venue_id: licence for licence in licenses}
    violations = Inspection.objects.filter(venue__in=venues, outcome=InspectionOutcome.VIOLATION).order_by(
        "venue_id", "-inspected_at"
    )
    actions, seen = [], set()
    for inspection in violations.only("pk", "venue_id"):
        stage = Stage.CLOSED if inspection.venue_id in seen else Stage.OPENED
        seen.add(inspection.venue_id)
        licence = licence_of[inspection.venue_id]
        actions.append(
            EnforcementAction(venue_id=inspection.venue_id, inspection=inspection, license=licence, stage=stage)
        )
    EnforcementAction.objects.bulk_create(actions, batch_size=2000)
    log(f"scale: {count} synthetic venues with {months} months of inspections")
