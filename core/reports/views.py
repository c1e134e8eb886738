"""The monthly report's pages: the A4 print page, its PDF, and the CSV / XLSX of the same figures."""

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import BadRequest
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.audit import log_export
from core.documents import document_number, long_date, pdf_response, place_and_date, print_response
from core.lists.csv_export import csv_rows
from core.lists.xlsx_export import XLSX_CONTENT_TYPE, xlsx_file
from core.models import OfficeProfile, Report
from core.reports.monthly import export_columns, export_rows, report_rows, report_sections
from core.reports.period import Period, PeriodError, parse_month

TEMPLATE = "reports/monthly.html"
PERMISSION = "core.view_reports"


def _month(request: HttpRequest) -> Period:
    value = request.GET.get("month", "")
    if not value:
        return Period.this_month()
    try:
        return parse_month(value[:20])
    except PeriodError as refused:
        raise BadRequest(str(refused)) from None


def _context(request: HttpRequest, month: Period) -> dict:
    query = f"?month={month.month_param}"
    return {
        "month": month,
        "month_name": long_date(month.start).split(" ", 1)[1],  # "Oktober 2026"
        "previous_name": long_date(month.previous().start).split(" ", 1)[1],
        "sections": report_sections(report_rows(month)),
        "number": document_number(year=month.end.year),
        "place_and_date": place_and_date(timezone.localdate(), OfficeProfile.load().city),
        "back_url": reverse("admin:index") + query,
        "pdf_url": reverse("reports:monthly-pdf") + query,
        "back_label": _("Back to the dashboard"),
    }


@require_safe
@permission_required(PERMISSION, raise_exception=True)
def monthly_report(request: HttpRequest) -> HttpResponse:
    month = _month(request)
    log_export(request, Report, detail=f"rekap bulanan {month.month_param} (cetak)")
    return print_response(request, TEMPLATE, _context(request, month))


@require_safe
@permission_required(PERMISSION, raise_exception=True)
def monthly_report_pdf(request: HttpRequest) -> HttpResponse:
    month = _month(request)
    log_export(request, Report, detail=f"rekap bulanan {month.month_param} (pdf)")
    return pdf_response(request, TEMPLATE, _context(request, month), filename=f"rekap-{month.month_param}.pdf")


@require_safe
@permission_required(PERMISSION, raise_exception=True)
def monthly_report_export(request: HttpRequest) -> HttpResponse:
    month = _month(request)
    file_format = request.GET.get("format") or "csv"
    if file_format not in ("csv", "xlsx"):
        raise BadRequest("Unknown export format")
    log_export(request, Report, detail=f"rekap bulanan {month.month_param} ({file_format})")
    columns, rows = export_columns(month), report_rows(month)
    filename = f"rekap-{month.month_param}.{file_format}"
    if file_format == "xlsx":
        title = f"Rekap {month.month_param}"
        response = FileResponse(
            xlsx_file(columns, export_rows(month, rows), title),
            as_attachment=True,
            filename=filename,
            content_type=XLSX_CONTENT_TYPE,
        )
    else:
        header = [column.header for column in columns]
        response = StreamingHttpResponse(
            csv_rows(header, export_rows(month, rows)), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
