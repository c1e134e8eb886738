"""The permissions of the dashboard, the monthly report and spreadsheet imports, granted to supervisors."""

from django.db import migrations, models

from core.roles import Role, grant_permissions

PERMISSIONS = ["core.view_reports", "core.import_spreadsheets"]


def grant(apps, schema_editor):
    grant_permissions(apps, Role.SUPERVISOR, PERMISSIONS)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    codenames = [dotted.split(".")[1] for dotted in PERMISSIONS]
    Permission.objects.filter(content_type__app_label="core", codename__in=codenames).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_sequence"),
    ]

    operations = [
        migrations.CreateModel(
            name="Report",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ],
            options={
                "permissions": [
                    ("view_reports", "Can see the dashboard and the monthly reports"),
                    ("import_spreadsheets", "Can import the office's spreadsheets"),
                ],
                "managed": False,
                "default_permissions": (),
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
