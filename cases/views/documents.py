"""The printed documents of a case, each as an A4 print page and as a PDF.

GET only; every lookup goes through the access helpers (404 for other
caseworkers' records) and every print or download is written to the audit trail.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from cases.access import get_case_for_user, get_commitment_for_user, get_referral_for_user
from cases.documents import commitment_context, referral_letter_context
from core.audit import log_access
from core.documents import pdf_response, print_response

COMMITMENT_TEMPLATE = "cases/documents/commitment.html"
REFERRAL_TEMPLATE = "cases/documents/referral_letter.html"


@require_GET
def commitment_form_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A blank commitment form, pre-filled from the case, to print and sign
    before the commitment is recorded (and its scan uploaded)."""
    case = get_case_for_user(request.user, pk)
    log_access(request, case, "print", detail="commitment-form")
    context = commitment_context(case)
    context.update(back_url=case.get_absolute_url(), pdf_url=reverse("cases:commitment-form-pdf", args=[case.pk]))
    return print_response(request, COMMITMENT_TEMPLATE, context)


@require_GET
def commitment_form_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_user(request.user, pk)
    log_access(request, case, "pdf", detail="commitment-form")
    return pdf_response(
        request, COMMITMENT_TEMPLATE, commitment_context(case), filename=f"surat-pernyataan-{case.number}.pdf"
    )


@require_GET
def commitment_print(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request.user, pk)
    log_access(request, commitment, "print", detail="commitment")
    context = commitment_context(commitment.case, commitment)
    context.update(
        back_url=commitment.case.get_absolute_url(), pdf_url=reverse("cases:commitment-pdf", args=[commitment.pk])
    )
    return print_response(request, COMMITMENT_TEMPLATE, context)


@require_GET
def commitment_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request.user, pk)
    log_access(request, commitment, "pdf", detail="commitment")
    return pdf_response(
        request,
        COMMITMENT_TEMPLATE,
        commitment_context(commitment.case, commitment),
        filename=f"surat-pernyataan-{commitment.case.number}-{commitment.pk}.pdf",
    )


@require_GET
def referral_letter_print(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for_user(request.user, pk)
    log_access(request, referral, "print", detail="referral-letter")
    context = referral_letter_context(referral)
    context.update(
        back_url=referral.case.get_absolute_url(), pdf_url=reverse("cases:referral-letter-pdf", args=[referral.pk])
    )
    return print_response(request, REFERRAL_TEMPLATE, context)


@require_GET
def referral_letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_referral_for_user(request.user, pk)
    log_access(request, referral, "pdf", detail="referral-letter")
    return pdf_response(
        request,
        REFERRAL_TEMPLATE,
        referral_letter_context(referral),
        filename=f"surat-rujukan-{referral.case.number}-{referral.pk}.pdf",
    )
