"""Background jobs of proactive delivery, run by ``manage.py work``."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from lib.jobs import Job
from proactive import selectors, services

JOBS = [
    Job(
        name="proactive.events",
        label=_("Жизненные события, которые ждут обработки или чей обработчик упал"),
        run=services.events_sweep,
        every=dt.timedelta(seconds=2),
        lease=dt.timedelta(minutes=5),
        backlog=selectors.events_backlog,
    ),
]
