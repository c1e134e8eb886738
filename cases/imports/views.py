"""The import pages: upload, preview (nothing written), confirm or cancel; and the template to fill in."""

import io

import openpyxl
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from openpyxl.utils import get_column_letter

from cases.imports.checking import AlreadyImported, Outcome, check_rows, import_rows
from cases.imports.reading import COLUMNS, RefusedFile, read_upload
from cases.models import Participant
from core.audit import log_import
from core.lists.xlsx_export import XLSX_CONTENT_TYPE

PERMISSIONS = ("core.import_spreadsheets", "cases.add_participant")
TEMPLATE = "cases/imports/participant_import.html"
SALT = "cases.imports.participants"
PREVIEW_SECONDS = 60 * 60  # a preview left open longer must be uploaded again
TEMPLATE_ROWS = 500  # rows whose NIK and date cells are formatted as text


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (XLSX or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


def _preview(request: HttpRequest, upload) -> HttpResponse:
    checks = check_rows(upload.rows)
    payload = signing.dumps(
        {"user": request.user.pk, "name": upload.name, "checksum": upload.checksum, "rows": upload.rows},
        salt=SALT,
        compress=True,
    )
    counts = {outcome: sum(row.outcome == outcome for row in checks) for outcome in Outcome.ALL}
    return render(
        request,
        TEMPLATE,
        {"checks": checks, "counts": counts, "payload": payload, "upload": upload, "form": None},
    )


def _confirm(request: HttpRequest) -> HttpResponse:
    try:
        data = signing.loads(request.POST.get("payload", ""), salt=SALT, max_age=PREVIEW_SECONDS)
    except signing.BadSignature:
        messages.error(request, _("This preview has expired or was altered: upload the file again."))
        return redirect("imports:participants")
    if data.get("user") != request.user.pk:
        messages.error(request, _("This preview has expired or was altered: upload the file again."))
        return redirect("imports:participants")
    detail = f"file {data['name']!r} sha256={data['checksum']} rows={len(data['rows'])}"
    if "cancel" in request.POST:
        log_import(request, Participant, f"{detail} cancelled")
        messages.info(request, _("Import cancelled: nothing was written."))
        return redirect("imports:participants")
    try:
        with transaction.atomic():
            written = import_rows(
                actor=request.user, rows=data["rows"], checksum=data["checksum"], filename=data["name"]
            )
            log_import(request, Participant, f"{detail} written={len(written)}")
    except AlreadyImported as refused:
        # A double submit, two tabs, or the same list sent twice: rows without NIK or birth date would come in twice.
        messages.error(request, " ".join(refused.messages))
        return redirect("imports:participants")
    except ValidationError as refused:
        # Someone registered one of these people after the preview: all rows or none, so none.
        message = _("Nothing was written: %(reason)s Upload the file again to see the preview as it is now.")
        messages.error(request, message % {"reason": " ".join(refused.messages)})
        return redirect("imports:participants")
    messages.success(request, _("%(count)s participants imported.") % {"count": len(written)})
    return redirect("imports:participants")


@permission_required(PERMISSIONS, raise_exception=True)
def participant_import(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "payload" in request.POST:
        return _confirm(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            upload = read_upload(form.cleaned_data["file"])
        except RefusedFile as refused:
            form.add_error("file", str(refused))
        else:
            return _preview(request, upload)
    status = 400 if form.errors else 200
    return render(request, TEMPLATE, {"form": form}, status=status)


@require_safe
@permission_required(PERMISSIONS, raise_exception=True)
def participant_import_template(request: HttpRequest) -> HttpResponse:
    """An empty XLSX with the columns to fill in; the NIK column is text, so Excel keeps all 16 digits."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Participants")[:31]
    sheet.append([str(label) for _key, label in COLUMNS])
    for index, (key, _label) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 24
        if key in ("nik", "birth_date", "origin_regency"):
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    output.seek(0)
    response = FileResponse(
        output, as_attachment=True, filename="template-import-peserta.xlsx", content_type=XLSX_CONTENT_TYPE
    )
    response["Cache-Control"] = "private, no-store"
    return response
