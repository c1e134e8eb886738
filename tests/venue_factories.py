"""Builders for the venues app's tests, through the same services the views use."""

import datetime
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import District, User
from venues import services
from venues.models import Inspection, InspectionOutcome, InspectionTeam, License, Venue
from venues.rounds import JAKARTA

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
_numbers = itertools.count(1)


def png_upload(name: str = "foto.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def make_team(*members: User, name: str | None = None) -> InspectionTeam:
    team = InspectionTeam.objects.create(name=name or f"Tim {next(_numbers)}")
    team.members.add(*members)
    return team


def make_venue(actor: User, team: InspectionTeam | None = None, **fields) -> Venue:
    defaults = {
        "name": f"Karaoke Bintang {next(_numbers)}",
        "address": "Jl. Tjilik Riwut km 5",
        "district": District.objects.get(code="62.71.01"),
        "team": team,
        "booth_count": 6,
    }
    return services.venue_register(actor=actor, venue=Venue(**{**defaults, **fields}))


def make_license(
    actor: User, venue: Venue, *, issued_on: datetime.date = datetime.date(2024, 1, 10), **fields
) -> License:
    return services.license_register(
        actor=actor,
        license=License(venue=venue, number=f"NIB-{next(_numbers):06d}", issued_on=issued_on, **fields),
    )


def wib(year: int, month: int, day: int, hour: int = 21, minute: int = 0) -> datetime.datetime:
    """A moment in Palangka Raya's time (WIB)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=JAKARTA)


def make_inspection(
    actor: User,
    venue: Venue,
    *,
    at: datetime.datetime | None = None,
    team: InspectionTeam | None = None,
    violation: bool = False,
    files: list | None = None,
    **fields,
) -> Inspection:
    inspection = Inspection(
        venue=venue,
        team=team or venue.team,
        inspected_at=at or timezone.now() - datetime.timedelta(hours=1),
        outcome=InspectionOutcome.VIOLATION if violation else InspectionOutcome.COMPLIANT,
        prostitution_signs=violation,
        findings="Ditemukan praktik asusila di bilik 3." if violation else "",
        **fields,
    )
    return services.inspection_record(actor=actor, inspection=inspection, files=files)
