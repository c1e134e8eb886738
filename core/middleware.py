import time

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.middleware.csp import ContentSecurityPolicyMiddleware as DjangoCSPMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ContentSecurityPolicyMiddleware(DjangoCSPMiddleware):
    """Django's CSP middleware, with the admin's wider policy under /admin/."""

    def process_response(self, request, response):
        if request.path_info.startswith("/admin/") and not hasattr(response, "_csp_config"):
            response._csp_config = settings.ADMIN_CSP
        return super().process_response(request, response)


class UserChoiceLocaleMiddleware:
    """Bahasa Indonesia unless the user picked another language.

    Django's LocaleMiddleware follows the browser's Accept-Language, which
    would show English to every office PC set up in English; here only the
    language cookie written by the language switch counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class SessionIdleTimeoutMiddleware:
    """Sessions expire after SESSION_COOKIE_AGE seconds without a request.

    Instead of saving the session on every request (a database write per page),
    the expiry is pushed forward at most once per SESSION_IDLE_REFRESH_SECONDS.
    """

    key = "_last_refresh"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(self.key, 0)
            if now - last >= settings.SESSION_IDLE_REFRESH_SECONDS:
                request.session[self.key] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)


class NullCharacterMiddleware:
    """A NUL character in a query string or form field is answered with 400 Bad Request.

    PostgreSQL cannot store or compare text holding NUL: the driver refuses the query, so
    `/cases/?province=%00` (or an admin search for one) was a server error. No real
    parameter holds one, so this one check covers every list, export, form and admin page.
    It runs after CsrfViewMiddleware, which reads the POST data anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _holds_nul(request.GET) or (request.method == "POST" and _holds_nul(request.POST)):
            raise BadRequest("NUL character in a request parameter")
        return None


def _holds_nul(params: QueryDict) -> bool:
    return any("\x00" in name or any("\x00" in value for value in values) for name, values in params.lists())
