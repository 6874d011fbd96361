"""Background jobs of indicators, run by ``manage.py work``."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from indicators import services
from lib.jobs import Job

JOBS = [
    Job(
        name="indicators.alerts",
        label=_("Открыть недостатки по показателям, которые упали или не достигают цели"),
        run=services.alerts_open,
        every=dt.timedelta(days=1),
        at=dt.time(7, 0),
    ),
    Job(
        name="indicators.report_remind",
        label=_("Напомнить руководителям о годовом отчёте о показателях"),
        run=services.reports_remind,
        every=dt.timedelta(days=1),
        at=dt.time(9, 10),
    ),
    Job(
        name="indicators.values_keep",
        label=_("Сохранить показатели закончившихся кварталов, чтобы страницы их не пересчитывали"),
        run=services.values_keep,
        every=dt.timedelta(hours=1),
    ),
]
