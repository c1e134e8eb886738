"""Demo data for `manage.py seed_demo`.

Every app may have a `demo.py` that registers its story with `@demo_seeder`;
seed_demo runs them in INSTALLED_APPS order, so `cases` can rely on the users
made here. A seeder must be idempotent: running seed_demo twice keeps what the
first run made (and anything users added since).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group

from core.models import User
from core.roles import Role


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role | None  # None: the administrator (a superuser)
    is_staff: bool = False


DEMO_USERS = [
    DemoUser("supervisor", "Rina", "Handayani", Role.SUPERVISOR, is_staff=True),
    DemoUser("caseworker", "Sari", "Wulandari", Role.CASEWORKER),
    DemoUser("caseworker2", "Dewi", "Lestari", Role.CASEWORKER),
    DemoUser("inspector", "Agus", "Pratama", Role.INSPECTOR),
    DemoUser("coordinator", "Yuni", "Kartika", Role.COORDINATOR),
    DemoUser("admin", "Budi", "Santoso", None, is_staff=True),
]

Seeder = Callable[..., None]
_seeders: list[Seeder] = []


def demo_seeder(function: Seeder) -> Seeder:
    _seeders.append(function)
    return function


def seeders() -> list[Seeder]:
    return list(_seeders)


@demo_seeder
def seed_users(*, log: Callable[[str], None], **options) -> None:
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "email": f"{demo.username}@dinsos.palangkaraya.example",
                "is_staff": demo.is_staff,
                "is_superuser": demo.role is None,
            },
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            if demo.role is not None:
                user.groups.add(Group.objects.get(name=demo.role.value))
        log(f"{'created' if created else 'kept   '} user {demo.username}")
