"""Each item points to its latest ledger line, whose balance is its stock on hand."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Max


def point_to_last_lines(apps, schema_editor):
    EquipmentItem = apps.get_model("trainings", "EquipmentItem")
    StockEntry = apps.get_model("trainings", "StockEntry")
    last = StockEntry.objects.values("item").annotate(last=Max("id")).values_list("item", "last")
    for item_id, entry_id in last:
        EquipmentItem.objects.filter(pk=item_id).update(last_entry_id=entry_id)


class Migration(migrations.Migration):

    dependencies = [
        ('trainings', '0004_stock_entry_balance'),
    ]

    operations = [
        migrations.AddField(
            model_name='equipmentitem',
            name='last_entry',
            field=models.OneToOneField(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='trainings.stockentry', verbose_name='last ledger line'),
        ),
        migrations.RunPython(point_to_last_lines, migrations.RunPython.noop),
    ]
