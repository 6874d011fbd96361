"""Claiming rows with a conditional update — the one way the product's background work
makes sure that two workers, on one machine or many, never do the same job.

``UPDATE … SET <claimed> WHERE id = … AND <still claimable>`` is atomic in SQLite and in
PostgreSQL: of two workers racing for a row, exactly one update matches it, and only that
worker goes on (healthchecks' ``sendalerts`` does the same). A worker that dies after
claiming leaves the row claimed; the condition decides when it may be taken again (a
lease that ran out, a stale timestamp).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet


def claim(rows: QuerySet[Any], **changes: Any) -> bool:
    """Set ``changes`` on ``rows`` (already filtered to what may be claimed); True if this
    caller's update matched, i.e. it now owns the work."""
    return rows.update(**changes) > 0
