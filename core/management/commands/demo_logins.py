from django.conf import settings
from django.core.management.base import BaseCommand

from core.demo import DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo logins (what `make run` shows before serving)."

    def handle(self, *args, **options):
        self.stdout.write(f"Demo logins (password for all: {settings.DEMO_PASSWORD})")
        for demo in DEMO_USERS:
            role = demo.role.value if demo.role else "Administrator (superuser)"
            self.stdout.write(f"  {demo.username:<12} {role}")
