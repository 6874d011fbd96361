"""Pull new mentions, comments and messages from the configured connectors (R22).

``--body`` names the body whose official accounts the connectors read. Safe to run as
often as wanted: a message already received is recognised by its external id."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from accounts.models import Body
from inbox import connectors, services


class Command(BaseCommand):
    help = "Забрать новые упоминания и комментарии из соцсетей и мессенджеров."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--body", required=True, help="код органа, например minsoc")
        parser.add_argument("--hours", type=int, default=24, help="за сколько часов забирать")

    def handle(self, *args: Any, **options: Any) -> None:
        body = Body.objects.filter(slug=options["body"]).first()
        if body is None:
            raise CommandError(f"Нет органа с кодом {options['body']!r}.")
        since = timezone.now() - dt.timedelta(hours=options["hours"])
        new = 0
        for connector in connectors.configured():
            for message in connector.fetch(since=since):
                _item, created = services.item_receive(
                    actor=None,
                    received_by=body,
                    kind=message.kind,
                    channel=message.channel,
                    text=message.text,
                    external_id=f"{connector.name}:{message.external_id}",
                    author_name=message.author_name,
                    url=message.url,
                    received_at=message.received_at,
                )
                new += created
        self.stdout.write(f"new {new}")
