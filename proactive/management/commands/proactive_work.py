"""Process life events that are still pending, or whose worker died (R16).

Events are normally processed right after they are received; this worker is the safety
net and the way to scale out. Each event is claimed with a conditional update and done in
one transaction, so running several workers, or killing one with `kill -9`, never loses
an event or duplicates an offer. ``--once`` processes what is there and stops."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from django.utils import timezone

from proactive.models import LifeEvent
from proactive.services import STALE_AFTER, event_process


class Command(BaseCommand):
    help = "Обработать жизненные события, которые ещё ждут или чей обработчик упал."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true")
        parser.add_argument("--sleep", type=float, default=2.0)

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            done = self._round()
            if options["once"]:
                self.stdout.write(f"processed {done}")
                return
            if not done:
                time.sleep(options["sleep"])

    def _round(self) -> int:
        stale = timezone.now() - STALE_AFTER
        waiting = LifeEvent.objects.filter(
            Q(status=LifeEvent.Status.PENDING)
            | Q(status=LifeEvent.Status.PROCESSING, claimed_at__lt=stale)
        ).values_list("pk", flat=True)[:100]
        done = 0
        for pk in list(waiting):
            if event_process(event_id=pk) != "not claimed":
                done += 1
        return done
