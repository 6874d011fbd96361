"""Every answer asks for a rating (seed 004 §5.1.6; «Решаем вместе»): the answer mailed to
the client carries a one-time link; the rating counts in the service's figures (R19); a low
one opens the item again for the head (R20, R22)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from feedback.models import Rating
from inbox import services
from inbox.models import Event, Item, Status
from inbox.tests.conftest import PLAIN

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(world, receive, answerer, django_capture_on_commit_callbacks):
    """An appeal by e-mail about a service of our body, answered."""
    from tests.factories import ServiceFactory

    service = ServiceFactory.create(body=world.body, title="Пособие на ребёнка")
    item = receive(
        kind="appeal", channel="email", author_contact="anna@example.test", service=service
    )
    # Received at T0, answered now: the rating link lives 30 days from the answer.
    with django_capture_on_commit_callbacks(execute=True):
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
    # The clock runs anew: open again, due a written appeal's 30 days from now (59-ФЗ).
    assert answered.answered_at is None
    assert answered.due_at > timezone.now() + dt.timedelta(days=29)
    kinds = list(Event.objects.filter(item=answered).values_list("type", flat=True))
    assert kinds[-2:] == ["rated", "reopened"]
    [to_head] = [m for m in mail.outbox if m.to == [world.head.email]]
    assert "Низкая оценка ответа" in to_head.subject and "2 из 5" in to_head.body
    # Its own mailing topic: turning off overdue alerts does not silence these (R24).
    assert "/inbox_low_rating/" in to_head.extra_headers["List-Unsubscribe"]
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


def test_an_answer_given_again_asks_again_and_the_old_link_no_longer_counts(
    client, world, answered, answerer, django_capture_on_commit_callbacks
):
    first = _link_of(answered)
    _rate(client, first, 1)
    call_command("work", "--job", "inbox.answer_ratings")
    answered.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_send(actor=answerer, item=answered, text=PLAIN + " Позвоним завтра.")
    answered.refresh_from_db()
    assert answered.answered_at is not None  # the second answer's time
    second = _link_of(answered)
    _rate(client, second, 5)
    call_command("work", "--job", "inbox.answer_ratings")
    answered.refresh_from_db()
    assert (answered.status, answered.answer_score) == (Status.ANSWERED, 5)


def test_a_link_of_an_earlier_answer_changes_nothing(
    client, world, answered, answerer, django_capture_on_commit_callbacks
):
    first = _link_of(answered)
    Item.objects.filter(pk=answered.pk).update(status=Status.IN_WORK)  # reopened by hand
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_send(actor=answerer, item=answered, text=PLAIN + " Уточнили срок.")
    _rate(client, first, 1)  # the client rates the first answer after the second came
    call_command("work", "--job", "inbox.answer_ratings")
    answered.refresh_from_db()
    assert answered.status == Status.ANSWERED and answered.answer_score is None


def test_a_closed_item_opens_again_and_an_excluded_rating_does_not_count(
    client, world, answered
):  # R20
    from feedback.models import Rating

    Item.objects.filter(pk=answered.pk).update(status=Status.CLOSED)
    _rate(client, _link_of(answered), 1)
    Rating.objects.update(excluded=True, excluded_reason="Проверка")
    call_command("work", "--job", "inbox.answer_ratings")
    answered.refresh_from_db()
    assert answered.status == Status.CLOSED and answered.answer_score is None
    Rating.objects.update(excluded=False)
    call_command("work", "--job", "inbox.answer_ratings")
    answered.refresh_from_db()
    assert answered.status == Status.IN_WORK and answered.answer_score == 1


def test_an_answer_about_another_bodys_service_asks_for_no_rating(
    world, receive, answerer, django_capture_on_commit_callbacks
):  # R19: another body's figures never take a rating of this body's answer
    from tests.factories import ServiceFactory

    theirs = ServiceFactory.create(body=world.other_body)
    item = receive(
        kind="appeal", channel="email", author_contact="oleg@example.test", service=theirs
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_send(actor=answerer, item=item, text=PLAIN)
    [message] = [m for m in mail.outbox if m.to == ["oleg@example.test"]]
    assert "/o/i/" not in message.body


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


def test_the_link_asks_whether_the_answer_helped(client, answered):  # seed 004 §5.1.6
    """The page behind an answer's link asks about the answer, not the service at large."""
    page = client.get(_link_of(answered)).content.decode()
    assert "Помог ли ответ?" in page and "Ответ на ваше обращение" in page
    assert "Оцените, как прошло" not in page


def test_the_clients_comment_reaches_the_reopened_item_and_the_head(
    client, world, answered, django_capture_on_commit_callbacks
):  # R20
    path = _link_of(answered)
    mail.outbox.clear()
    assert (
        client.post(path, {"csat": "1", "comment": "Не сказали, куда нести справку"}).status_code
        == 302
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("work", "--job", "inbox.answer_ratings")
    rated = Event.objects.get(item=answered, type="rated")
    assert rated.detail == "Не сказали, куда нести справку"
    [to_head] = [m for m in mail.outbox if m.to == [world.head.email]]
    # the words stay in the history, not in mail (personal data)
    assert "Клиент оставил комментарий" in to_head.body
    assert "справку" not in to_head.body
    client.force_login(world.head)
    assert (
        "Не сказали, куда нести справку"
        in client.get(f"/kabinet/inbox/{answered.pk}/").content.decode()
    )


def test_another_bodys_invitation_cannot_reopen_the_item(client, world, answered):
    """A system may not name its invitation «inbox:…» to reach another body's appeals, and
    a rating through another body's invitation never counts for an item."""
    resp = client.post(
        "/api/v1/rating-invitations",
        {"service": answered.service.slug, "external_id": f"inbox:{answered.pk}:1"},
        content_type="application/json",
        HTTP_X_API_KEY=world.system_key,
    )
    assert resp.status_code == 422
    assert resp.json()["detail"][0]["field"] == "external_id"
