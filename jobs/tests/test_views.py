"""The operator page: each job's last run, backlog and oldest wait; for staff only."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

pytestmark = pytest.mark.django_db

URL = "/kabinet/jobs/"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("analyst", 200),
        ("head", 200),
        ("body_admin", 200),
        ("other_analyst", 200),
        ("platform_admin", 200),
        ("citizen", 403),
        ("business", 403),
        ("servant", 403),
    ],
)
def test_who_opens_the_operator_page(client, world, role, status):
    client.force_login(getattr(world, role))
    assert client.get(URL).status_code == status


def test_nobody_signed_in_is_sent_to_log_in(client):
    assert client.get(URL).status_code == 302


def test_the_page_shows_the_backlog_and_the_last_run(client, world):
    from inbox import services

    now = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)
    with time_machine.travel(now - dt.timedelta(hours=5), tick=False):
        services.item_receive(
            actor=world.system, received_by=world.body, kind="comment", channel="vk", text="?"
        )
    with time_machine.travel(now, tick=False):
        client.force_login(world.head)
        before = client.get(URL).content.decode()
        call_command("work", "--job", "inbox.escalate")
        after = client.get(URL).content.decode()
    assert "job-inboxescalate" in before, before[-3000:]
    row = before.split('id="job-inboxescalate"')[1].split("</tr>")[0]
    assert "ещё не запускалась" in row and ">1<" in row and "3 ч 0 мин" in row
    row = after.split('id="job-inboxescalate"')[1].split("</tr>")[0]
    assert "сделано 1" in row and ">0<" in row
