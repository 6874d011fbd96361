"""Background jobs of segments, run by ``manage.py work``."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from lib.jobs import Job
from segments import services

JOBS = [
    Job(
        name="segments.report_overdue",
        label=_("Напомнить руководителям о просроченном годовом отчёте о сегментах"),
        run=services.reports_overdue_notify,
        every=dt.timedelta(days=1),
        at=dt.time(9, 0),
    ),
]
