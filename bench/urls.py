"""The project's URLs plus `bench/bare/`, the framework's ceiling.

The bare view is not in config.urls: it exists only when serving with
bench.settings, so it can never reach production.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config import urls as project_urls


@login_not_required
def bare(request: HttpRequest) -> HttpResponse:
    """Two bytes through the full middleware stack: no template, no query."""
    return HttpResponse("ok")


urlpatterns = [*project_urls.urlpatterns, path("bench/bare/", bare, name="bench-bare")]

handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
