"""``insert_many``: COPY on PostgreSQL, ``bulk_create`` elsewhere — the rows read back as
they were written, and they belong to the caller's transaction (ADR 0015)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from audit.models import AuditEvent
from lib.bulk import insert_many
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db(transaction=True)

AWKWARD = "Табуляция\tперевод\nстроки, обратная \\ косая, кавычки \" ' и пустое: "


def _events(body, count: int) -> list[AuditEvent]:
    at = dt.datetime(2026, 12, 7, 10, 30, 15, 123456, tzinfo=dt.UTC)
    return [
        AuditEvent(
            at=at + dt.timedelta(seconds=i),
            actor_label=f"{AWKWARD}{i}",
            body=body if i % 2 else None,
            action="bulk.test",
            object_type="t",
            object_id=str(i),
            object_repr="объект",
            changes={"текст": AWKWARD, "список": [1, None, 2.5, True], "вложено": {"к": "\\N"}},
        )
        for i in range(count)
    ]


def test_rows_read_back_as_written_whatever_the_characters():
    body = BodyFactory.create()
    written = _events(body, 120)
    assert insert_many(written) == 120
    stored = list(AuditEvent.objects.filter(action="bulk.test").order_by("at"))
    assert [(e.at, e.actor_label, e.body_id, e.object_id, e.changes) for e in stored] == [
        (e.at, e.actor_label, e.body_id, e.object_id, e.changes) for e in written
    ]


def test_rows_go_with_the_callers_transaction():
    body = BodyFactory.create()
    with pytest.raises(RuntimeError), transaction.atomic():
        insert_many(_events(body, 10))
        assert AuditEvent.objects.filter(action="bulk.test").count() == 10
        raise RuntimeError("the batch failed after the insert")
    assert not AuditEvent.objects.filter(action="bulk.test").exists()


def test_nothing_to_write_costs_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_many([]) == 0


def test_a_broken_row_raises_djangos_error_and_writes_nothing():
    """A row the database refuses (here a foreign key to no body) fails the whole insert
    with Django's IntegrityError, as the ORM would, inside the caller's transaction."""
    from django.db import IntegrityError

    body = BodyFactory.create()
    events = _events(body, 4)
    events[3].body_id = body.pk + 10_000
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_many(events)
    assert not AuditEvent.objects.filter(action="bulk.test").exists()
