"""The runner takes a due job once, leaves a held one alone, schedules the next run, and
keeps going when a job fails (ADR 0011)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from jobs import runner
from jobs.models import JobState
from lib.jobs import Backlog, Job, discover

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)  # 13:00 in Moscow, the project's zone


def _counter(calls: list[int]) -> Job:
    def run() -> int:
        calls.append(1)
        return 1

    return Job(
        name="test.count",
        label="счётчик",
        run=run,
        every=dt.timedelta(seconds=30),
    )


def test_a_due_job_runs_once_per_period():
    calls: list[int] = []
    job = _counter(calls)
    with time_machine.travel(T0, tick=False):
        assert [o.job for o in runner.run_due({"j": job})] == ["test.count"]
        assert runner.run_due({"j": job}) == []  # not due again yet
    with time_machine.travel(T0 + dt.timedelta(seconds=31), tick=False):
        runner.run_due({"j": job})
    state = JobState.objects.get(name="test.count")
    assert len(calls) == 2 and state.runs == 2 and state.lease_until is None
    assert state.next_run_at == T0 + dt.timedelta(seconds=61)


def test_a_job_another_runner_holds_is_left_alone():
    calls: list[int] = []
    job = _counter(calls)
    with time_machine.travel(T0, tick=False):
        assert runner.take(job, timezone.now())  # the other runner took it
        assert runner.run_due({"j": job}) == []
    # The other runner died: once its lease runs out the job is taken again.
    with time_machine.travel(T0 + job.lease + dt.timedelta(seconds=1), tick=False):
        assert len(runner.run_due({"j": job})) == 1
    assert calls == [1]


def test_a_failing_job_is_recorded_and_the_others_still_run():
    calls: list[int] = []

    def broken() -> int:
        raise RuntimeError("соединение с СМЭВ разорвано")

    jobs = {
        "a": Job(name="test.broken", label="b", run=broken, every=dt.timedelta(minutes=1)),
        "b": _counter(calls),
    }
    with time_machine.travel(T0, tick=False):
        outcomes = runner.run_due(jobs)
    assert [bool(o.error) for o in outcomes] == [True, False] and calls == [1]
    failed = JobState.objects.get(name="test.broken")
    assert failed.failures == 1 and "СМЭВ" in failed.last_error
    assert failed.next_run_at == T0 + dt.timedelta(minutes=1)  # tried again next time


@pytest.mark.parametrize(
    ("after", "every", "expected"),
    [
        # 13:00 Moscow: today's 08:00 has passed, so tomorrow at 08:00 (05:00 UTC).
        (T0, dt.timedelta(days=1), dt.datetime(2026, 12, 8, 5, 0, tzinfo=dt.UTC)),
        (T0, dt.timedelta(days=7), dt.datetime(2026, 12, 14, 5, 0, tzinfo=dt.UTC)),
        # A run that started on time, a moment after 08:00: the next is a period later.
        (
            dt.datetime(2026, 12, 7, 5, 0, 1, tzinfo=dt.UTC),
            dt.timedelta(days=7),
            dt.datetime(2026, 12, 14, 5, 0, tzinfo=dt.UTC),
        ),
    ],
)
def test_jobs_at_a_time_of_day_run_at_it(settings, after, every, expected):
    settings.TIME_ZONE = "Europe/Moscow"
    job = Job(name="t", label="t", run=lambda: 0, every=every, at=dt.time(8, 0))
    assert runner.next_run(job, after) == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (
            dt.datetime(2026, 12, 7, 4, 0, tzinfo=dt.UTC),
            dt.datetime(2026, 12, 7, 5, 0, tzinfo=dt.UTC),
        ),
        (
            dt.datetime(2026, 12, 7, 6, 0, tzinfo=dt.UTC),
            dt.datetime(2026, 12, 8, 5, 0, tzinfo=dt.UTC),
        ),
    ],
)
def test_a_new_daily_job_first_runs_at_its_next_time_of_day(settings, now, expected):
    settings.TIME_ZONE = "Europe/Moscow"
    job = Job(name="t", label="t", run=lambda: 0, every=dt.timedelta(days=1), at=dt.time(8, 0))
    assert runner.first_run(job, now) == expected


def test_every_job_of_the_product_is_declared_with_a_schedule():
    names = set(discover())
    assert {
        "proactive.events",
        "feedback.rollup",
        "feedback.webhooks",
        "inbox.escalate",
        "inbox.pull",
        "mailings.daily",
        "mailings.weekly",
        "segments.report_overdue",
    } <= names
    assert all(isinstance(j.backlog(), Backlog) for j in discover().values() if j.backlog)
