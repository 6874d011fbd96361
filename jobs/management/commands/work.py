"""The background runner: every job of the product on its schedule (``lib.jobs``).

    manage.py work                # run until stopped (Ctrl-C or SIGTERM ends it cleanly)
    manage.py work --once         # one round of the jobs that are due, then stop
    manage.py work --job NAME     # run one job now, whatever its schedule or lease, then stop
    manage.py work --list         # the jobs and their schedules

Run as many as you like, on as many machines: they share the jobs' state in the database
and never run one job twice at once (docs/adr/0011-one-background-runner.md)."""

from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, close_old_connections

from jobs import runner
from jobs.selectors import schedule
from lib.jobs import discover

log = logging.getLogger("klientocentr.jobs")


class Command(BaseCommand):
    help = "Выполнять фоновые задачи Клиентоцентра по их расписанию."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="один проход и выйти")
        parser.add_argument("--job", help="выполнить одну задачу сейчас и выйти")
        parser.add_argument("--list", action="store_true", help="показать задачи")
        parser.add_argument("--idle", type=float, default=1.0, help="пауза без работы, с")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = discover()
        if options["list"]:
            for each in jobs.values():
                self.stdout.write(f"{each.name:26} {schedule(each):22} {each.label}")
            return
        if options["job"]:
            job = jobs.get(options["job"])
            if job is None:
                raise CommandError(f"Нет задачи {options['job']!r}. Задачи: {', '.join(jobs)}.")
            outcome = runner.run_one(job, force=True)
            assert outcome is not None  # forced: always taken
            self._report([outcome])
            return
        stopping = False

        def stop(_signum: int, _frame: object) -> None:
            nonlocal stopping
            stopping = True  # the job under way finishes; no new one starts

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Фоновые задачи: {len(jobs)}. Остановить: Ctrl-C.")
        while not stopping:
            close_old_connections()  # a database restart or a stale pooled connection
            try:
                outcomes = runner.run_due(jobs)
            except DatabaseError:
                # The database is away or busy (a restart, a long lock): keep running and
                # try again, rather than silently stop all background work.
                log.exception("runner round failed; retrying")
                close_old_connections()
                time.sleep(options["idle"] * 5)
                continue
            self._report(outcomes)
            if options["once"]:
                return
            if not outcomes:
                time.sleep(options["idle"])

    def _report(self, outcomes: list[runner.Outcome]) -> None:
        for o in outcomes:
            if o.error:
                self.stderr.write(f"{o.job}: ошибка\n{o.error}")
            elif o.done:
                self.stdout.write(f"{o.job}: {o.done}")
