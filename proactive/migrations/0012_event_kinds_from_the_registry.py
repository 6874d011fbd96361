"""Start events from the registry (issue 23): the kinds of life event are the rows of
``Trigger`` — a code systems send, the event's name and the life situation it starts —
kept by the life situation's body in the browser, not a list of five in code."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

#: The names the five kinds had in code, for the rows that exist.
TITLES = {
    "birth_registered": "Зарегистрировано рождение ребёнка",
    "retirement_age": "Достигнут пенсионный возраст",
    "business_registered": "Зарегистрирован ИП",
    "address_changed": "Изменилось место жительства",
    "job_lost": "Прекращён трудовой договор",
}


def name_the_kinds(apps, schema_editor):
    Trigger = apps.get_model("proactive", "Trigger")
    for trigger in Trigger.objects.all():
        trigger.title = TITLES.get(trigger.kind, trigger.kind)
        trigger.save(update_fields=["title"])


class Migration(migrations.Migration):
    dependencies = [("proactive", "0011_offer_granted"), ("registry", "0005_service_who_cost_apply")]

    operations = [
        migrations.AlterField(
            model_name="eventsource",
            name="kind",
            field=models.CharField(max_length=30, verbose_name="событие"),
        ),
        migrations.AlterField(
            model_name="lifeevent",
            name="kind",
            field=models.CharField(max_length=30, verbose_name="событие"),
        ),
        migrations.AlterField(
            model_name="trigger",
            name="kind",
            field=models.CharField(
                max_length=30,
                unique=True,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[a-z][a-z0-9_]{2,29}$",
                        "Код: от 3 до 30 строчных латинских букв, цифр и «_», начиная с буквы.",
                    )
                ],
                verbose_name="код события",
            ),
        ),
        migrations.AddField(
            model_name="trigger",
            name="title",
            field=models.CharField(default="", max_length=200, verbose_name="событие"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="trigger",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.RunPython(name_the_kinds, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="trigger",
            name="life_situation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="registry.lifesituation",
                verbose_name="жизненная ситуация",
            ),
        ),
        migrations.AlterModelOptions(
            name="trigger",
            options={
                "ordering": ["title"],
                "verbose_name": "стартовое событие",
                "verbose_name_plural": "стартовые события",
            },
        ),
    ]
