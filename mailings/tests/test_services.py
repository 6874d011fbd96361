"""Mailing preferences (R24): every mail carries one-click unsubscribe, and the chosen
frequency is honoured by every sender."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command

from audit.models import AuditEvent
from mailings import services
from mailings.models import QueuedMail
from mailings.topics import TOPICS

pytestmark = pytest.mark.django_db

EMAIL = "head@example.test"


def _send(n: int = 1, topic: str = "inbox_escalation") -> services.Outcome:
    return services.mail_send(email=EMAIL, topic=topic, subject=f"Тема {n}", body=f"Текст {n}")


def _unsubscribe_path(message: EmailMessage) -> str:
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    return re.sub(r"^https?://[^/]+", "", url)


def test_every_mail_carries_rfc8058_headers_and_links():  # R24
    assert _send() == "sent"
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "Отписаться:" in message.body and "Как часто присылать:" in message.body


def test_one_click_unsubscribe_through_the_header_link(client):  # R24
    _send()
    path = _unsubscribe_path(mail.outbox[0])
    # What a mail client does (RFC 8058): POST without a session or CSRF token.
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Вы отписались" in response.content.decode()
    assert _send(2) == "skipped"
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="mailing.preference").count() == 1


def test_opening_the_unsubscribe_link_does_not_unsubscribe(client):
    _send()
    response = client.get(_unsubscribe_path(mail.outbox[0]))
    assert "Отписаться от рассылки?" in response.content.decode()
    assert _send(2) == "sent"


def test_unsubscribe_is_per_topic(client):
    _send()
    client.post(_unsubscribe_path(mail.outbox[0]))
    assert _send(topic="inbox_approval") == "sent"


def test_tampered_token_is_404(client):
    _send()
    path = _unsubscribe_path(mail.outbox[0]).replace("/rassylki/", "/rassylki/x")
    assert client.post(path).status_code == 404


def test_daily_frequency_queues_and_sends_one_digest():  # R24
    services.preference_set(email=EMAIL, topic="inbox_escalation", frequency="daily")
    assert [_send(n) for n in range(3)] == ["queued"] * 3
    assert mail.outbox == []
    call_command("work", "--job", "mailings.weekly")
    assert mail.outbox == []
    call_command("work", "--job", "mailings.daily")
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert all(f"Тема {n}" in digest.body for n in range(3))
    assert "List-Unsubscribe" in digest.extra_headers
    call_command("work", "--job", "mailings.daily")
    assert len(mail.outbox) == 1  # nothing is sent twice


def test_switching_off_drops_held_digest_mail():
    services.preference_set(email=EMAIL, topic="inbox_escalation", frequency="weekly")
    _send()
    services.preference_set(email=EMAIL, topic="inbox_escalation", frequency="off")
    call_command("work", "--job", "mailings.weekly")
    assert mail.outbox == []
    assert not QueuedMail.objects.filter(sent_at__isnull=True).exists()


def test_preferences_page_from_the_mail_link(client):  # R24
    _send()
    link = re.search(r"Как часто присылать: https?://[^/]+(\S+)", str(mail.outbox[0].body))
    assert link is not None
    path = link.group(1)
    page = client.get(path)
    assert page.status_code == 200 and EMAIL in page.content.decode()
    data = {topic: "immediate" for topic in TOPICS} | {"inbox_escalation": "weekly"}
    assert client.post(path, data).status_code == 302
    assert services.frequency_for(EMAIL, "inbox_escalation") == "weekly"
    bad = client.post(path, {**data, "inbox_escalation": "hourly"})
    assert bad.status_code == 200
    assert "Выберите корректный вариант" in bad.content.decode()
    assert services.frequency_for(EMAIL, "inbox_escalation") == "weekly"


def test_signed_in_user_sets_own_preferences(client, world):
    client.force_login(world.head)
    data = {topic: "immediate" for topic in TOPICS} | {"segments_report": "off"}
    client.post("/kabinet/rassylki/", data)
    assert services.frequency_for(world.head.email, "segments_report") == "off"


def test_segments_overdue_mail_honours_preferences(world, catalogue):
    """Another sender of the product goes through the same preferences (R24)."""
    import time_machine

    from segments.tests.conftest import make_final_ready  # noqa: F401 - fixtures of segments

    services.preference_set(email=world.head.email, topic="segments_report", frequency="off")
    from segments import services as segment_services

    segment_services.segment_create(
        actor=world.analyst,
        body=world.body,
        code="1",
        name="Сегмент",
        target="direction",
        direction="support",
    )
    with time_machine.travel("2027-05-01"):
        call_command("work", "--job", "segments.report_overdue")
    assert mail.outbox == []


def test_digest_that_fails_to_send_stays_queued(monkeypatch):
    services.preference_set(email=EMAIL, topic="inbox_escalation", frequency="daily")
    _send()

    def broken(self, fail_silently=False):
        raise ConnectionRefusedError("mail server is down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", broken)
    with pytest.raises(ConnectionRefusedError):
        services.digests_send(frequency="daily")
    assert QueuedMail.objects.filter(sent_at__isnull=True).count() == 1
    monkeypatch.undo()
    assert services.digests_send(frequency="daily") == 1
    assert len(mail.outbox) == 1


def test_a_citizen_is_offered_only_a_client_s_topics(client, world):
    """Issue 16: a citizen's mail settings listed the staff's topics (escalations, the
    segments report)."""
    world.citizen.email = "charlie@example.org"
    world.citizen.save()
    client.force_login(world.citizen)
    page = client.get("/kabinet/rassylki/").content.decode()
    assert "Ответы на мои обращения" in page
    assert "Просроченные обращения органа" not in page
    world.analyst.email = "alice@example.org"
    world.analyst.save()
    client.force_login(world.analyst)
    staff = client.get("/kabinet/rassylki/").content.decode()
    assert "Просроченные обращения органа" in staff and "Ответы на мои обращения" in staff
