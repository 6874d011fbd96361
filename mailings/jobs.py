"""Digest mails (R24), run by ``manage.py work``: daily at 8:00, weekly every seven days."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db.models import Count, Min
from django.utils.translation import gettext_lazy as _

from lib.jobs import Backlog, Job
from mailings.models import Frequency, QueuedMail
from mailings.services import digests_send


def _queued(frequency: str) -> Backlog:
    waiting = QueuedMail.objects.filter(frequency=frequency, sent_at__isnull=True).aggregate(
        n=Count("id"), oldest=Min("created_at")
    )
    return Backlog(waiting["n"], waiting["oldest"])


JOBS = [
    Job(
        name="mailings.daily",
        label=_("Отправить письма, собранные в ежедневную сводку"),
        run=partial(digests_send, frequency=Frequency.DAILY),
        every=dt.timedelta(days=1),
        at=dt.time(8, 0),
        backlog=partial(_queued, Frequency.DAILY),
    ),
    Job(
        name="mailings.weekly",
        label=_("Отправить письма, собранные в еженедельную сводку"),
        run=partial(digests_send, frequency=Frequency.WEEKLY),
        every=dt.timedelta(days=7),
        at=dt.time(8, 0),
        backlog=partial(_queued, Frequency.WEEKLY),
    ),
]
