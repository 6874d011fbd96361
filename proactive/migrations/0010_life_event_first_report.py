"""A body reports a life event once (R16, R17): repeats stored before the platform
recognised them keep their rows (offers point at them) but are marked as repeats, so the
first report of each event can be unique."""

from django.db import migrations, models


REACHED = ("done", "no_consent")  # the report found its client


def mark_repeats(apps, schema_editor):
    """Of each group of reports of one event, the first that reached its client stays the
    first report (it holds the offers the client sees), else the earliest."""
    LifeEvent = apps.get_model("proactive", "LifeEvent")
    first: dict[tuple, tuple[bool, int]] = {}
    every: list[tuple[int, tuple]] = []
    fields = ("body_id", "kind", "snils", "inn", "occurred_on")
    rows = LifeEvent.objects.order_by("pk").values_list("pk", "status", *fields).iterator()
    for pk, status, *said in rows:
        key, reached = tuple(said), status in REACHED
        every.append((pk, key))
        chosen = first.get(key)
        if chosen is None or (reached and not chosen[0]):
            first[key] = (reached, pk)
    repeats = [pk for pk, key in every if first[key][1] != pk]
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
