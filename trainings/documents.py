"""What the printed documents of a cohort say: the hand-over record (BAST),
the attendance sheet and the certificate. Always Indonesian (core.documents);
the templates are templates/trainings/documents/*.html."""

from django.utils import timezone

from core.documents import day_name, document_number, long_date
from trainings.models import Attendance, Cohort, Enrollment, EnrollmentStatus, Handout, HandoutKind

NUMBER_WORDS = "nol satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas".split()


def in_words(number: int) -> str:
    """Indonesian number words, as a berita acara writes the date ("dua ribu dua puluh enam")."""
    if number < 12:
        return NUMBER_WORDS[number]
    if number < 20:
        return f"{NUMBER_WORDS[number - 10]} belas"
    if number < 100:
        tens, rest = divmod(number, 10)
        return f"{NUMBER_WORDS[tens]} puluh" + (f" {NUMBER_WORDS[rest]}" if rest else "")
    if number < 200:
        return "seratus" + (f" {in_words(number - 100)}" if number > 100 else "")
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return f"{NUMBER_WORDS[hundreds]} ratus" + (f" {in_words(rest)}" if rest else "")
    if number < 2000:
        return "seribu" + (f" {in_words(number - 1000)}" if number > 1000 else "")
    thousands, rest = divmod(number, 1000)
    return f"{in_words(thousands)} ribu" + (f" {in_words(rest)}" if rest else "")


def opening_in_words(day) -> str:
    """Pada hari ini Senin tanggal lima bulan Mei tahun dua ribu dua puluh lima"""
    month = long_date(day).split()[1]
    return f"Pada hari ini {day_name(day)} tanggal {in_words(day.day)} bulan {month} tahun {in_words(day.year)}"


def handover_context(cohort: Cohort) -> dict:
    handouts = list(
        Handout.objects.filter(enrollment__cohort=cohort, kind=HandoutKind.HANDOUT)
        .exclude(corrections__kind=HandoutKind.RETURN)
        .select_related("participant", "item")
        .order_by("participant__full_name", "participant_id", "item__name", "id")
    )
    rows: list[dict] = []
    for handout in handouts:
        if not rows or rows[-1]["participant"].pk != handout.participant_id:
            rows.append({"participant": handout.participant, "items": []})
        rows[-1]["items"].append(handout)
    dated = max((h.handed_out_on for h in handouts), default=timezone.localdate())
    return {
        "cohort": cohort,
        "rows": rows,
        "kit": list(cohort.kit.select_related("item")),
        "dated": dated,
        "opening": opening_in_words(dated),
        "number": document_number(year=dated.year, classification="027"),
    }


def attendance_sheet_context(cohort: Cohort) -> dict:
    sessions = list(cohort.sessions.all())
    enrollments = list(cohort.enrollments.select_related("participant").order_by("participant__full_name", "id"))
    marks = {(a.enrollment_id, a.session_id): a.status for a in Attendance.objects.filter(session__cohort=cohort)}
    letter = {"present": "H", "absent": "A", "excused": "I"}
    rows = [
        {"enrollment": e, "marks": [letter.get(marks.get((e.pk, s.pk)), "") for s in sessions]} for e in enrollments
    ]
    return {"cohort": cohort, "sessions": sessions, "rows": rows, "dated": timezone.localdate()}


def certificate_context(enrollment: Enrollment) -> dict:
    if enrollment.status != EnrollmentStatus.COMPLETED:
        raise ValueError("Only a completer has a certificate")
    return {"enrollment": enrollment, "cohort": enrollment.cohort, "dated": enrollment.completed_on}
