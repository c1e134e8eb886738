"""Create the office's roles as groups, so every database has them."""

from django.db import migrations

from core.roles import Role, grant_permissions

# Reference data is readable by every role; supervisors also see the staff list.
EVERYONE = ["core.view_province", "core.view_regency", "core.view_district", "core.view_village"]
EXTRA = {Role.SUPERVISOR: ["core.view_user"]}


def create_roles(apps, schema_editor):
    for role in Role:
        grant_permissions(apps, role, EVERYONE + EXTRA.get(role, []))


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[role.value for role in Role]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_regions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
