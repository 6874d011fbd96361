"""A body reports a life event once (R16, R17): repeats stored before the platform
recognised them keep their rows (offers point at them) but are marked as repeats, so the
first report of each event can be unique."""

from django.db import migrations, models


def mark_repeats(apps, schema_editor):
    LifeEvent = apps.get_model("proactive", "LifeEvent")
    seen: set[tuple] = set()
    repeats = []
    fields = ("body_id", "kind", "snils", "inn", "occurred_on")
    for pk, *said in LifeEvent.objects.order_by("pk").values_list("pk", *fields).iterator():
        key = tuple(said)
        if key in seen:
            repeats.append(pk)
        seen.add(key)
    for start in range(0, len(repeats), 500):
        LifeEvent.objects.filter(pk__in=repeats[start : start + 500]).update(first_report=False)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_business_ids"),
        ("proactive", "0009_life_event_claim_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="lifeevent",
            name="first_report",
            field=models.BooleanField(default=True),
        ),
        migrations.RunPython(mark_repeats, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="lifeevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("first_report", True)),
                fields=("body", "kind", "snils", "inn", "occurred_on"),
                name="one_report_of_a_life_event_per_body",
            ),
        ),
    ]
