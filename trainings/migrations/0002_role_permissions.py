"""What each role may do in the trainings app.

Training coordinators run the trainings (programmes, cohorts, sessions,
attendance, stock, hand-outs) and see every trainee's name, but get no case
permission. Caseworkers enroll their own participants and see their records.
Supervisors see and do everything.
"""

from django.db import migrations

from core.roles import Role, grant_permissions

MANAGED = [
    "program",
    "cohort",
    "budgetline",
    "kitline",
    "enrollment",
    "session",
    "attendance",
    "equipmentitem",
    "stockreceipt",
    "handout",
    "stockentry",
    "unmetneed",
    "livelihoodfollowup",
]

COORDINATOR = [
    *(f"trainings.{action}_{model}" for model in MANAGED for action in ("view", "add", "change")),
    "trainings.manage_trainings",
    "trainings.view_all_trainees",
    "trainings.export_trainings",
]
CASEWORKER = [
    *(f"trainings.view_{model}" for model in ("program", "cohort", "enrollment", "session", "attendance")),
    "trainings.view_handout",
    "trainings.add_enrollment",
    "trainings.view_unmetneed",
    "trainings.add_unmetneed",
    "trainings.view_livelihoodfollowup",
    "trainings.change_livelihoodfollowup",
    "trainings.export_trainings",
]
SUPERVISOR = sorted(set(COORDINATOR) | set(CASEWORKER))


def grant(apps, schema_editor):
    grant_permissions(apps, Role.COORDINATOR, COORDINATOR)
    grant_permissions(apps, Role.CASEWORKER, CASEWORKER)
    grant_permissions(apps, Role.SUPERVISOR, SUPERVISOR)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    roles = [Role.COORDINATOR.value, Role.CASEWORKER.value, Role.SUPERVISOR.value]
    for group in Group.objects.filter(name__in=roles):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="trainings"))


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0001_initial"),
        ("cases", "0002_role_permissions"),
        ("core", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
