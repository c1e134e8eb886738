"""A URLconf without the cases app, and with a URL that writes its key in hex (see test_list_plumbing)."""

from django.http import HttpResponse
from django.urls import path, register_converter


class HexConverter:
    regex = "[0-9a-f]+"

    def to_python(self, value: str) -> int:
        return int(value, 16)

    def to_url(self, value: int) -> str:
        return f"{value:x}"


register_converter(HexConverter, "hex")

urlpatterns = [path("things/<hex:pk>/", lambda request, pk: HttpResponse(str(pk)), name="thing")]
