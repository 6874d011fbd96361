"""Mail the heads of bodies about items past their deadline (R22). Run every few minutes
from cron or a scheduler; each item is announced once (claimed by a conditional update),
so overlapping runs never send twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from inbox.services import overdue_escalate


class Command(BaseCommand):
    help = "Сообщить руководителям о просроченных обращениях."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"escalated {overdue_escalate()}")
