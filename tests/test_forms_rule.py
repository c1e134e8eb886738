"""Every form and admin of ours lists its fields: no `fields = "__all__"`, no `exclude`.

A new model field then never appears in a form, or in the admin, by accident:
for personal data that would be a leak.
"""

import importlib

from django import forms
from django.apps import apps
from django.contrib import admin

OUR_APPS = ("config", "core", "cases", "trainings", "venues")


def subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= subclasses(sub)
    return found


def ours(cls: type) -> bool:
    return cls.__module__.split(".")[0] in OUR_APPS and "<locals>" not in cls.__qualname__


def import_all_forms_and_admins() -> None:
    for app_config in apps.get_app_configs():
        if app_config.name in OUR_APPS:
            for module in ("forms", "admin", "filters"):
                try:
                    importlib.import_module(f"{app_config.name}.{module}")
                except ModuleNotFoundError as error:
                    if error.name != f"{app_config.name}.{module}":
                        raise


def offending_forms(form_classes) -> list[str]:
    offenders = []
    for form in form_classes:
        meta = getattr(form, "Meta", None)
        if getattr(meta, "fields", None) == "__all__" or getattr(meta, "exclude", None):
            offenders.append(f"{form.__module__}.{form.__qualname__}")
    return offenders


def test_model_forms_list_their_fields():
    import_all_forms_and_admins()
    assert offending_forms(filter(ours, subclasses(forms.ModelForm))) == []


def test_model_admins_list_their_fields():
    import_all_forms_and_admins()
    offenders = [
        f"{model_admin.__class__.__module__}.{model_admin.__class__.__qualname__}"
        for model_admin in admin.site._registry.values()
        if ours(model_admin.__class__) and (model_admin.fields == "__all__" or model_admin.exclude)
    ]
    assert offenders == []


def test_the_rule_catches_an_offender():
    class Offender(forms.ModelForm):
        class Meta:
            model = apps.get_model("core", "Province")
            fields = "__all__"  # noqa: DJ007 (the offence under test)

    class Excluder(forms.ModelForm):
        class Meta:
            model = apps.get_model("core", "Province")
            exclude = ["name"]  # noqa: DJ006 (the offence under test)

    assert offending_forms([Offender, Excluder]) == [
        f"{__name__}.test_the_rule_catches_an_offender.<locals>.Offender",
        f"{__name__}.test_the_rule_catches_an_offender.<locals>.Excluder",
    ]
