"""Login throttling (django-axes): 5 wrong passwords for one username from one address lock that
username out from that address for 15 minutes, on the app's login and the admin's."""

import datetime

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

OFFICE = "203.0.113.10"
ELSEWHERE = "203.0.113.99"


def log_in(username: str, password: str, address: str = OFFICE, url: str | None = None, language: str = "en"):
    client = Client()
    client.cookies["language"] = language
    response = client.post(url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)
    return response, client


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail_five_times(username: str, url: str | None = None):
    responses = [log_in(username, "wrong-password", url=url)[0] for _ in range(5)]
    assert [response.status_code for response in responses[:4]] == [200] * 4  # the form says: wrong password
    return responses[-1]


def test_five_wrong_passwords_lock_the_username_out_from_that_address(caseworker):
    fifth = fail_five_times("caseworker")
    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert "Too many wrong passwords for this username from this computer. Wait 15 minutes" in page
    assert 'name="password"' in page  # the app's own login page, not a bare error
    response, client = log_in("caseworker", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_four_wrong_passwords_do_not_lock_and_a_success_clears_the_count(caseworker):
    for _ in range(4):
        log_in("caseworker", "wrong-password")
    response, client = log_in("caseworker", PASSWORD)
    assert response.status_code == 302 and signed_in(client)
    for _ in range(4):  # counting starts again
        log_in("caseworker", "wrong-password")
    assert log_in("caseworker", PASSWORD)[0].status_code == 302


def test_another_user_and_the_same_user_elsewhere_still_log_in(caseworker, caseworker2):
    fail_five_times("caseworker")
    response, client = log_in("caseworker2", PASSWORD)
    assert response.status_code == 302 and signed_in(client)
    response, client = log_in("caseworker", PASSWORD, address=ELSEWHERE)
    assert response.status_code == 302 and signed_in(client)


def test_the_lockout_ends_after_15_minutes(caseworker):
    fail_five_times("caseworker")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=14))
    assert log_in("caseworker", PASSWORD)[0].status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    response, client = log_in("caseworker", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_the_admin_login_is_throttled_too(admin_user):
    fifth = fail_five_times("admin", url=reverse("admin:login"))
    assert fifth.status_code == 429
    assert "Too many wrong passwords" in fifth.content.decode()
    response, client = log_in("admin", PASSWORD, url=reverse("admin:login"))
    assert response.status_code == 429 and not signed_in(client)
    # ... and the lock holds on the app's login page as well: it is the same username and address.
    assert log_in("admin", PASSWORD)[0].status_code == 429


def test_the_message_is_in_indonesian_by_default(caseworker):
    for _ in range(4):
        log_in("caseworker", "wrong-password", language="id")
    response, _client = log_in("caseworker", "wrong-password", language="id")
    assert response.status_code == 429
    assert "Terlalu banyak kata sandi salah" in response.content.decode()


def test_every_attempt_is_logged(caseworker):
    for _ in range(3):
        log_in("caseworker", "wrong-password")
    log_in("caseworker", PASSWORD)
    assert AccessFailureLog.objects.filter(username="caseworker", ip_address=OFFICE).count() == 3
    assert AccessLog.objects.filter(username="caseworker", ip_address=OFFICE).count() == 1


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.2"),  # no proxy configured: the header is the client's own words
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # what the client wrote first is not trusted
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.3", "198.51.100.7"),
        (1, "", "10.0.0.2"),
    ],
)
def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(
    settings, caseworker, caseworker2, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    for _ in range(5):
        Client().post(
            reverse("login"),
            {"username": "caseworker", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {expected}
