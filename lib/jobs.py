"""What a background job is, and where the runner finds them.

Each app declares its jobs in ``<app>/jobs.py`` as ``JOBS = [Job(...)]``, beside the
services they call; ``manage.py work`` (the ``jobs`` app) runs them all on their
schedules. A job takes no arguments, calls a service and returns how much it did; it must
be safe to run twice or to die half-way (it claims its rows, see ``lib.claim``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.db.models import Count, Min, QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class Backlog:
    """What waits for a job: how many items, and since when the oldest waits."""

    count: int
    oldest: dt.datetime | None = None

    @classmethod
    def of(cls, waiting: QuerySet[Any], since: str) -> Backlog:
        """The backlog of the rows in ``waiting``, the oldest by its ``since`` field."""
        found = waiting.aggregate(n=Count("pk"), oldest=Min(since))
        return cls(found["n"], found["oldest"])


@dataclass(frozen=True)
class Job:
    """A job of the product.

    ``every``: how often it runs; ``at``: for daily and weekly jobs, the local time of day
    it runs at. ``lease``: how long a runner may hold it before another may take it over
    (a runner that died). ``backlog``: what waits for it, for the operator page.
    """

    name: str
    label: str | Promise
    run: Callable[[], int]
    every: dt.timedelta
    at: dt.time | None = None
    lease: dt.timedelta = dt.timedelta(minutes=10)
    backlog: Callable[[], Backlog] | None = None


def discover() -> dict[str, Job]:
    """Every job of every installed app, by name."""
    found: dict[str, Job] = {}
    for config in apps.get_app_configs():
        module_name = f"{config.name}.jobs"
        if config.name == "jobs" or find_spec(module_name) is None:
            continue
        for job in getattr(import_module(module_name), "JOBS", []):
            if job.name in found:
                raise ValueError(f"Two jobs are named {job.name!r}.")
            found[job.name] = job
    return found
