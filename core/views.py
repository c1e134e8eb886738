from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from django.views.i18n import set_language as django_set_language

from core.panels import panels_for
from core.roles import Role


class HomeView(TemplateView):
    """One home page; each role sees its own panels (see templates/core/home.html)."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            is_caseworker=user.has_role(Role.CASEWORKER),
            is_supervisor=user.has_role(Role.SUPERVISOR),
            is_inspector=user.has_role(Role.INSPECTOR),
            is_coordinator=user.has_role(Role.COORDINATOR),
            app_panels=panels_for(self.request),
            **kwargs,
        )


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and Docker: 200 when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


# The language switch works on the login page too.
set_language = login_not_required(django_set_language)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The page is drawn without the refused query string (e.g. too many parameters: reading it raises again).
    request.GET = QueryDict()
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A refusal may say why (e.g. "this case is closed"); most say nothing and get the generic text.
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without context processors: the database may be what failed.
    return defaults.server_error(request, template_name="500.html")
