"""Texts that were stored translated become keys, translated when shown.

- A licence status change's note written by the office itself ("Licence issued.", in English or
  Indonesian, whichever language was active) becomes its `reason`; the note is left for a person's text.
- The audit trail's record names of enforcement actions held the stage's label in the language of the
  moment ("Karaoke X: Teguran tertulis dikirim"), and those of status changes the status key ("active"):
  they get the new names (venue and date of the violation; licence and effective date), which hold no
  translated text. The reverse puts the office's Indonesian notes back; the old names are not restored
  (a name has no meaning to undo, and the stage in them was the one at write time only).
"""

from django.db import migrations
from django.utils import timezone

# The three texts in both languages, as venues.services stored them before this migration.
NOTES = {
    "issued": ("Licence issued.", "Izin diterbitkan."),
    "replaced": ("Replaced by a new licence.", "Diganti dengan izin baru."),
    "decision": ("Decision of the licensing agency.", "Keputusan DPMPTSP."),
}


def notes_to_reasons(apps, schema_editor):
    change_model = apps.get_model("venues", "LicenseStatusChange")
    for reason, texts in NOTES.items():
        change_model.objects.filter(reason="", note__in=texts).update(reason=reason, note="")


def reasons_to_notes(apps, schema_editor):
    change_model = apps.get_model("venues", "LicenseStatusChange")
    for reason, (_english, indonesian) in NOTES.items():
        change_model.objects.filter(reason=reason, note="").update(note=indonesian)
    change_model.objects.exclude(reason="").update(reason="")


def rename_audit_records(apps, schema_editor):
    log_entry = apps.get_model("auditlog", "LogEntry")
    content_type = apps.get_model("contenttypes", "ContentType")
    action_model = apps.get_model("venues", "EnforcementAction")
    change_model = apps.get_model("venues", "LicenseStatusChange")
    # As venues.models.enforcement_name and LicenseStatusChange.__str__ write them now.
    names = {
        ("enforcementaction", pk): f"{venue} {timezone.localtime(at):%d-%m-%Y}"
        for pk, venue, at in action_model.objects.values_list("pk", "venue__name", "inspection__inspected_at")
    }
    names.update(
        (("licensestatuschange", pk), f"{number} ({effective_on:%d-%m-%Y})")
        for pk, number, effective_on in change_model.objects.values_list("pk", "license__number", "effective_on")
    )
    types = {
        item.model: item.pk
        for item in content_type.objects.filter(app_label="venues", model__in=["enforcementaction", "licensestatuschange"])
    }
    for (model, pk), name in names.items():
        if model in types:
            log_entry.objects.filter(content_type_id=types[model], object_pk=str(pk)).exclude(
                object_repr=name
            ).update(object_repr=name)


class Migration(migrations.Migration):
    dependencies = [
        ("venues", "0003_license_change_reason_team_version"),
        ("auditlog", "__latest__"),
        ("contenttypes", "__latest__"),
    ]

    operations = [
        migrations.RunPython(notes_to_reasons, reasons_to_notes),
        migrations.RunPython(rename_audit_records, migrations.RunPython.noop),
    ]
