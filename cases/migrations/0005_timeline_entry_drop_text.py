"""The text of a timeline entry is rendered when read (see 0004); the column goes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_timeline_entry_params"),
    ]

    operations = [
        # A default first, so that going back can add the column to a table with rows.
        migrations.AlterField(
            model_name="timelineentry", name="text", field=models.TextField(default="", verbose_name="text")
        ),
        migrations.RemoveField(model_name="timelineentry", name="text"),
    ]
