"""The printed documents of the venues app, each as an A4 print page and as a PDF.

GET only; lookups through the access helpers; every print and download audited.
Letters to the venue and to the licensing agency are the supervisors' (404 or
403 for others); the inspection report is printed by the team that made it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.audit import log_access
from core.documents import pdf_response, print_response
from venues.access import get_enforcement_for_user, get_inspection_for_user
from venues.documents import inspection_report_context, report_letter_context, warning_letter_context

INSPECTION_REPORT = "venues/documents/inspection_report.html"
WARNING_LETTER = "venues/documents/warning_letter.html"
REPORT_LETTER = "venues/documents/report_letter.html"


def _inspection(request: HttpRequest, pk: int, event: str):
    inspection = get_inspection_for_user(request.user, pk)
    log_access(request, inspection, event, detail="inspection-report")
    return inspection


@require_GET
def inspection_report_print(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, "print")
    context = inspection_report_context(inspection)
    context.update(
        back_url=inspection.get_absolute_url(),
        back_label=_("Back to the inspection"),
        pdf_url=reverse("venues:inspection-report-pdf", args=[pk]),
    )
    return print_response(request, INSPECTION_REPORT, context)


@require_GET
def inspection_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk, "pdf")
    return pdf_response(
        request, INSPECTION_REPORT, inspection_report_context(inspection), filename=f"bap-pemeriksaan-{pk}.pdf"
    )


def _action(request: HttpRequest, pk: int, step: str, event: str):
    action = get_enforcement_for_user(request.user, pk)
    if not request.user.has_perm("venues.escalate_enforcement"):
        raise PermissionDenied
    sent = action.warned_on if step == "warning" else action.reported_on
    if sent is None:
        raise Http404("This letter has not been sent.")
    log_access(request, action, event, detail=f"{step}-letter")
    return action


@require_GET
def warning_letter_print(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk, "warning", "print")
    context = warning_letter_context(action)
    context.update(
        back_url=action.get_absolute_url(),
        back_label=_("Back to the enforcement action"),
        pdf_url=reverse("venues:warning-letter-pdf", args=[pk]),
    )
    return print_response(request, WARNING_LETTER, context)


@require_GET
def warning_letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk, "warning", "pdf")
    return pdf_response(request, WARNING_LETTER, warning_letter_context(action), filename=f"surat-teguran-{pk}.pdf")


@require_GET
def report_letter_print(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk, "report", "print")
    context = report_letter_context(action)
    context.update(
        back_url=action.get_absolute_url(),
        back_label=_("Back to the enforcement action"),
        pdf_url=reverse("venues:report-letter-pdf", args=[pk]),
    )
    return print_response(request, REPORT_LETTER, context)


@require_GET
def report_letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk, "report", "pdf")
    return pdf_response(request, REPORT_LETTER, report_letter_context(action), filename=f"laporan-dpmptsp-{pk}.pdf")
