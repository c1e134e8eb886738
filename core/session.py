"""Typed input survives the end of a session.

A caseworker may write notes for half an hour on a home visit. Two things keep
them:

- while she types, static/js/session.js pings `keep_alive` (at most once a
  minute), which pushes the session's expiry forward (SessionIdleTimeoutMiddleware),
  and warns her before the session ends when she has stopped typing;
- if the session has ended anyway, the form she posts is kept in the new
  anonymous session (`LoginRequiredMiddleware` below). After she logs in
  again she is sent back to the form, which shows what she typed
  (`KeepsTypedInput`), to check and save. Files are not kept: she chooses
  them again.

The kept input is bound to the page it was posted to and to the user who
typed it, lives for STASH_SECONDS, is never larger than MAX_STASH_BYTES, and
leaves out passwords and the CSRF token.

The user: once her session has ended the server no longer knows who she was
(the session's row is gone), so every signed-in page leaves a signed cookie
naming her (OWNER_COOKIE). Input posted without one is not kept, and kept
input is shown only to that same user: a colleague who logs in next on the
shared office laptop neither sees nor submits it, and it is dropped.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

STASH_KEY = "_typed_input"
STASH_SECONDS = 15 * 60
MAX_STASH_BYTES = 64 * 1024
LEFT_OUT = ("csrfmiddlewaretoken", "password", "password1", "password2", "old_password", "new_password1")
OWNER_COOKIE = "typed_input_owner"
OWNER_SALT = "core.session.typed-input-owner"
OWNER_COOKIE_SECONDS = 7 * 24 * 60 * 60


def last_user_id(request: HttpRequest) -> int | None:
    """The user last signed in on this browser (OWNER_COOKIE), if its signature holds."""
    value = request.get_signed_cookie(OWNER_COOKIE, default=None, salt=OWNER_SALT)
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def remember_user(request: HttpRequest, response: HttpResponse) -> None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and last_user_id(request) != user.pk:
        response.set_signed_cookie(
            OWNER_COOKIE,
            str(user.pk),
            salt=OWNER_SALT,
            max_age=OWNER_COOKIE_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )


def stash_post(request: HttpRequest) -> bool:
    """Keep a POST whose session has ended; True if it was kept."""
    if request.method != "POST" or not request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        return False  # never opens a session for a stranger's post
    owner = last_user_id(request)
    if owner is None:
        return False  # input that cannot be tied to its user is not kept
    data = request.POST.copy()
    for name in LEFT_OUT:
        data.pop(name, None)
    encoded = data.urlencode()
    if len(encoded) > MAX_STASH_BYTES:
        return False
    request.session[STASH_KEY] = {"path": request.path, "data": encoded, "at": int(time.time()), "owner": owner}
    return True


def pop_stashed_post(request: HttpRequest) -> QueryDict | None:
    """The input kept for this page, once, if it is recent and the user is the one who typed it.
    Another user's is dropped unseen."""
    stash = request.session.get(STASH_KEY)
    if not stash or stash.get("path") != request.path:
        return None
    del request.session[STASH_KEY]
    if stash.get("owner") is None or stash["owner"] != request.user.pk:
        return None
    if time.time() - stash.get("at", 0) > STASH_SECONDS:
        return None
    return QueryDict(stash["data"])


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's login-everywhere, keeping a form posted after the session ended."""

    def handle_no_permission(self, request, view_func):
        if stash_post(request):
            messages.warning(
                request,
                _("Your session had ended. Log in again: what you typed is kept, and you can then save it."),
            )
        return super().handle_no_permission(request, view_func)

    def process_response(self, request, response):
        remember_user(request, response)  # whose input a post after the session's end is
        return response


class KeepsTypedInput:
    """A FormView mixin: after a new login, the form shows the input that was
    posted when the session had ended, to be checked and saved."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.request.method == "GET" and (data := pop_stashed_post(self.request)) is not None:
            kwargs["data"] = data
            messages.info(self.request, _("What you typed before logging in again is back. Check it and save."))
        return kwargs


@require_GET
@never_cache
def keep_alive(request: HttpRequest) -> HttpResponse:
    """Pinged while she types: the request itself keeps the session alive
    (core.middleware.SessionIdleTimeoutMiddleware). Anonymous: the login redirect."""
    return HttpResponse(status=204)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The app's own page for a refused form (CSRF_FAILURE_VIEW), instead of Django's bare one."""
    return render(request, "csrf_failure.html", status=403)
