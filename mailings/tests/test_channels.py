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
    _sms()
    opened = client.get(_short_path(channels.outbox[0].text), follow=True)
    page = opened.content.decode()
    assert "Отписаться от рассылки?" in page and "ваша учётная запись" in page
    assert _sms(n=2) == "sent"  # opening the link (a scanner's GET) stopped nothing
    client.post(opened.redirect_chain[-1][0], {"List-Unsubscribe": "One-Click"})
    assert _sms(n=3) == "skipped"
    assert (
        services.notify(
            address="user:7",
            channel="push",
            to="7",
            topic="proactive_offers",
            subject="s",
            text="t",
        )
        == "skipped"
    )
    assert _sms(n=4, topic="rating_invitation") == "sent"  # per topic
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


def test_a_one_time_link_never_reaches_the_log(caplog, settings):
    """A one-time link is a key to a verified rating: the logging stand-in of the SMS
    gateway writes the notice without it."""
    import logging

    settings.NOTICE_GATEWAY = "log"
    with caplog.at_level(logging.INFO, logger="klientocentr.notify"):
        services.notify(
            address="user:7", channel="sms", to=PHONE, topic="rating_invitation", subject="s",
            text="Оцените: https://kc.example/o/i/AbC_123-xyz987654321/ спасибо",
        )  # fmt: skip
    assert "AbC_123" not in caplog.text and "/o/i/…/" in caplog.text
