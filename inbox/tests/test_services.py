"""Inbox services: deadlines (R22), routing, the gate and its audited approval (R23),
escalation, and answering in time or late."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from inbox import selectors, services
from inbox.models import Event, Item, Kind, Status
from inbox.tests.conftest import BUREAUCRATIC, PLAIN, T0

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "hours"),
    [("mention", 4), ("appeal", 2), ("comment", 2), ("message", 4), ("chatbot", 4)],
)
def test_deadline_of_each_kind(receive, kind, hours):  # R22
    with time_machine.travel(T0, tick=False):
        item = receive(kind=kind, at=None)
    assert item.due_at == T0 + dt.timedelta(hours=hours)


def test_body_sets_its_own_deadline_per_kind(world, receive):  # R22
    services.policy_update(actor=world.head, body=world.body, deadlines={"mention": 60})
    item = receive(kind="mention")
    assert item.due_at == T0 + dt.timedelta(minutes=60)
    assert receive(kind="comment", external_id="x").due_at == T0 + dt.timedelta(hours=2)


def test_analyst_cannot_change_the_rules(world):
    with pytest.raises(ValidationError):
        services.policy_update(actor=world.analyst, body=world.body, deadlines={"mention": 60})


def test_same_external_message_is_received_once(world, receive):
    first = receive(external_id="vk-1")
    again = receive(external_id="vk-1", text="другой текст")
    assert again.pk == first.pk
    assert Item.objects.count() == 1


def test_routing_by_keyword_forms_picks_category_and_answerer(world, receive, answerer):
    services.category_save(
        actor=world.head,
        body=world.body,
        name="Капитал",
        keywords="материнский капитал, капитал",
        answerer=answerer,
    )
    services.category_save(actor=world.head, body=world.body, name="Сад", keywords="детский сад")
    item = receive(text="Когда выдадут материнского капитала сертификат?")
    assert item.category.name == "Капитал"
    assert item.assignee == answerer
    assert item.routed_automatically
    assert item.status == Status.NEW


def test_routing_hands_an_item_to_the_body_that_answers_it(world, receive):
    services.category_save(
        actor=world.platform_admin,
        body=world.other_body,
        name="Единое пособие",
        keywords="единое пособие",
    )
    item = receive(text="Не пришло единое пособие за ноябрь")
    assert item.body == world.other_body
    assert item.received_by == world.body


def test_no_keyword_leaves_the_item_with_the_receiving_body(world, receive):
    item = receive(text="Добрый день")
    assert item.body == world.body and item.category is None


def test_plain_answer_is_sent_and_marked_in_time(world, receive, answerer):
    item = receive(author_contact="anna@example.ru")
    with time_machine.travel(T0 + dt.timedelta(minutes=90), tick=False):
        services.answer_send(actor=answerer, item=item, text=PLAIN)
    item.refresh_from_db()
    assert item.status == Status.ANSWERED
    assert item.answered_in_time is True
    assert item.answer_reading_ease > 30
    assert Event.objects.filter(item=item, type="answered", phrase="in_time").exists()


def test_answer_after_the_deadline_is_marked_late(world, receive, answerer):
    item = receive(kind="comment")
    with time_machine.travel(T0 + dt.timedelta(hours=3), tick=False):
        services.answer_send(actor=answerer, item=item, text=PLAIN)
    item.refresh_from_db()
    assert item.answered_in_time is False


def test_moving_to_private_messages_stops_the_clock(world, receive, answerer):  # R22
    item = receive()
    with time_machine.travel(T0 + dt.timedelta(minutes=30), tick=False):
        services.item_set_status(actor=answerer, item=item, status=Status.PRIVATE)
    item.refresh_from_db()
    assert item.answered_at == T0 + dt.timedelta(minutes=30)
    assert item.answered_in_time


def test_bureaucratic_answer_is_stopped_by_the_gate(world, receive, answerer):  # R23
    item = receive()
    with pytest.raises(ValidationError) as exc:
        services.answer_send(actor=answerer, item=item, text=BUREAUCRATIC)
    messages = exc.value.message_dict["text"]
    assert any("одобрения руководителя" in m for m in messages)
    assert any("удобочитаемости" in m for m in messages)
    item.refresh_from_db()
    assert item.status == Status.NEW and item.answered_at is None


def test_head_approval_lets_exactly_that_text_through_and_is_audited(
    world, receive, answerer, django_capture_on_commit_callbacks
):  # R23
    item = receive()
    with django_capture_on_commit_callbacks(execute=True):
        services.approval_request(actor=answerer, item=item, text=BUREAUCRATIC)
    assert [m.to for m in mail.outbox] == [[world.head.email]]
    services.answer_approve(actor=world.head, item=item, comment="Юристы настаивают")
    audit = AuditEvent.objects.get(action="inbox.answer_approved")
    assert audit.actor == world.head
    assert audit.changes["comment"] == "Юристы настаивают"
    assert audit.changes["problems"]
    with pytest.raises(ValidationError):  # an edited text needs a new approval
        services.answer_send(actor=answerer, item=item, text=BUREAUCRATIC + " Ещё фраза.")
    services.answer_send(actor=answerer, item=item, text=BUREAUCRATIC)
    item.refresh_from_db()
    assert item.status == Status.ANSWERED


def test_only_the_head_approves(world, receive, answerer):
    item = receive()
    services.approval_request(actor=answerer, item=item, text=BUREAUCRATIC)
    for actor in (answerer, world.analyst, world.body_admin):
        with pytest.raises(ValidationError):
            services.answer_approve(actor=actor, item=item)


def test_plain_answer_needs_no_approval(world, receive, answerer):
    item = receive()
    with pytest.raises(ValidationError, match="одобрение не нужно"):
        services.approval_request(actor=answerer, item=item, text=PLAIN)


def test_body_thresholds_change_the_gate(world, receive, answerer):  # R23
    services.policy_update(
        actor=world.head,
        body=world.body,
        deadlines={},
        min_reading_ease=-100,
        max_grade=40,
        max_sentence_words=60,
        max_flags_per_100_words=60,
    )
    item = receive()
    services.answer_send(actor=answerer, item=item, text=BUREAUCRATIC)
    assert Item.objects.get(pk=item.pk).status == Status.ANSWERED


def test_escalation_mails_the_head_once_per_overdue_item(
    world, receive, django_capture_on_commit_callbacks
):  # R22
    item = receive(kind="comment")
    receive(kind="mention", external_id="m1")  # 4 hours: not yet overdue at T0+3h
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_escalate(now=T0 + dt.timedelta(hours=3)) == 1
        assert services.overdue_escalate(now=T0 + dt.timedelta(hours=3, minutes=5)) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.head.email]
    assert f"№ {item.pk}" in mail.outbox[0].subject
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    assert Event.objects.filter(item=item, type="escalated").exists()


def test_answered_items_are_not_escalated(world, receive, answerer):
    item = receive()
    services.answer_send(actor=answerer, item=item, text=PLAIN)
    assert services.overdue_escalate(now=T0 + dt.timedelta(days=1)) == 0


def test_answer_is_mailed_to_the_client_who_left_an_email(
    world, receive, answerer, django_capture_on_commit_callbacks
):
    item = receive(kind=Kind.APPEAL, channel="portal", author_contact="anna@example.ru")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_send(actor=answerer, item=item, text=PLAIN)
    sent = [m for m in mail.outbox if m.to == ["anna@example.ru"]]
    assert len(sent) == 1 and PLAIN in sent[0].body


def test_template_must_pass_the_checker(world):  # R23
    with pytest.raises(ValidationError) as exc:
        services.template_save(
            actor=world.analyst, body=world.body, title="Выплата", text=BUREAUCRATIC
        )
    assert "text" in exc.value.message_dict
    template = services.template_save(
        actor=world.analyst, body=world.body, title="Выплата", text=PLAIN
    )
    assert " пособие " in template.search_document


def test_import_is_all_or_nothing(world):
    rows = [
        {"kind": "comment", "channel": "vk", "text": "Вопрос", "external_id": "a"},
        {"kind": "comment", "channel": "vk", "text": "Вопрос", "url": "не ссылка"},
    ]
    with pytest.raises(ValidationError, match="Строка 3"):
        services.items_import(actor=world.analyst, body=world.body, rows=rows)
    assert Item.objects.count() == 0


def _write_statements(queries: list[dict[str, str]]) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]


@pytest.mark.parametrize("rows", [50, 2000])
def test_import_writes_in_a_few_bulk_statements_whatever_its_size(world, rows):
    """A large file must not hold the write lock row by row: on SQLite that froze every
    signed-in page for the length of the import (the session is a write too)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    data = [
        {"kind": "comment", "channel": "vk", "text": f"Когда придёт пособие {n}?",
         "external_id": f"vk-{n}"}
        for n in range(rows)
    ]  # fmt: skip
    with CaptureQueriesContext(connection) as ctx:
        created = services.items_import(actor=world.analyst, body=world.body, rows=data)
    assert created == rows == Item.objects.count()
    inserts = _write_statements(ctx.captured_queries)
    assert len(inserts) <= max(4, rows // 25)  # many rows per statement, not one each
    first_write = next(
        i for i, q in enumerate(ctx.captured_queries) if q["sql"].lstrip().startswith("INSERT")
    )
    during = [q["sql"].lstrip().split()[0] for q in ctx.captured_queries[first_write:]]
    assert set(during) <= {"INSERT", "RELEASE", "SAVEPOINT"}  # no reads while it holds the lock
    assert Item.objects.filter(external_id="vk-7").get().events.exists()


@pytest.mark.parametrize("error", ["integrity", "operational"])
def test_a_batch_that_fails_takes_the_earlier_batches_back(world, monkeypatch, error):
    from django.db import IntegrityError, OperationalError

    from inbox.models import Event

    monkeypatch.setattr(services, "IMPORT_BATCH", 10)
    real = Event.objects.bulk_create
    calls = []

    def failing_second_batch(objs, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            if error == "integrity":
                raise IntegrityError("arrived meanwhile")
            raise OperationalError("database is locked")
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(Event.objects, "bulk_create", failing_second_batch)
    rows = [
        {"kind": "comment", "channel": "vk", "text": f"Вопрос {n}", "external_id": f"x-{n}"}
        for n in range(25)
    ]
    expected = ValidationError if error == "integrity" else OperationalError
    with pytest.raises(expected):
        services.items_import(actor=world.analyst, body=world.body, rows=rows)
    assert Item.objects.count() == 0 and Event.objects.count() == 0


def test_import_skips_rows_repeated_within_the_file(world):
    row = {"kind": "comment", "channel": "vk", "text": "Вопрос", "external_id": "same"}
    assert services.items_import(actor=world.analyst, body=world.body, rows=[row, row]) == 1
    assert services.items_import(actor=world.analyst, body=world.body, rows=[row]) == 0


def test_reassigning_to_someone_outside_the_body_is_refused(world, receive, answerer):
    item = receive()
    with pytest.raises(ValidationError):
        services.item_assign(actor=answerer, item=item, assignee=world.other_analyst)
    services.item_assign(actor=answerer, item=item, assignee=world.analyst)
    item.refresh_from_db()
    assert item.assignee == world.analyst and item.status == Status.IN_WORK


def test_saving_a_changed_draft_is_a_step_in_the_history(world, receive, answerer):
    item = receive()
    services.draft_save(actor=answerer, item=item, text="Первый вариант")
    services.draft_save(actor=answerer, item=item, text="Первый вариант")  # unchanged
    services.draft_save(actor=answerer, item=item, text="Второй вариант ответа")
    assert Event.objects.filter(item=item, type="draft").count() == 2


def test_the_head_returns_an_answer_with_a_reason_and_the_answerer_is_told(
    world, receive, answerer, django_capture_on_commit_callbacks
):  # R23
    answerer.email = "olga@example.org"
    answerer.save()
    item = receive()
    services.approval_request(actor=answerer, item=item, text=BUREAUCRATIC)
    assert list(selectors.awaiting_approval(Item.objects.all())) == [item]
    with pytest.raises(ValidationError) as refused:
        services.answer_return(actor=world.head, item=item, comment="  ")
    assert "comment" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.answer_return(actor=answerer, item=item, comment="Сам себе верну")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_return(actor=world.head, item=item, comment="Уберите «до Вашего сведения»")
    assert [m.to for m in mail.outbox] == [["olga@example.org"]]
    assert "Уберите «до Вашего сведения»" in mail.outbox[0].body
    assert "/kabinet/inbox/" in mail.outbox[0].body
    assert not selectors.awaiting_approval(Item.objects.all()).exists()
    assert item.events.filter(type="returned").exists()
    assert AuditEvent.objects.filter(action="inbox.answer_returned").exists()


def test_an_approval_of_an_earlier_text_leaves_the_new_request_in_the_queue(
    world, receive, answerer
):  # R23
    item = receive()
    services.approval_request(actor=answerer, item=item, text=BUREAUCRATIC)
    services.answer_approve(actor=world.head, item=item)
    assert not selectors.awaiting_approval(Item.objects.all()).exists()
    services.approval_request(actor=answerer, item=item, text=BUREAUCRATIC + " Ещё фраза.")
    assert list(selectors.awaiting_approval(Item.objects.all())) == [item]
    assert selectors.inbox_summary(body_id=world.body.pk)["awaiting_approval"] == 1


@pytest.mark.parametrize(
    ("kind", "channel", "due_in"),
    [
        ("appeal", "portal", dt.timedelta(days=30)),  # a written appeal: 59-ФЗ, 30 days
        ("appeal", "email", dt.timedelta(days=30)),
        ("appeal", "vk", dt.timedelta(hours=2)),  # an appeal in a social network: R22
        ("comment", "vk", dt.timedelta(hours=2)),
        ("mention", "telegram", dt.timedelta(hours=4)),
    ],
)
def test_each_item_runs_on_its_own_clock(receive, kind, channel, due_in):  # R22, issue 23
    assert receive(kind=kind, channel=channel).due_at == T0 + due_in


@pytest.mark.django_db(transaction=True)
def test_answer_times_saved_longer_than_the_standard_are_brought_down() -> None:
    from tests.migrations import at, migrate

    with at([("inbox", "0003_event_phrase")]) as old:
        body = old.get_model("accounts", "Body").objects.create(
            slug="clock", short_name="Орган", name="Орган"
        )
        Deadline = old.get_model("inbox", "Deadline")
        Deadline.objects.create(body=body, kind="mention", minutes=600)
        Deadline.objects.create(body=body, kind="comment", minutes=60)
        new = migrate([("inbox", "0004_deadline_clocks")])
        saved = dict(new.get_model("inbox", "Deadline").objects.values_list("kind", "minutes"))
        assert saved == {"mention": 240, "comment": 60}  # looser lowered, stricter kept


def test_nearly_due_must_come_before_the_shortest_answer_time(world):
    """A «nearly due» margin as long as an answer time flags every item from its first
    minute: refused, naming the field, nothing saved."""
    with pytest.raises(ValidationError) as refused:
        services.policy_update(
            actor=world.head, body=world.body, deadlines={"comment": 10}, near_due_minutes=60
        )
    assert "near_due_minutes" in refused.value.message_dict
    assert services.deadline_minutes(world.body.pk, "comment") == 120


def test_nearly_due_is_checked_against_the_answer_times_already_saved(world):
    services.policy_update(actor=world.head, body=world.body, deadlines={"comment": 40})
    with pytest.raises(ValidationError) as refused:  # only another clock sent this time
        services.policy_update(
            actor=world.head, body=world.body, deadlines={"written": 10 * 24 * 60},
            near_due_minutes=45,
        )  # fmt: skip
    assert "near_due_minutes" in refused.value.message_dict
    with pytest.raises(ValidationError):  # shortening below the saved margin (30 by default)
        services.policy_update(actor=world.head, body=world.body, deadlines={"mention": 20})
