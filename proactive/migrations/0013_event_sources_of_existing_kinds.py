"""Marks of event kinds that have no start event (the five kinds once listed in code that
no body mapped) are removed: a body that later adds a start event with such a code must
not find other bodies already marked as its sources."""

from django.db import migrations


def drop_orphan_marks(apps, schema_editor):
    EventSource = apps.get_model("proactive", "EventSource")
    Trigger = apps.get_model("proactive", "Trigger")
    EventSource.objects.exclude(kind__in=Trigger.objects.values("kind")).delete()


class Migration(migrations.Migration):
    dependencies = [("proactive", "0012_event_kinds_from_the_registry")]

    operations = [migrations.RunPython(drop_orphan_marks, migrations.RunPython.noop)]
