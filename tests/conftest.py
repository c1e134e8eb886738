"""Personas and helpers shared by every test.

Each persona is a user in one of the office's roles, made through the same
groups the data migration creates, so the tests exercise real permissions.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.utils import translation

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
def _empty_cache():
    """Each test starts with an empty cache: cached fragments (a list's filter form,
    dashboard cards) keyed by user id would otherwise outlive the test's database rows."""
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts (and ends) in Indonesian. LocaleMiddleware activates a request's
    language for the whole thread and never resets it, so one English test-client request
    would otherwise leave the rest of the worker's tests in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Uploaded scans go to a throw-away folder, never the demo's.
    settings.MEDIA_ROOT = tmp_path / "private-media"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Transactional tests (browser, real concurrency) last, as Django orders them.

    They empty the database when they finish, migration-made roles included.
    pytest-django sorts them last, but pytest then regroups tests by
    pytest-playwright's session-scoped browser parameter; this stable sort
    puts them back at the end.
    """

    def transactional(item) -> bool:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", [])
        return bool(marker and marker.kwargs.get("transaction")) or bool(
            {"live_server", "transactional_db"} & set(fixtures)
        )

    items.sort(key=transactional)


@pytest.fixture(scope="session")
def _migration_data(django_db_setup, django_db_blocker) -> str:
    """What the migrations put in the database (roles, permissions, regions),
    captured once, before any transactional test empties the database."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _restore_migration_data(request):
    """Transactional tests start from the migrated database.

    Django's serialized_rollback does this too, but relies on an attribute of
    the connection object that does not survive every earlier test here. The
    flush after a transactional test re-creates content types and permissions
    (post_migrate) with new ids: those go before the snapshot comes back.
    """
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    data = request.getfixturevalue("_migration_data")
    request.getfixturevalue("transactional_db")
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    if not Group.objects.exists():
        Permission.objects.all().delete()
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        connection.creation.deserialize_db_from_string(data)
