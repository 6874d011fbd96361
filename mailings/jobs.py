"""Digests (R24), run by ``manage.py work``: daily at 8:00, weekly every seven days; and
the nightly purge of the record of what was sent, past its age."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.utils.translation import gettext_lazy as _

from lib.jobs import Backlog, Job
from mailings.models import Frequency
from mailings.services import digests_send, purge_old, queued_backlog


def _queued(frequency: str) -> Backlog:
    return queued_backlog(frequency=frequency)


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
    Job(
        name="mailings.purge",
        label=_("Удалить старые записи об отправленных сообщениях"),
        run=purge_old,
        every=dt.timedelta(days=1),
        at=dt.time(3, 30),
    ),
]
