"""The printed documents of a cohort, each as an A4 print page and as a PDF.
Every print or download is written to the audit trail."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from core.audit import log_access
from core.documents import pdf_response, print_response
from trainings.access import get_cohort_for_user, get_enrollment_for_user
from trainings.documents import attendance_sheet_context, certificate_context, handover_context
from trainings.models import EnrollmentStatus

HANDOVER = "trainings/documents/handover.html"
ATTENDANCE = "trainings/documents/attendance_sheet.html"
CERTIFICATE = "trainings/documents/certificate.html"


def _document(request, obj, template, context, *, detail, pdf_url, filename, pdf):
    log_access(request, obj, "pdf" if pdf else "print", detail=detail)
    if pdf:
        return pdf_response(request, template, context, filename=filename)
    context.update(back_url=obj.get_absolute_url(), pdf_url=pdf_url)
    return print_response(request, template, context)


@require_GET
def handover(request: HttpRequest, pk: int, pdf: bool = False) -> HttpResponse:
    """Berita acara serah terima: every participant, the items, serial numbers, signature lines."""
    cohort = get_cohort_for_user(request.user, pk, write=True)
    return _document(
        request,
        cohort,
        HANDOVER,
        handover_context(cohort),
        detail="handover",
        pdf_url=reverse("trainings:handover-pdf", args=[pk]),
        filename=f"bast-angkatan-{cohort.pk}.pdf",
        pdf=pdf,
    )


@require_GET
def attendance_sheet(request: HttpRequest, pk: int, pdf: bool = False) -> HttpResponse:
    cohort = get_cohort_for_user(request.user, pk, write=True)
    return _document(
        request,
        cohort,
        ATTENDANCE,
        attendance_sheet_context(cohort),
        detail="attendance-sheet",
        pdf_url=reverse("trainings:attendance-sheet-pdf", args=[pk]),
        filename=f"daftar-hadir-angkatan-{cohort.pk}.pdf",
        pdf=pdf,
    )


@require_GET
def certificate(request: HttpRequest, pk: int, pdf: bool = False) -> HttpResponse:
    enrollment = get_enrollment_for_user(request.user, pk)
    if enrollment.status != EnrollmentStatus.COMPLETED:
        raise Http404
    return _document(
        request,
        enrollment,
        CERTIFICATE,
        certificate_context(enrollment),
        detail="certificate",
        pdf_url=reverse("trainings:certificate-pdf", args=[pk]),
        filename=f"sertifikat-{enrollment.participant.code}.pdf",
        pdf=pdf,
    )
