"""Background jobs of the inbox, run by ``manage.py work``."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from inbox import selectors, services
from lib.jobs import Job

JOBS = [
    Job(
        name="inbox.escalate",
        label=_("Сообщить руководителям о просроченных обращениях"),
        run=services.overdue_escalate,
        every=dt.timedelta(minutes=1),
        backlog=selectors.escalation_backlog,
    ),
    Job(
        name="inbox.pull",
        label=_("Забрать упоминания и комментарии из соцсетей и мессенджеров"),
        run=services.connectors_pull,
        every=dt.timedelta(minutes=5),
    ),
]
