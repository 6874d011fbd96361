"""One notification path for every channel (R24): preferences, keys and the digest queue
belong to an *address* (an e-mail address, or ``user:<id>`` for an account without
one); a queued message knows its channel and where it goes; what was told is kept
(``Notice``); an SMS carries a short unsubscribe link (``ShortLink``)."""

import django.utils.timezone
from django.db import migrations, models

TOPICS = [
    ("inbox_assigned", "Назначенные мне обращения"),
    ("inbox_escalation", "Просроченные обращения органа"),
    ("inbox_approval", "Ответы, ждущие одобрения руководителя"),
    ("appeal_answer", "Ответы на мои обращения"),
    ("segments_report", "Годовой отчёт о профилях сегментов"),
    ("proactive_offers", "Готовые услуги и решения по моим жизненным ситуациям"),
    ("feedback_answer", "Ответы органов на мои оценки"),
    ("rating_invitation", "Просьбы оценить полученную услугу"),
]
FREQUENCIES = [
    ("immediate", "Сразу"),
    ("daily", "Раз в день, одним сообщением"),
    ("weekly", "Раз в неделю, одним сообщением"),
    ("off", "Не присылать"),
]
CHANNELS = [
    ("email", "Электронная почта"),
    ("sms", "СМС"),
    ("push", "Уведомление в приложении"),
]


def queued_go_where_they_were_for(apps, schema_editor):
    """Mail queued before: it goes by e-mail to the address it was queued for."""
    apps.get_model("mailings", "QueuedMail").objects.update(to=models.F("address"))


class Migration(migrations.Migration):
    dependencies = [("mailings", "0005_rating_invitation_topic")]

    operations = [
        migrations.RemoveConstraint(model_name="mailingpreference", name="one_preference_per_topic"),
        migrations.RemoveIndex(model_name="queuedmail", name="mailings_qu_frequen_f0c238_idx"),
        migrations.RenameField(model_name="mailingpreference", old_name="email", new_name="address"),
        migrations.AlterField(
            model_name="mailingpreference",
            name="address",
            field=models.CharField(db_index=True, max_length=254, verbose_name="адрес"),
        ),
        migrations.AddConstraint(
            model_name="mailingpreference",
            constraint=models.UniqueConstraint(
                fields=("address", "topic"), name="one_preference_per_topic"
            ),
        ),
        migrations.RenameField(model_name="recipient", old_name="email", new_name="address"),
        migrations.AlterField(
            model_name="recipient",
            name="address",
            field=models.CharField(max_length=254, unique=True, verbose_name="адрес"),
        ),
        migrations.RenameField(model_name="queuedmail", old_name="email", new_name="address"),
        migrations.AlterField(
            model_name="queuedmail",
            name="address",
            field=models.CharField(max_length=254, verbose_name="адрес"),
        ),
        migrations.AddField(
            model_name="queuedmail",
            name="channel",
            field=models.CharField(
                choices=CHANNELS, default="email", max_length=10, verbose_name="канал"
            ),
        ),
        migrations.AddField(
            model_name="queuedmail",
            name="to",
            field=models.CharField(default="", max_length=254, verbose_name="куда"),
            preserve_default=False,
        ),
        migrations.RunPython(queued_go_where_they_were_for, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="queuedmail",
            index=models.Index(
                fields=["frequency", "sent_at", "address"], name="mailings_qu_frequen_e01629_idx"
            ),
        ),
        migrations.CreateModel(
            name="Notice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("address", models.CharField(max_length=254, verbose_name="адрес")),
                ("channel", models.CharField(choices=CHANNELS, max_length=10, verbose_name="канал")),
                ("topic", models.CharField(choices=TOPICS, max_length=40, verbose_name="тема")),
                ("subject", models.CharField(max_length=300, verbose_name="тема сообщения")),
                (
                    "outcome",
                    models.CharField(
                        choices=[
                            ("sent", "отправлено"),
                            ("queued", "отложено до сводки"),
                            ("skipped", "не отправлено: вы отписались"),
                        ],
                        max_length=10,
                        verbose_name="что сделано",
                    ),
                ),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="когда")),
            ],
            options={
                "verbose_name": "отправленное уведомление",
                "verbose_name_plural": "отправленные уведомления",
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["address", "-created_at"], name="mailings_no_address_idx")],
            },
        ),
        migrations.CreateModel(
            name="ShortLink",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=16, unique=True)),
                ("address", models.CharField(max_length=254, verbose_name="адрес")),
                ("topic", models.CharField(choices=TOPICS, max_length=40, verbose_name="тема")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("address", "topic"), name="one_short_link_per_topic")
                ],
            },
        ),
        migrations.AlterField(
            model_name="mailingpreference",
            name="frequency",
            field=models.CharField(
                choices=FREQUENCIES, default="immediate", max_length=10, verbose_name="как часто"
            ),
        ),
        migrations.AlterField(
            model_name="queuedmail",
            name="frequency",
            field=models.CharField(choices=FREQUENCIES, max_length=10),
        ),
    ]
