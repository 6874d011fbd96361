"""What the operator page shows of each job: schedule, last run, what waits for it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jobs.models import JobState
from lib.jobs import Job, discover


@dataclass(frozen=True)
class JobRow:
    job: Job
    schedule: str
    state: JobState | None
    running: bool
    waiting: int | None
    oldest_age: dt.timedelta | None

    @property
    def failed(self) -> bool:
        return bool(self.state and self.state.last_error)

    @property
    def oldest_wait(self) -> str:
        return duration(self.oldest_age) if self.oldest_age is not None else ""


def duration(span: dt.timedelta) -> str:
    """«45 с», «12 мин», «3 ч 5 мин», «2 дн 4 ч» — how long the oldest item has waited."""
    seconds = max(0, int(span.total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return _("%(d)s дн %(h)s ч") % {"d": days, "h": hours}
    if hours:
        return _("%(h)s ч %(m)s мин") % {"h": hours, "m": minutes}
    if minutes:
        return _("%(m)s мин") % {"m": minutes}
    return _("%(s)s с") % {"s": secs}


def schedule(job: Job) -> str:
    """«каждые 5 с», «раз в день в 08:00», «раз в 7 дней в 08:00»."""
    seconds = int(job.every.total_seconds())
    if job.at is not None:
        days = max(1, seconds // 86400)
        every = (
            _("раз в день")
            if days == 1
            else ngettext("раз в %(n)s день", "раз в %(n)s дней", days) % {"n": days}
        )
        return _("%(every)s в %(at)s") % {"every": every, "at": job.at.strftime("%H:%M")}
    if seconds == 60:
        return _("каждую минуту")
    if seconds < 60:
        return _("каждые %(n)s с") % {"n": seconds}
    if seconds < 3600:
        return _("каждые %(n)s мин") % {"n": seconds // 60}
    return _("каждые %(n)s ч") % {"n": seconds // 3600}


def jobs_status() -> list[JobRow]:
    """Every job with its state and backlog, in the order the apps declare them."""
    now = timezone.now()
    states = {s.name: s for s in JobState.objects.all()}
    rows = []
    for job in discover().values():
        state = states.get(job.name)
        backlog = job.backlog() if job.backlog else None
        rows.append(
            JobRow(
                job=job,
                schedule=schedule(job),
                state=state,
                running=bool(state and state.lease_until and state.lease_until > now),
                waiting=backlog.count if backlog else None,
                oldest_age=now - backlog.oldest if backlog and backlog.oldest else None,
            )
        )
    return rows
