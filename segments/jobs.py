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
    Job(
        name="segments.report_year_end",
        label=_("Сохранить профили сегментов такими, какими они были на конец года"),
        run=services.report_year_end_copies,
        every=dt.timedelta(days=1),
        # After midnight UTC too: a report's year ends by UTC (``selectors.report_segments``).
        at=dt.time(3, 30),
    ),
]
