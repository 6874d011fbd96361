"""A profile's attribute holds a list of values (several where the catalogue allows: the
new ``Attribute.multiple``); the one value each row had becomes a list of one. The old
column goes in the next migration, in its own transaction (PostgreSQL refuses to alter a
table with row changes pending in the same one)."""

from django.db import migrations, models

MULTIPLE = ["employment", "family", "channel", "beneficiary", "business_sector"]


def forwards(apps, schema_editor):
    Attribute = apps.get_model("segments", "Attribute")
    SegmentAttribute = apps.get_model("segments", "SegmentAttribute")
    Attribute.objects.filter(body=None, code__in=MULTIPLE).update(multiple=True)
    for row in SegmentAttribute.objects.only("pk", "value").iterator():
        SegmentAttribute.objects.filter(pk=row.pk).update(values=[row.value])


def backwards(apps, schema_editor):
    SegmentAttribute = apps.get_model("segments", "SegmentAttribute")
    for row in SegmentAttribute.objects.only("pk", "values").iterator():
        SegmentAttribute.objects.filter(pk=row.pk).update(value="; ".join(row.values)[:200])


class Migration(migrations.Migration):
    dependencies = [("segments", "0004_alter_segment_satisfaction_source")]

    operations = [
        migrations.AddField(
            model_name="attribute",
            name="multiple",
            field=models.BooleanField(
                default=False,
                help_text="Например, каналы обращения: человек пользуется несколькими.",
                verbose_name="можно выбрать несколько значений",
            ),
        ),
        migrations.AddField(
            model_name="segmentattribute",
            name="values",
            field=models.JSONField(default=list, verbose_name="значения"),
        ),
        # The old column stays until the values are copied; on the way back it is filled
        # again from the list.
        migrations.AlterField(
            model_name="segmentattribute",
            name="value",
            field=models.CharField(max_length=200, blank=True, default=""),
        ),
        migrations.RunPython(forwards, backwards),
    ]
