"""The shared catalogue of segmentation attributes (R5): the standard lists of seed 003
(appendices 1–3) and the special attributes from the analysis of socially vulnerable
groups. Bodies extend it with their own attributes."""

from django.db import migrations

from segments.catalogue import CATALOGUE, load_standard_catalogue

def load(apps, schema_editor):
    load_standard_catalogue(apps.get_model("segments", "Attribute"))


def unload(apps, schema_editor):
    Attribute = apps.get_model("segments", "Attribute")
    Attribute.objects.filter(body=None, code__in=[c[0] for c in CATALOGUE]).delete()


class Migration(migrations.Migration):
    dependencies = [("segments", "0001_segments_profiles_research")]
    operations = [migrations.RunPython(load, unload)]
