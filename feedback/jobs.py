"""Background jobs of the feedback loop, run by ``manage.py work`` (ADR 0009, 0011)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from feedback import intake, rollup, selectors, webhooks
from lib.jobs import Job

JOBS = [
    Job(
        name="feedback.rollup",
        label=_("Свернуть новые оценки в помесячные итоги и обновить удовлетворённость сегментов"),
        run=rollup.rollup_and_feed,
        every=dt.timedelta(seconds=5),
        backlog=selectors.rollup_backlog,
    ),
    Job(
        name="feedback.webhooks",
        label=_("Отправить вебхуки о новых оценках"),
        run=webhooks.deliveries_run,
        every=dt.timedelta(seconds=5),
        backlog=selectors.deliveries_backlog,
    ),
    Job(
        name="feedback.rate_buckets",
        label=_("Удалить истёкшие окна ограничения частоты"),
        run=intake.rate_buckets_purge,
        every=dt.timedelta(minutes=10),
    ),
]
