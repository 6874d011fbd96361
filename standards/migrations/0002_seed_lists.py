"""The requirement lists of seed 001, one per kind of touchpoint (R29)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from standards.seed import load

    load(apps.get_model("standards", "RequirementList"), apps.get_model("standards", "Requirement"))


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
