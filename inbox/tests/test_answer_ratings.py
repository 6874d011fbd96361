"""Every answer asks for a rating (seed 004 §5.1.6; «Решаем вместе»): the answer mailed to
the client carries a one-time link; the rating counts in the service's figures (R19); a low
one opens the item again for the head (R20, R22)."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from feedback.models import Rating
from inbox import services
from inbox.models import Event, Status
from inbox.tests.conftest import PLAIN, T0

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(world, receive, answerer, django_capture_on_commit_callbacks):
    """An appeal by e-mail about a service of our body, answered."""
    from tests.factories import ServiceFactory

    service = ServiceFactory.create(body=world.body, title="Пособие на ребёнка")
    item = receive(
        kind="appeal", channel="email", author_contact="anna@example.test", service=service
    )
    with time_machine.travel(T0), django_capture_on_commit_callbacks(execute=True):
        services.answer_send(actor=answerer, item=item, text=PLAIN)
    item.refresh_from_db()
    return item


def _link(message) -> str:
    found = re.search(
        r"Оцените его, это займёт минуту: https?://[^/]+(/o/i/[^/\s]+/)", message.body
    )
    assert found is not None, message.body
    return found.group(1)


def _rate(client, path: str, csat: int) -> None:
    assert client.post(path, {"csat": str(csat)}).status_code == 302


def test_the_answer_mail_carries_a_rating_link_that_counts_for_the_service(
    client, answered
):  # seed 004 §5.1.6, R19
    [message] = [m for m in mail.outbox if m.to == ["anna@example.test"]]
    assert message.body.startswith(PLAIN)
    _rate(client, _link(message), 5)
    rating = Rating.objects.get()
    assert rating.service == answered.service and rating.verdict == "verified"
    again = client.get(_link(message)).content.decode()
    assert "уже оценили" in again  # one answer, one rating


def test_a_low_rating_opens_the_item_again_and_tells_the_head(
    client, world, answered, django_capture_on_commit_callbacks
):  # R20, R22
    path = _link_of(answered)
    mail.outbox.clear()
    _rate(client, path, 2)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("work", "--job", "inbox.answer_ratings")
    answered.refresh_from_db()
    assert answered.status == Status.IN_WORK and answered.answer_score == 2
    assert answered.due_at > answered.answered_at  # a fresh clock, not already overdue
    kinds = list(Event.objects.filter(item=answered).values_list("type", flat=True))
    assert kinds[-2:] == ["rated", "reopened"]
    [to_head] = [m for m in mail.outbox if m.to == [world.head.email]]
    assert "Низкая оценка ответа" in to_head.subject and "2 из 5" in to_head.body
    call_command("work", "--job", "inbox.answer_ratings")  # a rating counts once
    assert Event.objects.filter(item=answered, type="reopened").count() == 1
    client.force_login(world.head)
    page = client.get(f"/kabinet/inbox/{answered.pk}/").content.decode()
    assert "2 из 5" in page and "обращение снова в работе" in page
    stats = client.get("/kabinet/inbox/stats/?days=366").content.decode()
    assert "Оценок ответов: 1, средняя — 2,0 из 5. Низких: 1" in stats


def test_a_good_rating_is_kept_and_the_item_stays_answered(client, answered):
    _rate(client, _link_of(answered), 4)
    call_command("work", "--job", "inbox.answer_ratings")
    answered.refresh_from_db()
    assert (answered.status, answered.answer_score) == (Status.ANSWERED, 4)
    assert not Event.objects.filter(item=answered, type="reopened").exists()


def test_an_answer_given_again_asks_again(
    client, world, answered, answerer, django_capture_on_commit_callbacks
):
    _rate(client, _link_of(answered), 1)
    call_command("work", "--job", "inbox.answer_ratings")
    answered.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_send(actor=answerer, item=answered, text=PLAIN + " Позвоним завтра.")
    second = _link_of(answered)
    _rate(client, second, 5)
    call_command("work", "--job", "inbox.answer_ratings")
    answered.refresh_from_db()
    assert (answered.status, answered.answer_score) == (Status.ANSWERED, 5)


def test_nothing_to_rate_without_a_service_or_life_situation(
    world, receive, answerer, django_capture_on_commit_callbacks
):
    item = receive(kind="appeal", channel="email", author_contact="ivan@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_send(actor=answerer, item=item, text=PLAIN)
    [message] = [m for m in mail.outbox if m.to == ["ivan@example.test"]]
    assert "/o/i/" not in message.body and message.body.startswith(PLAIN)


def _link_of(item) -> str:
    [message] = [m for m in mail.outbox if m.to == [item.author_contact]]
    return _link(message)
