"""A function is granted, not offered (seed 000): offers of functions that wait for a
confirmation become granted — the state decided them from its data, and there is nothing
for the client to confirm."""

from django.db import migrations, models
from django.db.models import F


def grant_functions(apps, schema_editor):
    Offer = apps.get_model("proactive", "Offer")
    Offer.objects.filter(status="ready", service__kind="function").update(
        status="granted", answered_at=F("created_at")
    )


def offer_them_again(apps, schema_editor):
    Offer = apps.get_model("proactive", "Offer")
    Offer.objects.filter(status="granted").update(status="ready", answered_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("proactive", "0010_life_event_first_report"),
        ("registry", "0005_service_who_cost_apply"),
    ]

    operations = [
        migrations.AlterField(
            model_name="offer",
            name="status",
            field=models.CharField(
                choices=[
                    ("ready", "Готово: подтвердите"),
                    ("granted", "Назначено без заявления"),
                    ("form", "Нужно заполнить короткую форму"),
                    ("refused", "Сейчас нельзя: объясняем почему"),
                    ("confirmed", "Подтверждено"),
                    ("declined", "Отказались"),
                    ("withdrawn", "Отозвано: согласие отозвано"),
                ],
                max_length=10,
            ),
        ),
        migrations.RunPython(grant_functions, offer_them_again),
    ]
