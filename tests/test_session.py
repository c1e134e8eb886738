"""Typed input survives the end of a session; a refused form gets a friendly page."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import FollowUp
from core.session import OWNER_COOKIE, STASH_KEY
from tests.conftest import PASSWORD, client_for
from tests.factories import make_case, record_departure

NOTE = "Kunjungan rumah: sudah bekerja di warung orang tuanya. " * 20


@pytest.fixture
def follow_up(caseworker) -> FollowUp:
    case = make_case(caseworker)
    record_departure(caseworker, case)
    return case.follow_ups.order_by("due_on").first()


def record_post(follow_up: FollowUp, **changes) -> dict:
    return {
        "done_on": timezone.localdate().strftime("%d-%m-%Y"),
        "channel": "home_visit",
        "outcome": "reached",
        "notes": NOTE,
        **changes,
    }


def end_session(client: Client) -> None:
    """She has been working (a page seen signed in), then her session expires: its row no longer counts."""
    assert client.get(reverse("home")).status_code == 200
    Session.objects.all().delete()


def log_in_again(client: Client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_a_note_posted_after_the_session_ended_is_saved_after_logging_in_again(caseworker, follow_up):
    client = client_for(caseworker)
    url = reverse("cases:follow-up-record", args=[follow_up.pk])
    end_session(client)

    response = client.post(url, record_post(follow_up))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    follow_up.refresh_from_db()
    assert follow_up.done_on is None  # nothing saved without a login
    log_in_again(client, caseworker)
    form = client.get(url).context["form"]
    assert form.is_bound and form.data["notes"] == NOTE
    assert "csrfmiddlewaretoken" not in form.data
    response = client.post(url, {**form.data})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.notes == NOTE.strip() or follow_up.notes == NOTE
    # Shown once: the next visit is a fresh form.
    assert not client.get(url).context["form"].is_bound


def test_the_kept_input_shows_only_on_the_page_it_was_posted_to(caseworker, follow_up):
    client = client_for(caseworker)
    end_session(client)
    client.post(reverse("cases:follow-up-record", args=[follow_up.pk]), record_post(follow_up))
    log_in_again(client, caseworker)

    form = client.get(reverse("cases:follow-up-schedule", args=[follow_up.case_id])).context["form"]

    assert not form.is_bound


def test_a_post_without_any_session_keeps_nothing(follow_up):
    client = Client()
    client.post(reverse("cases:follow-up-record", args=[follow_up.pk]), record_post(follow_up))
    assert Session.objects.count() == 0


def test_another_user_logging_in_next_neither_sees_nor_submits_the_kept_input(caseworker, supervisor, follow_up):
    """A shared office laptop: the caseworker's session ends with her note posted; the supervisor logs in."""
    client = client_for(caseworker)
    url = reverse("cases:follow-up-record", args=[follow_up.pk])
    end_session(client)
    client.post(url, record_post(follow_up))
    assert client.session[STASH_KEY]["owner"] == caseworker.pk

    log_in_again(client, supervisor)
    page = client.get(url)

    assert page.status_code == 200 and not page.context["form"].is_bound
    assert NOTE.strip()[:40] not in page.content.decode()
    assert STASH_KEY not in client.session  # dropped, not left for later
    follow_up.refresh_from_db()
    assert follow_up.done_on is None and follow_up.notes == ""
    # Nor does the caseworker get it on this browser after the supervisor: it is gone.
    log_in_again(client, caseworker)
    assert not client.get(url).context["form"].is_bound


def test_input_that_cannot_be_tied_to_its_user_is_not_kept(caseworker, follow_up):
    url = reverse("cases:follow-up-record", args=[follow_up.pk])
    client = client_for(caseworker)
    end_session(client)
    client.cookies[OWNER_COOKIE] = str(caseworker.pk)  # forged: not signed

    response = client.post(url, record_post(follow_up))

    assert response.status_code == 302
    assert STASH_KEY not in client.session


def test_passwords_are_never_kept(caseworker, follow_up):
    client = client_for(caseworker)
    end_session(client)
    client.post(reverse("cases:follow-up-record", args=[follow_up.pk]), record_post(follow_up, password="rahasia"))

    stash = client.session[STASH_KEY]
    assert "rahasia" not in stash["data"] and "notes=" in stash["data"]


def test_huge_input_is_not_kept_and_gives_no_error(caseworker, follow_up):
    client = client_for(caseworker)
    end_session(client)
    response = client.post(
        reverse("cases:follow-up-record", args=[follow_up.pk]), record_post(follow_up, notes="x" * 200_000)
    )
    assert response.status_code == 302
    assert STASH_KEY not in client.session


def test_keep_alive_pushes_the_expiry_forward(caseworker, settings):
    settings.SESSION_IDLE_REFRESH_SECONDS = 0
    client = client_for(caseworker)
    session = Session.objects.get()
    Session.objects.update(expire_date=timezone.now() + timezone.timedelta(minutes=1))

    response = client.get(reverse("keep-alive"))

    assert response.status_code == 204
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert Session.objects.get(pk=session.pk).expire_date > timezone.now() + timezone.timedelta(minutes=20)


def test_a_session_page_warns_before_it_ends(caseworker):
    html = client_for(caseworker).get(reverse("home")).content.decode()
    assert 'data-keep-alive="/accounts/keep-alive/"' in html
    assert 'data-testid="session-warning"' in html
    assert "Sesi Anda" in html


def test_a_refused_form_gets_the_apps_own_page_in_indonesian(caseworker, follow_up):
    client = Client(enforce_csrf_checks=True)
    client.force_login(caseworker)

    response = client.post(reverse("cases:follow-up-record", args=[follow_up.pk]), record_post(follow_up))

    assert response.status_code == 403
    html = response.content.decode()
    assert 'data-testid="csrf-failure"' in html
    assert "Formulir tidak dapat dikirim" in html
    assert "CSRF" not in html
    follow_up.refresh_from_db()
    assert follow_up.done_on is None
