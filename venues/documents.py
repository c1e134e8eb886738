"""What the venues app's printed documents say: the inspection report (berita
acara pemeriksaan), the written warning (teguran) and the report to the
licensing agency (DPMPTSP) with the recommendation to revoke.

Always Indonesian (see core.documents); templates in templates/venues/documents/.
"""

import datetime

from django.utils import timezone

from core.documents import DAYS, MONTHS, document_number
from venues.models import EnforcementAction, Inspection

_ONES = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas"]


def in_words(number: int) -> str:
    """Indonesian number words, as a berita acara opens ("dua ribu dua puluh enam")."""
    if number < 12:
        return _ONES[number]
    if number < 20:
        return f"{_ONES[number - 10]} belas"
    if number < 100:
        tens, rest = divmod(number, 10)
        return f"{_ONES[tens]} puluh {_ONES[rest]}".strip()
    if number < 200:
        return f"seratus {in_words(number - 100)}".strip()
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{_ONES[hundreds]} ratus {in_words(rest)}".strip()
    if number < 2000:
        return f"seribu {in_words(number - 1000)}".strip()
    thousands, rest = divmod(number, 1000)
    return f"{in_words(thousands)} ribu {in_words(rest)}".strip()


def date_in_words(value: datetime.date) -> str:
    """Senin tanggal lima bulan Mei tahun dua ribu dua puluh lima"""
    return (
        f"{DAYS[value.weekday()]} tanggal {in_words(value.day)} bulan {MONTHS[value.month - 1]} "
        f"tahun {in_words(value.year)}"
    )


CHECKLIST = [
    ("venue_operating", "Tempat usaha sedang beroperasi"),
    ("private_rooms_present", "Terdapat room privat (bukan hanya bilik karaoke)"),
    ("prostitution_signs", "Ditemukan indikasi praktik prostitusi/asusila"),
    ("minors_present", "Terdapat anak di bawah umur"),
    ("opening_hours_kept", "Jam operasional ditaati"),
    ("license_displayed", "Izin usaha dipajang"),
]


def inspection_report_context(inspection: Inspection) -> dict:
    local = timezone.localtime(inspection.inspected_at)
    return {
        "inspection": inspection,
        "venue": inspection.venue,
        "local_at": local,
        "date_words": date_in_words(local.date()),
        "time": local.strftime("%H.%M"),
        "checklist": [(text, getattr(inspection, name)) for name, text in CHECKLIST],
        "members": list(inspection.team.members.all()),
        "number": document_number(year=local.year, classification="300"),
        "dated": local.date(),
        "license": inspection.venue.licenses.filter(status="active").first(),
    }


def warning_letter_context(action: EnforcementAction) -> dict:
    inspection = action.inspection
    return {
        "action": action,
        "venue": action.venue,
        "inspection_date": timezone.localtime(inspection.inspected_at).date(),
        "inspection": inspection,
        "number": action.warning_number,
        "dated": action.warned_on,
    }


def report_letter_context(action: EnforcementAction) -> dict:
    inspection = action.inspection
    violations = list(
        action.venue.inspections.filter(outcome="violation", inspected_at__lte=inspection.inspected_at).order_by(
            "-inspected_at"
        )[:5]
    )
    return {
        "action": action,
        "venue": action.venue,
        "license": action.license,
        "inspection": inspection,
        "violations": [timezone.localtime(v.inspected_at).date() for v in violations],
        "number": action.report_number,
        "dated": action.reported_on,
    }
