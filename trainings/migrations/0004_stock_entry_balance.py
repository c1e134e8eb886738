"""Stock on hand read from the last ledger line's balance, not summed over the ledger."""

from django.db import migrations, models


def fill_balances(apps, schema_editor):
    """Each existing line's balance: the running sum of its item's ledger, in id order."""
    StockEntry = apps.get_model("trainings", "StockEntry")
    balances: dict[int, int] = {}
    for entry in StockEntry.objects.order_by("id").iterator():
        balances[entry.item_id] = balances.get(entry.item_id, 0) + entry.quantity
        entry.balance = balances[entry.item_id]
        entry.save(update_fields=["balance"])


class Migration(migrations.Migration):

    dependencies = [
        ('trainings', '0003_stock_entry_index_without_include'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='stockentry',
            name='stock_entry_item_quantity',
        ),
        migrations.AddField(
            model_name='stockentry',
            name='balance',
            field=models.IntegerField(default=0, verbose_name='stock after'),
        ),
        migrations.RunPython(fill_balances, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='stockentry',
            index=models.Index(fields=['item', '-id'], name='stock_entry_item_last'),
        ),
        migrations.AddConstraint(
            model_name='stockentry',
            constraint=models.CheckConstraint(condition=models.Q(('balance__gte', 0)), name='stock_entry_balance_not_negative'),
        ),
    ]
