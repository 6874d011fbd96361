"""Background work of the feedback loop (docs/adr/0009-feedback-background-work.md):
roll new ratings into the monthly aggregates, send due webhooks, move segments'
satisfaction, and drop finished rate-limit windows. ``--loop`` keeps running."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from feedback import services


class Command(BaseCommand):
    help = "Свернуть новые оценки в агрегаты, отправить вебхуки, обновить сегменты."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--loop", action="store_true", help="работать, пока не остановят")
        parser.add_argument("--interval", type=float, default=5.0)

    def handle(self, *args: Any, loop: bool = False, interval: float = 5.0, **options: Any) -> None:
        while True:
            rolled = services.rollup()
            sent = services.deliveries_run()
            segments = services.segments_feed() if rolled else 0
            purged = services.rate_buckets_purge()
            self.stdout.write(
                f"rolled={rolled} webhooks={sent} segments={segments} buckets_purged={purged}"
            )
            if not loop:
                return
            time.sleep(interval)
