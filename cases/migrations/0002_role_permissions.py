"""What each role may do in the cases app."""

from django.db import migrations

from core.roles import Role, grant_permissions

RECORDS = ["participant", "case", "consent", "homereturn", "commitment", "followup", "referral"]

CASEWORKER = [
    *(f"cases.{action}_{model}" for model in RECORDS for action in ("view", "add", "change")),
    "cases.view_timelineentry",
    "cases.export_case",
]
SUPERVISOR = [
    *CASEWORKER,
    "cases.view_all_cases",
    "cases.approve_closure",
    "cases.override_consent",
    "cases.view_identity",
    "auditlog.view_logentry",
]


def grant(apps, schema_editor):
    grant_permissions(apps, Role.CASEWORKER, CASEWORKER)
    grant_permissions(apps, Role.SUPERVISOR, SUPERVISOR)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=[Role.CASEWORKER.value, Role.SUPERVISOR.value]):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="cases"))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("core", "0003_roles"),
        ("auditlog", "__latest__"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
