"""What each role may do in the venues app.

Inspectors see and record for the venues of their teams; supervisors also plan
the round, escalate, record the licensing agency's decisions and manage venues
and licences. Caseworkers and coordinators get nothing here.
"""

from django.db import migrations

from core.roles import Role, grant_permissions

INSPECTOR = [
    *(f"venues.view_{model}" for model in ("venue", "license", "licensestatuschange", "plannedvisit")),
    *(f"venues.{action}_{model}" for model in ("inspection", "evidence") for action in ("view", "add")),
    "venues.view_enforcementaction",
    "venues.add_personreferral",
    "venues.view_inspectionteam",
    "venues.export_venue",
]
SUPERVISOR = [
    *INSPECTOR,
    "venues.view_all_venues",
    "venues.plan_round",
    "venues.add_venue",
    "venues.change_venue",
    "venues.add_license",
    "venues.change_license",
    "venues.add_plannedvisit",
    "venues.change_plannedvisit",
    "venues.change_enforcementaction",
    "venues.escalate_enforcement",
    "venues.record_decision",
    "venues.view_personreferral",
    "venues.add_inspectionteam",
    "venues.change_inspectionteam",
]


def grant(apps, schema_editor):
    grant_permissions(apps, Role.INSPECTOR, INSPECTOR)
    grant_permissions(apps, Role.SUPERVISOR, SUPERVISOR)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=[Role.INSPECTOR.value, Role.SUPERVISOR.value]):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="venues"))


class Migration(migrations.Migration):
    dependencies = [
        ("venues", "0001_initial"),
        ("core", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
