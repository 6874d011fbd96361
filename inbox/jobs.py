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
        name="inbox.answer_ratings",
        label=_("Вернуть к обращениям оценки ответов; низкая оценка открывает обращение снова"),
        run=services.answer_ratings_take,
        every=dt.timedelta(minutes=1),
    ),
    Job(
        name="inbox.pull",
        label=_("Забрать упоминания и комментарии из соцсетей и мессенджеров"),
        run=services.connectors_pull,
        every=dt.timedelta(minutes=5),
    ),
]
