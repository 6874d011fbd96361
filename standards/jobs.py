"""Background jobs of touchpoint standards, run by ``manage.py work``."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from lib.jobs import Job
from standards import services

JOBS = [
    Job(
        name="standards.remind",
        label=_("Напомнить о проверках точек к сроку и о просроченных задачах"),
        run=services.reminders_send,
        every=dt.timedelta(days=1),
        at=dt.time(9, 0),
    ),
]
