"""The office's roles. Each is a Django group holding model permissions; the
groups are created by a data migration (core/migrations/0003_roles.py) so that
every database has them, and each app grants its own permissions to them in its
own migrations through `grant_permissions`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # The value is the group's name in the database; the label is what users see.
    CASEWORKER = "Caseworker", _("Caseworker")
    SUPERVISOR = "Supervisor", _("Supervisor")
    INSPECTOR = "Venue inspector", _("Venue inspector")
    COORDINATOR = "Training coordinator", _("Training coordinator")


def grant_permissions(apps, role: Role | str, codenames: list[str]) -> None:
    """Give a role group "app_label.codename" permissions inside a migration.

    Permissions are normally created after `migrate` finishes; creating them
    here first lets a migration grant permissions on models it just created.
    """
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_config in apps.get_app_configs():
        # create_permissions skips apps whose models module is unset, as it is
        # in a migration's historical app registry.
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    group, _created = Group.objects.get_or_create(name=str(role))
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def role_label(group_name: str) -> str:
    """A role group's name as users read it ("Pendamping"); other groups keep their name."""
    return str(Role(group_name).label) if group_name in Role.values else group_name
