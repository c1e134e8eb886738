"""Demo data for `manage.py seed_demo`.

Every app may have a `demo.py` that registers its story with `@demo_seeder`;
seed_demo runs them in INSTALLED_APPS order, so `cases` can rely on the users
made here. A seeder must be idempotent: running seed_demo twice keeps what the
first run made (and anything users added since).
"""

import io
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

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


# Sample scans for the demo, so that downloads and their privacy can be tried:
# each page says in large letters that it is a sample, not a real document.
SAMPLE_MARK = "CONTOH / SAMPLE"


def sample_pdf(title: str, lines: list[str], name: str) -> ContentFile:
    """A one-page A4 PDF marked as a sample."""
    from weasyprint import HTML  # loads Pango: only when the demo is seeded

    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    html = (
        "<style>@page{size:A4;margin:2.5cm}body{font-family:sans-serif}"
        ".mark{font-size:48pt;color:#c00;border:6px solid #c00;text-align:center;padding:12pt}</style>"
        f"<p class='mark'>{SAMPLE_MARK}</p><h1>{escape(title)}</h1>{body}"
        "<p><em>Dokumen contoh untuk demo, bukan dokumen asli. Sample document for the demo, not a real one.</em></p>"
    )
    return ContentFile(HTML(string=html).write_pdf(), name=name)


def sample_png(title: str, lines: list[str], name: str) -> ContentFile:
    """A photo-like PNG of a signed page, marked as a sample."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (827, 1169), "white")  # A4 at 100 dpi
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=28)
    mark = ImageFont.load_default(size=72)
    draw.rectangle((40, 40, 787, 200), outline=(204, 0, 0), width=8)
    draw.text((413, 120), SAMPLE_MARK, fill=(204, 0, 0), font=mark, anchor="mm")
    draw.text((60, 260), title, fill="black", font=font)
    for row, line in enumerate(lines):
        draw.text((60, 330 + row * 44), line, fill="black", font=font)
    draw.text((60, 1080), "Dokumen contoh, bukan dokumen asli.", fill=(204, 0, 0), font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name=name)
