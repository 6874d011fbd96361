"""Social-network and messenger connectors (R22) behind one interface.

A connector yields what clients wrote since the last pull; ``inbox_pull`` hands each
message to :func:`inbox.services.item_receive`, which is idempotent on the message's
external id, so pulling twice, or overlapping windows, never duplicates an item. A real
connector (VK API, Telegram Bot API, МАХ) implements :class:`Connector` and is listed in
``settings.INBOX_CONNECTORS``; nothing else changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


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


def configured() -> list[Connector]:
    return [import_string(path)() for path in getattr(settings, "INBOX_CONNECTORS", [])]
