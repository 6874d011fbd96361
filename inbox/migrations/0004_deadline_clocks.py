"""Answer clocks (issue 23): a written appeal from the portal or by e-mail has its own
(59-ФЗ, 30 days); a body's answer time may be shorter than the standard's, never longer —
times saved longer before are brought down to the standard's."""

from django.db import migrations, models

#: The standard's longest answer times when this migration was written (R22; 59-ФЗ).
LONGEST = {
    "appeal": 120,
    "comment": 120,
    "mention": 240,
    "message": 240,
    "chatbot": 240,
    "written": 30 * 24 * 60,
}


def no_longer_than_the_standard(apps, schema_editor):
    Deadline = apps.get_model("inbox", "Deadline")
    for clock, longest in LONGEST.items():
        Deadline.objects.filter(kind=clock, minutes__gt=longest).update(minutes=longest)


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0003_event_phrase"),
    ]

    operations = [
        migrations.AlterField(
            model_name="deadline",
            name="kind",
            field=models.CharField(
                choices=[
                    ("appeal", "Официальное обращение"),
                    ("comment", "Комментарий под официальным постом"),
                    ("mention", "Упоминание органа"),
                    ("message", "Сообщение в мессенджере"),
                    ("chatbot", "Вопрос из чат-бота"),
                    ("written", "Письменное обращение с портала или по почте (59-ФЗ)"),
                ],
                max_length=10,
                verbose_name="вид",
            ),
        ),
        migrations.RunPython(no_longer_than_the_standard, migrations.RunPython.noop),
    ]
