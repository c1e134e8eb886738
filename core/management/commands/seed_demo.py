from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from core import demo


class Command(BaseCommand):
    help = "Load the demo users and the office's demo story. Refused with DEBUG off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help="Also add this many synthetic records, for benchmarks.",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates users with a shared, published password and is refused with DEBUG off. "
                "Run it only on a local demo (DEBUG=1)."
            )
        if options["scale"] < 0:
            raise CommandError("--scale must be zero or more.")
        autodiscover_modules("demo")  # each app's demo.py registers its seeder
        for seeder in demo.seeders():
            with transaction.atomic():
                seeder(log=self.log, scale=options["scale"])
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

    def log(self, message: str) -> None:
        if self.verbosity >= 2:
            self.stdout.write(f"  {message}")
