"""Timeline entries become a kind and its parameters, rendered in the reader's language.

Entries written before keep what can be read back from their text (written in
English or Indonesian); the rest keep their text as it was (`legacy_text`).
"""

import re

from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations, models

LEGACY_TEXT = "legacy_text"

# The fixed sentences of the old services, in both languages they were written in.
FIXED = {
    "Case opened.": "opened",
    "Kasus dibuka.": "opened",
    "Closure approved; case closed.": "closure_approved",
    "Terminasi disetujui; kasus ditutup.": "closure_approved",
    "Closure request declined.": "closure_declined",
    "Pengajuan terminasi ditolak.": "closure_declined",
    "Case archived.": "archived",
    "Kasus diarsipkan.": "archived",
}
STATUS_LABELS = {
    "Intake": "intake",
    "Penerimaan awal": "intake",
    "Active": "active",
    "Aktif": "active",
    "Returned home": "returned_home",
    "Sudah dipulangkan": "returned_home",
    "Monitoring": "monitoring",
    "Pemantauan": "monitoring",
    "Closed": "closed",
    "Ditutup": "closed",
}
STATUS = [
    re.compile(r"^Status changed from (?P<from>.+) to (?P<to>.+)\.$"),
    re.compile(r"^Status diubah dari (?P<from>.+) menjadi (?P<to>.+)\.$"),
]
CLOSURE_REQUESTED = re.compile(r"^(?:Closure requested|Terminasi diajukan): (?P<reason>.*)$", re.DOTALL)


def kind_and_params(kind: str, text: str) -> tuple[str, dict]:
    if kind == "opened" or text in FIXED:
        return FIXED.get(text, "opened"), {}
    for pattern in STATUS:
        match = pattern.match(text)
        if match and match["from"] in STATUS_LABELS and match["to"] in STATUS_LABELS:
            return "status", {"from": STATUS_LABELS[match["from"]], "to": STATUS_LABELS[match["to"]]}
    match = CLOSURE_REQUESTED.match(text)
    if kind == "closure_requested" and match:
        return kind, {"reason": match["reason"]}
    return kind, {LEGACY_TEXT: text}


def to_params(apps, schema_editor):
    TimelineEntry = apps.get_model("cases", "TimelineEntry")
    batch = []
    for entry in TimelineEntry.objects.only("kind", "text").iterator(chunk_size=2000):
        entry.kind, entry.params = kind_and_params(entry.kind, entry.text)
        batch.append(entry)
        if len(batch) == 2000:
            TimelineEntry.objects.bulk_update(batch, ["kind", "params"])
            batch = []
    TimelineEntry.objects.bulk_update(batch, ["kind", "params"])


def to_text(apps, schema_editor):
    """Back to sentences, in Indonesian (the office's language), through today's kinds."""
    from django.utils import translation

    from cases.timeline import render

    TimelineEntry = apps.get_model("cases", "TimelineEntry")
    reverse_kinds = {
        "closure_approved": "status",
        "closure_declined": "status",
        "archived": "other",
        "referral_updated": "referral",
        "consent_override": "referral",
    }
    with translation.override("id"):
        for entry in TimelineEntry.objects.iterator(chunk_size=2000):
            entry.text = render(entry.kind, entry.params) or entry.kind
            entry.kind = reverse_kinds.get(entry.kind, entry.kind)[:20]
            entry.save(update_fields=["text", "kind"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_case_worker_status_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="timelineentry",
            name="params",
            field=models.JSONField(blank=True, default=dict, encoder=DjangoJSONEncoder, verbose_name="parameters"),
        ),
        migrations.AlterField(
            model_name="timelineentry",
            name="kind",
            field=models.CharField(max_length=40, verbose_name="kind"),
        ),
        migrations.RunPython(to_params, to_text),
    ]
