"""The rollup (ADR 0009): ratings added into the monthly aggregates and marginals exactly
once, an excluded rating taken out of them, and segments' satisfaction moved from their
clients' ratings (R21). Run by the ``feedback.rollup`` job; the sums themselves are
``feedback.figures``' (``grouped_sums``), so the aggregates and the live tail agree."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet, Sum

from feedback.figures import AGGREGATE_DIMENSIONS, SUM_FIELDS, aggregate_key, grouped_sums
from feedback.models import MonthlyAggregate, MonthlyMarginal, Rating
from feedback.stats import months_back
from lib import killpoint, public_cache

ROLLUP_LOCK = 7_202_611  # pg advisory lock id of the rollup


def lock() -> None:
    """One rollup (or exclusion) at a time on PostgreSQL; SQLite serialises writers.
    Held until the caller's transaction ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ROLLUP_LOCK])


def rollup(*, batch: int = 20000) -> int:
    """Add ratings not yet rolled into the monthly aggregates, exactly once each.

    Ratings are read, added and marked rolled in one transaction under the rollup lock: a
    worker killed halfway leaves nothing applied and the next run does it all (the kill
    test stops a real worker at ``killpoint.pause("ROLLUP")``). Returns the number rolled."""
    total = 0
    while True:
        with transaction.atomic():
            lock()
            ids = list(
                Rating.objects.filter(rolled=False)
                .order_by("id")
                .values_list("id", flat=True)[:batch]
            )
            if not ids:
                return total
            _apply(Rating.objects.filter(pk__in=ids))
            killpoint.pause("ROLLUP")
            Rating.objects.filter(pk__in=ids).update(rolled=True)
            public_cache.bump("ratings")  # the published figures changed (ADR 0014)
        total += len(ids)


def subtract(ratings: QuerySet[Rating]) -> None:
    """Take rolled ratings out of their aggregates and marginals (an exclusion). The caller
    holds the transaction and ``lock()``, so no rollup decides about them meanwhile."""
    _apply(ratings, sign=-1)


def _apply(ratings: QuerySet[Rating], *, sign: int = 1) -> None:
    """Add (or subtract) the ratings that count into their monthly aggregates and
    marginals: one GROUP BY, then per table a bulk insert of new groups and one batch of
    ``x = x + delta`` updates. Caller holds the transaction and the rollup lock."""
    groups = grouped_sums(ratings, "month", *AGGREGATE_DIMENSIONS)
    _add(MonthlyAggregate, {aggregate_key(row): row for row in groups}, sign)
    marginals: dict[str, dict[str, Any]] = {}
    for row in groups:
        for dimension in MonthlyMarginal.DIMENSIONS:
            value = "" if dimension == "total" else str(row[_column(dimension)] or "")
            key = f"{row['month'].isoformat()[:7]}|{row['body_id']}|{dimension}|{value}"
            marginal = marginals.setdefault(
                key,
                {"month": row["month"], "body_id": row["body_id"], "dimension": dimension,
                 "value": value, **dict.fromkeys(SUM_FIELDS, 0)},
            )  # fmt: skip
            for name in SUM_FIELDS:
                marginal[name] += row[name]
    _add(MonthlyMarginal, marginals, sign)


def _column(dimension: str) -> str:
    return dimension if dimension in ("channel", "client_kind") else f"{dimension}_id"


def _add(
    model: type[MonthlyAggregate] | type[MonthlyMarginal],
    deltas: dict[str, dict[str, Any]],
    sign: int,
) -> None:
    """Add each row's sums to the ``model`` row of its key, creating the missing ones."""
    existing = set(model.objects.filter(key__in=list(deltas)).values_list("key", flat=True))
    fields = {f.attname for f in model._meta.concrete_fields} - {"id", "key", *SUM_FIELDS}
    new = [
        model(
            key=key,
            **{name: row[name] for name in fields},
            **{name: sign * row[name] for name in SUM_FIELDS},
        )
        for key, row in deltas.items()
        if key not in existing
    ]
    if new:
        model.objects.bulk_create(new)  # type: ignore[arg-type]
    if existing:
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(
            f"{connection.ops.quote_name(c)} = {connection.ops.quote_name(c)} + %s"
            for c in SUM_FIELDS
        )
        rows = [[sign * deltas[key][c] for c in SUM_FIELDS] + [key] for key in existing]
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {columns} WHERE key = %s", rows)  # noqa: S608  # nosec B608 - column names are ours


# --- segments (R21) ---------------------------------------------------------------------


def rollup_and_feed() -> int:
    """The rollup job: new ratings into the aggregates, then (if any) segments' satisfaction."""
    rolled = rollup()
    if rolled:
        segments_feed()
    return rolled


def segments_feed(*, months: int = 12) -> int:
    """Give each segment whose clients rated (known through invitations) their mean rating
    over the last months as its satisfaction (R21) — through the segments service, so the
    profile gets a version and a review (R9). Returns the number of segments changed."""
    from segments.services import segment_satisfaction_from_ratings

    since, _last = months_back(months)
    sums = (
        MonthlyAggregate.objects.filter(segment__isnull=False, month__gte=since)
        .values("segment")
        .annotate(n=Sum("n"), total=Sum("csat_sum"))
    )
    return sum(
        segment_satisfaction_from_ratings(
            segment_id=row["segment"],
            value=(Decimal(row["total"]) / Decimal(row["n"])).quantize(Decimal("0.01")),
            n=row["n"],
        )
        for row in sums
        if row["n"]
    )
