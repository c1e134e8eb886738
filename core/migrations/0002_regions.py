"""Load the official provinces and regencies/cities of Indonesia, and Palangka
Raya's districts and villages, from core/fixtures/regions/ (Kemendagri codes;
source and licence in core/fixtures/regions/README.md)."""

import csv
from pathlib import Path

from django.db import migrations

REGIONS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "regions"

# The official list spells the city "Palangkaraya"; the city itself writes
# "Palangka Raya", and so does every document this office prints.
DISPLAY_NAMES = {"62.71": "Kota Palangka Raya"}


def read(name: str) -> list[dict[str, str]]:
    with (REGIONS_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_regions(apps, schema_editor):
    Province = apps.get_model("core", "Province")
    Regency = apps.get_model("core", "Regency")
    District = apps.get_model("core", "District")
    Village = apps.get_model("core", "Village")
    Province.objects.bulk_create(Province(code=row["code"], name=row["name"]) for row in read("provinces.csv"))
    Regency.objects.bulk_create(
        Regency(
            code=row["code"],
            province_id=row["province_code"],
            name=DISPLAY_NAMES.get(row["code"], row["name"]),
            official_name=row["name"],
            kind=row["kind"],
        )
        for row in read("regencies.csv")
    )
    District.objects.bulk_create(
        District(code=row["code"], regency_id=row["code"][:5], name=row["name"])
        for row in read("palangka_raya_districts.csv")
    )
    Village.objects.bulk_create(
        Village(code=row["code"], district_id=row["district_code"], name=row["name"])
        for row in read("palangka_raya_villages.csv")
    )


def unload_regions(apps, schema_editor):
    for model in ("Village", "District", "Regency", "Province"):
        apps.get_model("core", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(load_regions, unload_regions)]
