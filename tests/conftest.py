"""Personas and helpers shared by every test.

Each persona is a user in one of the office's roles, made through the same
groups the data migration creates, so the tests exercise real permissions.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from core.models import User
from core.roles import Role

PASSWORD = "persona-pass-2026"

# persona name -> (role, is_staff, is_superuser)
PERSONAS = {
    "caseworker": (Role.CASEWORKER, False, False),
    "caseworker2": (Role.CASEWORKER, False, False),
    "supervisor": (Role.SUPERVISOR, True, False),
    "inspector": (Role.INSPECTOR, False, False),
    "coordinator": (Role.COORDINATOR, False, False),
    "admin": (None, True, True),
}
ALL_PERSONAS = ["anonymous", *PERSONAS]


def make_user(username: str, role: Role | None = None, *, is_staff: bool = False, is_superuser: bool = False) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=username.capitalize(),
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    return user


def make_persona(name: str) -> User:
    role, is_staff, is_superuser = PERSONAS[name]
    return make_user(name, role, is_staff=is_staff, is_superuser=is_superuser)


@pytest.fixture
def caseworker(db) -> User:
    return make_persona("caseworker")


@pytest.fixture
def caseworker2(db) -> User:
    return make_persona("caseworker2")


@pytest.fixture
def supervisor(db) -> User:
    return make_persona("supervisor")


@pytest.fixture
def inspector(db) -> User:
    return make_persona("inspector")


@pytest.fixture
def coordinator(db) -> User:
    return make_persona("coordinator")


@pytest.fixture
def admin_user(db) -> User:
    return make_persona("admin")


@pytest.fixture
def personas(db) -> dict[str, User | None]:
    """Every persona at once; "anonymous" maps to None."""
    return {"anonymous": None, **{name: make_persona(name) for name in PERSONAS}}


def client_for(user: User | None, language: str | None = None) -> Client:
    """A test client signed in as `user`; `language` sets the language switch's cookie."""
    client = Client()
    if user is not None:
        client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def client_as():
    return client_for


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 at production strength costs ~0.3 s per user; tests make hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Uploaded scans go to a throw-away folder, never the demo's.
    settings.MEDIA_ROOT = tmp_path / "private-media"
