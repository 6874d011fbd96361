"""The migration to one path for every channel keeps what people chose and what waits
for their digest (R24)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command

from mailings import services
from tests.migrations import at, migrate

BEFORE = [("mailings", "0005_rating_invitation_topic")]
AFTER = [("mailings", "0006_one_path_for_every_channel")]


@pytest.mark.django_db(transaction=True)
def test_preferences_and_queued_mail_survive_the_move_to_addresses() -> None:  # R24
    with at(BEFORE) as old:
        old.get_model("mailings", "MailingPreference").objects.create(
            email="head@example.test", topic="inbox_escalation", frequency="off"
        )
        old.get_model("mailings", "QueuedMail").objects.create(
            email="head@example.test", topic="inbox_assigned", frequency="daily",
            subject="Назначено", body="Обращение 7",
        )  # fmt: skip
        migrate(AFTER)
        assert services.frequency_for("head@example.test", "inbox_escalation") == "off"
        call_command("work", "--job", "mailings.daily")
        [digest] = mail.outbox
        assert digest.to == ["head@example.test"] and "Обращение 7" in str(digest.body)
