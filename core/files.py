"""Uploaded scans: checked by content, served only through permission-checked views."""

import base64

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_SCAN_BYTES = 5 * 1024 * 1024

# What a file really is, read from its first bytes, not from its name.
SIGNATURES = {
    b"%PDF-": ("pdf", "application/pdf"),
    b"\xff\xd8\xff": ("jpg", "image/jpeg"),
    b"\x89PNG\r\n\x1a\n": ("png", "image/png"),
}
EXTENSIONS = {"pdf": {"pdf"}, "jpg": {"jpg", "jpeg"}, "png": {"png"}}


def sniff(head: bytes) -> tuple[str, str] | None:
    for signature, kind in SIGNATURES.items():
        if head.startswith(signature):
            return kind
    return None


def sniff_upload(upload, max_bytes: int) -> tuple[str, str] | None:
    """What an upload of at most `max_bytes` really is (see sniff)."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    return sniff(head)


def validate_scan(upload) -> None:
    """A signed scan: PDF, JPEG or PNG by content, at most MAX_SCAN_BYTES."""
    kind = sniff_upload(upload, MAX_SCAN_BYTES)
    if kind is None:
        raise ValidationError(_("The file is not a PDF, JPEG or PNG, whatever its name says."), code="bad_type")
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in EXTENSIONS[kind[0]]:
        raise ValidationError(
            _("The file's content is %(kind)s but its name ends in .%(extension)s.")
            % {"kind": kind[0].upper(), "extension": extension or "?"},
            code="bad_type",
        )


def attachment_response(field_file, download_name: str) -> FileResponse:
    """Send a private file as a download, never inline, with its real type."""
    field_file.open("rb")
    head = field_file.read(8)
    field_file.seek(0)
    extension, content_type = sniff(head) or ("bin", "application/octet-stream")
    response = FileResponse(
        field_file, as_attachment=True, filename=f"{download_name}.{extension}", content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


MAX_LOGO_BYTES = 1024 * 1024


def validate_logo(upload) -> None:
    """The office's logo: a PNG or JPEG image by content, at most MAX_LOGO_BYTES."""
    kind = sniff_upload(upload, MAX_LOGO_BYTES)
    if kind is None or kind[0] == "pdf":
        raise ValidationError(_("The logo must be a PNG or JPEG image."), code="bad_type")


def data_uri(field_file) -> str:
    """A small private image inline in a page (the office logo in letters):
    no URL to serve it from, and WeasyPrint fetches nothing."""
    with field_file.open("rb") as handle:
        content = handle.read()
    kind = sniff(content[:8])
    if kind is None:
        return ""
    return f"data:{kind[1]};base64,{base64.b64encode(content).decode()}"
