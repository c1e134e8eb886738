import time

from django.conf import settings
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
