"""One path for every channel (R24; issue 23): SMS and push go through the same
preferences, digests and record of what was sent as mail, and an SMS carries a short
link that stops its topic."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command

from mailings import channels, services
from mailings.models import Notice

pytestmark = pytest.mark.django_db

PHONE = "+79161234567"
SNILS = "123-456-789 64"


def _sms(address: str = "user:7", n: int = 1, topic: str = "proactive_offers") -> str:
    return services.notify(
        address=address,
        channel="sms",
        to=PHONE,
        topic=topic,
        subject=f"Тема {n}",
        text=f"Текст {n}",
    )


def _short_path(text: str) -> str:
    found = re.search(r"Не присылать такие СМС: https?://[^/]+(/m/\S+)", text)
    assert found is not None, text
    return found.group(1)


def test_an_sms_goes_to_the_phone_with_a_short_unsubscribe_link():  # R24
    assert _sms() == "sent"
    [sms] = channels.outbox
    assert sms.channel == "sms" and sms.to == PHONE
    assert sms.text.startswith("Текст 1\n")
    assert len(_short_path(sms.text)) <= len("/m/") + 10  # short enough for an SMS
    assert mail.outbox == []


def test_the_short_link_asks_then_stops_the_topic_on_every_channel(client):  # R24
    _sms(address="anna@example.test")
    path = _short_path(channels.outbox[0].text)
    page = client.get(path).content.decode()
    assert "Отписаться от рассылки?" in page and "«Готовые услуги" in page
    # The phone may have a new owner: the page names no address and leads nowhere else.
    assert "anna@example.test" not in page and "/rassylki/" not in page
    assert _sms(address="anna@example.test", n=2) == "sent"  # opening it stopped nothing
    assert "Вы отписались" in client.post(path).content.decode()
    assert _sms(address="anna@example.test", n=3) == "skipped"
    assert (
        services.notify(
            address="anna@example.test",
            channel="push",
            to="7",
            topic="proactive_offers",
            subject="s",
            text="t",
        )
        == "skipped"
    )
    assert _sms(address="anna@example.test", n=4, topic="rating_invitation") == "sent"
    assert client.get("/m/nonsense").status_code == 404


def test_an_account_with_mail_keeps_one_set_of_preferences_for_every_channel():  # R24
    address = services.address_of(email="Client@Example.test", user_id=7)
    assert address == "client@example.test"
    services.preference_set(email=address, topic="rating_invitation", frequency="off")
    assert _sms(address, topic="rating_invitation") == "skipped"
    assert channels.outbox == []


def test_sms_digest_is_one_sms_with_the_texts():  # R24
    services.preference_set(email="user:7", topic="proactive_offers", frequency="daily")
    assert [_sms(n=n) for n in (1, 2)] == ["queued", "queued"]
    assert channels.outbox == []
    call_command("work", "--job", "mailings.daily")
    [digest] = channels.outbox
    assert digest.to == PHONE and "Текст 1" in digest.text and "Текст 2" in digest.text
    assert "/m/" in digest.text and mail.outbox == []


def test_every_notice_is_recorded_with_its_outcome_and_no_text(client, world):  # R24
    address = services.address_of(email="", user_id=world.citizen.pk)
    _sms(address, n=1)
    services.preference_set(email=address, topic="proactive_offers", frequency="off")
    _sms(address, n=2)
    services.mail_send(email="x@example.test", topic="appeal_answer", subject="Ответ", body="Да")
    assert list(Notice.objects.filter(address=address).values_list("channel", "outcome")) == [
        ("sms", "skipped"),
        ("sms", "sent"),
    ]
    assert Notice.objects.get(address="x@example.test").channel == "email"
    # The person sees what was sent on their preferences page; another address's is not there.
    world.citizen.email = ""
    world.citizen.save()
    client.force_login(world.citizen)
    page = client.get("/kabinet/rassylki/").content.decode()
    assert "Что мы вам отправляли" in page
    assert page.count("не отправлено: вы отписались") == 1 and "Электронная почта" not in page


def test_the_logging_stand_in_keeps_secrets_and_says_nothing_was_delivered(caplog, settings):
    """A one-time link is a key to a verified rating, a short link's code stops a person's
    notices, a phone is personal data: the logging stand-in of the SMS gateway writes none
    of them — and the record says the SMS reached nobody (152-ФЗ; R24)."""
    import logging

    settings.NOTICE_GATEWAY = "log"
    with caplog.at_level(logging.INFO, logger="klientocentr.notify"):
        outcome = services.notify(
            address="user:7", channel="sms", to=PHONE, topic="rating_invitation", subject="s",
            text="Оцените: https://kc.example/o/i/AbC_123-xyz987654321/ спасибо",
        )  # fmt: skip
    assert "AbC_123" not in caplog.text and "/o/i/…/" in caplog.text
    assert "/m/…" in caplog.text and not re.search(r"/m/[A-Za-z0-9]", caplog.text)
    assert PHONE not in caplog.text and "+7 916 ***-**-67" in caplog.text
    assert outcome == "logged"
    assert Notice.objects.get().get_outcome_display().startswith("не отправлено")


def test_choices_made_without_an_e_mail_hold_after_one_is_added(world):  # R24
    """An SMS client without an e-mail turned a topic off (``user:<id>``); the account
    gets an e-mail: the choice still holds, and the old SMS link still works."""
    citizen = world.citizen
    citizen.email = ""
    citizen.save()
    key = services.address_of(email="", user_id=citizen.pk)
    path = None
    assert _sms(key, n=1) == "sent"
    path = _short_path(channels.outbox[0].text)
    services.preference_set(email=key, topic="rating_invitation", frequency="off")
    citizen.email = "new@example.test"
    citizen.save()
    address = services.address_of(email=citizen.email, user_id=citizen.pk)
    said = services.notify(
        address=address, channel="email", to=address, topic="rating_invitation",
        subject="s", text="t", user_id=citizen.pk,
    )  # fmt: skip
    assert said == "skipped" and mail.outbox == []
    # The SMS link of before, opened now, stops the topic for the e-mail too.
    from django.test import Client

    Client().post(path)
    assert services.frequency_for(address, "proactive_offers") == "off"


def test_a_digest_goes_to_the_phone_the_person_has_now(world):  # R24
    from proactive import services as proactive

    proactive.client_profile_set(
        actor=None, user=world.citizen, snils=SNILS, notify_by="sms", phone="+7 916 123-45-67"
    )
    address = services.address_of(email=world.citizen.email, user_id=world.citizen.pk)
    services.preference_set(email=address, topic="proactive_offers", frequency="daily")
    _sms(address, n=1)
    proactive.client_profile_set(
        actor=None, user=world.citizen, snils=SNILS, notify_by="sms", phone="+7 926 765-43-21"
    )
    call_command("work", "--job", "mailings.daily")
    assert [s.to for s in channels.outbox] == ["+79267654321"]


def test_an_sms_digest_has_its_heading_and_stays_short():  # R24
    services.preference_set(email="user:7", topic="proactive_offers", frequency="daily")
    for n in range(12):
        _sms(n=n)
    services.notify(
        address="user:7", channel="sms", to=PHONE, topic="proactive_offers", subject="Длинное",
        text="Очень длинный текст. " * 40,
    )  # fmt: skip
    call_command("work", "--job", "mailings.daily")
    [digest] = channels.outbox
    lines = digest.text.splitlines()
    assert lines[0].startswith("Сводка «Готовые услуги") and lines[0].endswith(": 13")
    assert "И ещё 1 — в личном кабинете:" in digest.text and "/kabinet/" in digest.text
    body = digest.text.split("\nНе присылать такие СМС:")[0]
    assert len(body) < services.SHORT_DIGEST_MAX + 100


def test_the_record_of_what_was_sent_is_purged_after_half_a_year():  # R24, 152-ФЗ
    import datetime as dt

    import time_machine

    with time_machine.travel(dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC)):
        _sms(n=1)
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)):
        _sms(n=2)
    with time_machine.travel(dt.datetime(2026, 7, 20, 12, tzinfo=dt.UTC)):
        call_command("work", "--job", "mailings.purge")
    assert list(Notice.objects.values_list("subject", flat=True)) == ["Тема 2"]


def test_a_batch_of_notices_costs_the_same_queries_whatever_its_size(
    django_assert_num_queries,
):  # R24 on the runner's hot path
    def batch(n: int, start: int) -> list[services.Outgoing]:
        return [
            services.Outgoing(
                address=f"c{i}@example.test",
                channel="email",
                to=f"c{i}@example.test",
                topic="proactive_offers",
                subject="Готово",
                text="Есть решения",
                user_id=i,
            )
            for i in range(start, start + n)
        ]

    services.preference_set(email="c101@example.test", topic="proactive_offers", frequency="off")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        services.notify_many(batch(3, 100))
    with CaptureQueriesContext(connection) as many:
        outcomes = services.notify_many(batch(12, 200))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert outcomes == ["sent"] * 12 and len(mail.outbox) == 2 + 12  # c101 is off
    assert Notice.objects.filter(outcome="skipped").count() == 1
