"""Social-network and messenger connectors (R22) behind one interface.

A connector yields what clients wrote since the last pull; the ``inbox.pull`` job
(``services.connectors_pull``) hands each message to :func:`inbox.services.item_receive`,
which is idempotent on the message's external id, so pulling twice, or overlapping
windows, never duplicates an item. A real
connector (VK API, Telegram Bot API, МАХ) implements :class:`Connector` and is listed in
``settings.INBOX_CONNECTORS``; nothing else changes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger("klientocentr.inbox")


@dataclass(frozen=True)
class Incoming:
    external_id: str
    kind: str
    channel: str
    text: str
    received_at: dt.datetime
    author_name: str = ""
    url: str = ""


class Connector(Protocol):
    name: str

    def fetch(self, *, since: dt.datetime) -> Iterator[Incoming]: ...

    def reply(self, *, external_id: str, text: str) -> None:
        """Publish the body's answer under the client's post or in the chat."""


class DemoConnector:
    """Stands in for a social network: a fixed feed of posts, stamped relative to now, so a
    demo shows mentions and comments arriving. Real connectors replace it in settings."""

    name = "demo"
    FEED = [
        ("mention", "vk", "Минсоцзащиты, когда начнут платить компенсацию за садик?"),
        ("comment", "telegram", "Под постом про капитал: а на ремонт его можно потратить?"),
        ("comment", "ok", "Спасибо за разъяснение про субсидию на ЖКУ!"),
    ]

    def fetch(self, *, since: dt.datetime) -> Iterator[Incoming]:
        now = timezone.now()
        for n, (kind, channel, text) in enumerate(self.FEED):
            at = now - dt.timedelta(minutes=10 * (n + 1))
            if at >= since:
                # One id per hour and post: a pull within the hour finds nothing new.
                stamp = now.strftime("%Y%m%d%H")
                yield Incoming(f"demo-{stamp}-{n}", kind, channel, text, at, f"Подписчик {n + 1}")

    def reply(self, *, external_id: str, text: str) -> None:
        log.info("demo connector: reply to %s: %s", external_id, text[:200])
        DemoConnector.sent.append((external_id, text))

    #: What the demo "published", for the tests and the demo to see.
    sent: list[tuple[str, str]] = []


def configured() -> list[Connector]:
    return [import_string(path)() for path in getattr(settings, "INBOX_CONNECTORS", [])]


def for_external_id(external_id: str) -> tuple[Connector, str] | None:
    """The connector an item came through (its id is ``<connector>:<id>``) and the id there."""
    name, _sep, own_id = external_id.partition(":")
    if not own_id:
        return None
    for connector in configured():
        if connector.name == name:
            return connector, own_id
    return None


def reply(external_id: str, text: str) -> None:
    """Publish an answer through the connector the item came from; log and go on if it
    fails (the answer is saved and the item is answered either way)."""
    found = for_external_id(external_id)
    if found is None:
        return
    connector, own_id = found
    try:
        connector.reply(external_id=own_id, text=text)
    except Exception:
        log.exception("connector %s could not publish the answer to %s", connector.name, own_id)
