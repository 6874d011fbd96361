"""The inbox's background jobs: escalation (R22) and pulling from connectors, run as the
runner runs them (``manage.py work --job``)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from inbox.models import Item
from inbox.tests.conftest import T0

pytestmark = pytest.mark.django_db(transaction=True)


def test_escalate_command_mails_heads_of_overdue_items(world, receive):  # R22
    receive(kind="comment")
    out = io.StringIO()
    with time_machine.travel(T0 + dt.timedelta(hours=3)):
        call_command("work", "--job", "inbox.escalate", stdout=out)
        call_command("work", "--job", "inbox.escalate", stdout=out)
    assert out.getvalue().split() == ["inbox.escalate:", "1"]  # the second run did nothing
    assert [m.to for m in mail.outbox] == [[world.head.email]]


def test_pull_from_the_demo_connector_is_idempotent(world, settings):
    settings.INBOX_PULL_BODIES = [world.body.slug]
    with time_machine.travel(T0, tick=False):
        call_command("work", "--job", "inbox.pull", stdout=io.StringIO())
        first = Item.objects.count()
        call_command("work", "--job", "inbox.pull", stdout=io.StringIO())
    assert first == 3 and Item.objects.count() == 3
    assert set(Item.objects.values_list("kind", flat=True)) == {"mention", "comment"}


def test_pull_reads_only_the_bodies_listed(world, settings):
    settings.INBOX_PULL_BODIES = ["nope"]
    call_command("work", "--job", "inbox.pull", stdout=io.StringIO())
    assert not Item.objects.exists()


def test_an_unknown_job_is_named_with_the_known_ones():
    with pytest.raises(CommandError, match=r"inbox\.escalate"):
        call_command("work", "--job", "inbox_escalate")


def test_answer_to_a_pulled_comment_is_published_through_its_connector(world, settings):
    from inbox import services
    from inbox.connectors import DemoConnector
    from inbox.models import Status
    from inbox.tests.conftest import PLAIN
    from tests.factories import UserFactory

    DemoConnector.sent.clear()
    settings.INBOX_PULL_BODIES = [world.body.slug]
    call_command("work", "--job", "inbox.pull", stdout=io.StringIO())
    item = Item.objects.filter(kind="comment").first()
    assert item is not None
    answerer = UserFactory.create(role="answerer", body=world.body)
    services.answer_send(actor=answerer, item=item, text=PLAIN)
    assert Item.objects.get(pk=item.pk).status == Status.ANSWERED
    assert DemoConnector.sent == [(item.external_id.partition(":")[2], PLAIN)]
