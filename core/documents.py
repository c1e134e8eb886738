"""Printed documents: one A4 template each, served as an HTML print page and as a PDF.

The office's letters are official papers and always in Bahasa Indonesia,
whatever language the user reads the app in: document templates write their
text in Indonesian, render their body inside `{% language "id" %}`, and the
PDF is rendered with Indonesian active. Dates go through `long_date`, which
does not depend on the active locale.

WeasyPrint reads the print stylesheet, the vendored font and the logo from the
static files, through `static_file_fetcher`, never over the network: the PDF is
the same on every machine, and a document can make the server fetch nothing
but its own static files.
"""

import base64
import datetime
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header

from core.files import data_uri
from core.models import OfficeProfile

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")  # date.weekday() order


def long_date(value: datetime.date) -> str:
    """5 Maret 2025: the date as letters write it (`j F Y` in Indonesian)."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def day_name(value: datetime.date) -> str:
    return DAYS[value.weekday()]


def place_and_date(value: datetime.date, place: str) -> str:
    """Palangka Raya, 5 Maret 2025"""
    return f"{place}, {long_date(value)}"


def document_number(*, year: int, classification: str = "470", unit: str = "DINSOS") -> str:
    """470/....../DINSOS/2026

    The serial in the middle comes from the office's register of outgoing
    letters (buku agenda), kept by the secretariat, so it is left open to be
    written in by hand when the letter is registered.
    """
    return f"{classification}/{'.' * 12}/{unit}/{year}"


def static_file_fetcher(base_url: str):
    """A WeasyPrint URL fetcher that hands out the static files under STATIC_URL
    and inline data: images, and refuses every other URL."""
    # Imported here so that pages which never render a PDF don't load Pango.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFileFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):  # the office logo (see office_context)
                kind, _, payload = url.removeprefix("data:").partition(";base64,")
                return URLFetcherResponse(url, body=base64.b64decode(payload), headers={"Content-Type": kind})
            path = static_file_for_url(url, base_url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    # A missing stylesheet or font must fail the PDF, not print an unstyled letter.
    return StaticFileFetcher(allowed_protocols=("http", "https"), fail_on_errors=True)


def static_file_for_url(url: str, base_url: str) -> Path:
    prefix = urljoin(base_url, settings.STATIC_URL)
    if not url.startswith(prefix):
        raise ValueError(f"A document may only load static files, not {url}")
    name = unquote(urlsplit(url[len(prefix) :]).path)
    found = finders.find(name)
    if found:
        return Path(found)
    # Manifest storage: `{% static %}` wrote a hashed name that only exists in STATIC_ROOT.
    if staticfiles_storage.exists(name):
        return Path(staticfiles_storage.path(name))
    raise FileNotFoundError(f"No static file {name!r} for {url}")


def office_context() -> dict:
    """The letterhead and signature of every letter: the office profile an
    administrator keeps in the admin (core.models.OfficeProfile)."""
    office = OfficeProfile.load()
    return {"office": office, "office_logo": data_uri(office.logo) if office.logo else ""}


def _render(request: HttpRequest, template_name: str, context: dict, *, for_pdf: bool) -> str:
    return render_to_string(template_name, {**office_context(), **context, "for_pdf": for_pdf}, request=request)


def _private(response: HttpResponse) -> HttpResponse:
    # Documents carry names and NIKs: never kept by a browser or a proxy.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def print_response(request: HttpRequest, template_name: str, context: dict) -> HttpResponse:
    """The document as an A4 page to print from the browser (its toolbar in the user's language)."""
    return _private(HttpResponse(_render(request, template_name, context, for_pdf=False)))


def render_pdf(request: HttpRequest, template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    base_url = request.build_absolute_uri("/")
    with translation.override("id"):
        html = _render(request, template_name, context, for_pdf=True)
    return HTML(string=html, base_url=base_url, url_fetcher=static_file_fetcher(base_url)).write_pdf()


def pdf_response(request: HttpRequest, template_name: str, context: dict, *, filename: str) -> HttpResponse:
    """The same document as a PDF download."""
    response = HttpResponse(render_pdf(request, template_name, context), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return _private(response)
