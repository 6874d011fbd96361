"""Send the daily or weekly digests (R24). Run from cron: daily with ``--period daily``,
on Mondays with ``--period weekly``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mailings.services import digests_send


class Command(BaseCommand):
    help = "Отправить накопленные письма одной сводкой (раз в день или раз в неделю)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", choices=["daily", "weekly"], required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = digests_send(frequency=options["period"])
        self.stdout.write(f"sent {sent}")
