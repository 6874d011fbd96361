"""The one background runner: takes due jobs, runs them, schedules the next run.

Any number of runners, on one machine or several against one PostgreSQL, share the
``JobState`` rows: a runner runs a job only after its conditional update took the job's
lease (``lib.claim``), so two runners never run one job at once; the work inside a job
claims its own rows, so a job that is run again after a crash never does an item twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from jobs.models import JobState
from lib.claim import claim
from lib.jobs import Job, discover

log = logging.getLogger("klientocentr.jobs")


@dataclass(frozen=True)
class Outcome:
    job: str
    done: int
    error: str = ""


def next_run(job: Job, after: dt.datetime) -> dt.datetime:
    """When ``job`` is due next after a run that started at ``after``: ``every`` later,
    at the job's time of day if it has one."""
    if job.at is None:
        return after + job.every
    zone = ZoneInfo(settings.TIME_ZONE)
    day = (after + job.every).astimezone(zone).date()
    return _at(day, job.at, zone)


def first_run(job: Job, now: dt.datetime) -> dt.datetime:
    """A job never seen before runs at once, or at the next occurrence of its time of day."""
    if job.at is None:
        return now
    zone = ZoneInfo(settings.TIME_ZONE)
    today = now.astimezone(zone).date()
    at = _at(today, job.at, zone)
    return at if at > now else _at(today + dt.timedelta(days=1), job.at, zone)


def _at(day: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=zone)


def _ensure_state(job: Job, now: dt.datetime) -> None:
    if JobState.objects.filter(name=job.name).exists():
        return
    try:
        with transaction.atomic():
            JobState.objects.create(name=job.name, next_run_at=first_run(job, now))
    except IntegrityError:
        pass  # another runner created it meanwhile


def take(job: Job, now: dt.datetime, *, force: bool = False) -> bool:
    """Take the job's lease if it is due and nobody holds it. ``force`` (an operator's
    ``work --job``) takes it whatever the schedule and the lease — say, of a runner that
    died — which is safe because the work inside every job claims its own rows."""
    _ensure_state(job, now)
    rows = JobState.objects.filter(name=job.name)
    if not force:
        free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
        rows = rows.filter(free, next_run_at__lte=now)
    return claim(rows, lease_until=now + job.lease, last_started_at=now)


def run_one(job: Job, *, force: bool = False) -> Outcome | None:
    """Run ``job`` if this runner takes it; None if it is not due or another holds it."""
    started = timezone.now()
    if not take(job, started, force=force):
        return None
    error = ""
    done = 0
    try:
        done = int(job.run() or 0)
    except Exception:  # a failing job must not stop the others; it is retried next time
        error = traceback.format_exc(limit=5)
        log.exception("job %s failed", job.name)
    finished = timezone.now()
    # Only while the lease is still ours (a runner that outlived its lease must not clear
    # the lease of the runner that took the job over): the start time is the owner token.
    released = JobState.objects.filter(name=job.name, last_started_at=started).update(
        next_run_at=next_run(job, started),
        lease_until=None,
        last_finished_at=finished,
        last_done=done,
        last_error=error[-4000:],
        runs=F("runs") + 1,
        failures=F("failures") + (1 if error else 0),
    )
    if not released:
        log.warning("job %s outlived its lease; another runner took it over", job.name)
    return Outcome(job.name, done, error)


def run_due(jobs: dict[str, Job] | None = None) -> list[Outcome]:
    """One round: every due job that this runner can take, once."""
    outcomes = []
    for job in (jobs or discover()).values():
        outcome = run_one(job)
        if outcome is not None:
            outcomes.append(outcome)
    return outcomes
