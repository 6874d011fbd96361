"""Claiming rows with a conditional update — the one way the product's background work
makes sure that two workers, on one machine or many, never do the same job.

``UPDATE … SET <claimed> WHERE id = … AND <still claimable>`` is atomic in SQLite and in
PostgreSQL: of two workers racing for a row, exactly one update matches it, and only that
worker goes on (healthchecks' ``sendalerts`` does the same). A worker that dies after
claiming leaves the row claimed; the condition decides when it may be taken again (a
lease that ran out, a stale timestamp).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet


def claim(rows: QuerySet[Any], **changes: Any) -> bool:
    """Set ``changes`` on ``rows`` (already filtered to what may be claimed); True if this
    caller's update matched, i.e. it now owns the work."""
    return rows.update(**changes) > 0


def claim_many(rows: QuerySet[Any], ids: list[Any], token_field: str, **changes: Any) -> list[Any]:
    """Claim, in one update, every row of ``rows`` (already filtered to what may be
    claimed) among ``ids``, marking each with a token of this claim only; the primary keys
    this caller now owns — a row another worker took first did not match the update, so it
    does not carry this token."""
    if not ids:
        return []
    token = uuid.uuid4().hex
    rows.filter(pk__in=ids).update(**{token_field: token}, **changes)
    mine = rows.model.objects.filter(pk__in=ids, **{token_field: token})
    return list(mine.values_list("pk", flat=True))
