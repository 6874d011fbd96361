"""The channels a notice goes through (R24): e-mail through Django's mail framework, SMS
and push through a gateway each. Until an operator's gateway is connected the logging
gateway stands in; tests read the memory gateway's ``outbox`` as they read
``django.core.mail.outbox``. Which one is used is ``settings.NOTICE_GATEWAY``."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib import phones

log = logging.getLogger("klientocentr.notify")
#: A one-time link's token is a key to a verified rating, a short link's code stops a
#: person's notices: neither is written to a log.
_SECRET_LINKS = re.compile(r"(/o/i/|/m/)[A-Za-z0-9_-]+")


class Channel(models.TextChoices):
    EMAIL = "email", _("Электронная почта")
    SMS = "sms", _("СМС")
    PUSH = "push", _("Уведомление в приложении")


@dataclass(frozen=True)
class Sent:
    """A notice as a gateway took it: the channel, where to (a phone, an account) and text."""

    channel: str
    to: str
    text: str


class Gateway(Protocol):
    #: Whether what it takes reaches a person (the logging stand-in's does not).
    delivers: bool

    def send(self, channel: str, to: str, text: str) -> None: ...


class LoggingGateway:
    """Writes each notice to the log — the phone masked, the links' secrets left out —
    and delivers nothing: the record of what was sent says so."""

    delivers = False

    def send(self, channel: str, to: str, text: str) -> None:
        shown = phones.masked(to) if to.startswith("+") else f"user {to}"
        log.info("%s to %s: %s", channel, shown, _SECRET_LINKS.sub(r"\1…", text))


#: What the memory gateway took, oldest first; emptied before each test.
outbox: list[Sent] = []


class MemoryGateway:
    delivers = True

    def send(self, channel: str, to: str, text: str) -> None:
        outbox.append(Sent(channel, to, text))


_GATEWAYS: dict[str, type[Gateway]] = {"log": LoggingGateway, "memory": MemoryGateway}


def gateway() -> Gateway:
    """The gateway for SMS and push that the settings name."""
    return _GATEWAYS[settings.NOTICE_GATEWAY]()
