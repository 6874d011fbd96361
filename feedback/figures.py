"""The feedback figures (R19, R20), defined once: what ratings add to each summed column,
and what a group's sums mean — CSAT, the share satisfied, CES, loyalty, tones, drivers,
«Ваш контроль» — with 95 % intervals.

The single source the rollup (which keeps the monthly aggregates), an exclusion (which
takes a rating out of them), the selectors' tail of ratings not rolled yet, the dashboards,
the published pages, open data and the API all read, so no two of them can disagree.
Pure computation apart from the one query ``grouped_sums`` makes."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Aggregate, Count, DateField, F, IntegerField, Q, QuerySet, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, TruncMonth
from django.db.models.lookups import GreaterThan

from feedback import instrument
from feedback.models import Rating, Verdict
from feedback.stats import PUBLISH_MIN, Mean, Share, mean_ci, share_ci

#: The summed columns of MonthlyAggregate (everything the rollup adds up).
SUM_FIELDS = (
    "n", "csat_sum", "csat_sq", "satisfied", "low", "comments", "comments_negative",
    "comments_positive", "ces_n", "ces_sum", "ces_sq",
    "loyal_n", "loyal_yes",
    *(f"d_{code}" for code in instrument.DRIVER_CODES),
    *(f"c_{code}_{part}" for code in instrument.CONTROL_CODES for part in ("n", "sum")),
)  # fmt: skip


#: The columns a monthly aggregate is kept per (besides the month).
AGGREGATE_DIMENSIONS = (
    "body_id", "service_id", "life_situation_id", "touchpoint_id", "channel", "segment_id",
    "client_kind",
)  # fmt: skip


def aggregate_key(row: dict[str, Any]) -> str:
    """The aggregate a grouped row of ratings belongs to: its month and dimensions."""
    return "|".join(
        str(part or "")
        for part in (row["month"].isoformat()[:7], *(row[d] for d in AGGREGATE_DIMENSIONS))
    )


@functools.cache
def rating_sums() -> dict[str, Aggregate]:
    """What ratings add to each summed column, as SQL aggregates over ``Rating``: the one
    definition the rollup, an exclusion and the selectors' unrolled tail all use.

    ``satisfied`` counts CSAT 4–5 (``instrument.SATISFIED``), ``low`` CSAT under
    ``instrument.LOW_SCORE``; comments are counted by tone (``analysis.tone``); a driver's
    column counts the ratings that chose it, a «Ваш контроль» criterion's the ratings that
    scored it and the sum of their scores."""
    sums: dict[str, Aggregate] = {
        "n": Count("id"),
        "csat_sum": Sum("csat"),
        "csat_sq": Sum(F("csat") * F("csat")),
        "satisfied": Count("id", filter=Q(csat__in=instrument.SATISFIED)),
        "low": Count("id", filter=Q(csat__lt=instrument.LOW_SCORE)),
        "comments": Count("id", filter=~Q(comment="")),
        "comments_negative": Count("id", filter=~Q(comment="") & Q(tone__lt=0)),
        "comments_positive": Count("id", filter=~Q(comment="") & Q(tone__gt=0)),
        "ces_n": Count("ces"),
        "ces_sum": Sum("ces"),
        "ces_sq": Sum(F("ces") * F("ces")),
        "loyal_n": Count("loyal"),
        "loyal_yes": Count("id", filter=Q(loyal=True)),
    }
    for bit, code in enumerate(instrument.DRIVER_CODES):
        sums[f"d_{code}"] = Count("id", filter=GreaterThan(F("drivers").bitand(1 << bit), 0))
    for code in instrument.CONTROL_CODES:
        sums[f"c_{code}_n"] = Count("id", filter=Q(control__has_key=code))
        sums[f"c_{code}_sum"] = Sum(Cast(KT(f"control__{code}"), IntegerField()))
    return sums


def grouped_sums(ratings: QuerySet[Rating], *dimensions: str) -> list[dict[str, Any]]:
    """Sums of the ratings that count, per month (``month`` in ``dimensions``, the local
    calendar month) and the other columns named; one query. Missing sums are 0."""
    qs = ratings.filter(excluded=False).exclude(verdict=Verdict.HONEYPOT).order_by()
    if "month" in dimensions:
        qs = qs.annotate(month=TruncMonth("created_at", output_field=DateField()))
    sums = rating_sums()  # the same expressions every time; Django copies them to resolve
    rows = list(qs.values(*dimensions).annotate(**sums)) if dimensions else [qs.aggregate(**sums)]
    for row in rows:
        for name in sums:
            row[name] = row[name] or 0
    return [row for row in rows if row["n"]]


@dataclass
class Figures:
    """One group's figures, with 95 % intervals, from its sums (``SUM_FIELDS``):

    - CSAT: the mean score 1–5 (Student's t interval) and the share satisfied (4–5,
      Wilson interval) of the ``n`` ratings;
    - CES: the mean ease 1–5 of the ratings that answered it;
    - loyalty: the share who would use the service again, of those who answered;
    - tones of comments, drivers most chosen first, «Ваш контроль» means per criterion.

    A group under ``PUBLISH_MIN`` ratings is ``suppressed`` on published pages (R20)."""

    key: Any
    sums: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SUM_FIELDS, 0))
    label: str = ""

    @property
    def n(self) -> int:
        return self.sums["n"]

    @property
    def suppressed(self) -> bool:
        return self.n < PUBLISH_MIN

    @property
    def csat(self) -> Mean:
        return mean_ci(self.n, self.sums["csat_sum"], self.sums["csat_sq"])

    @property
    def satisfied(self) -> Share:
        return share_ci(self.sums["satisfied"], self.n)

    @property
    def ces(self) -> Mean:
        return mean_ci(self.sums["ces_n"], self.sums["ces_sum"], self.sums["ces_sq"])

    @property
    def loyalty(self) -> Share:
        return share_ci(self.sums["loyal_yes"], self.sums["loyal_n"])

    @property
    def tones(self) -> dict[int, int]:
        """Comments by tone: -1 negative, 0 neutral, 1 positive."""
        negative, positive = self.sums["comments_negative"], self.sums["comments_positive"]
        return {-1: negative, 0: self.sums["comments"] - negative - positive, 1: positive}

    @property
    def drivers(self) -> list[tuple[str, str, int]]:
        """(code, label, count), most chosen first."""
        rows = [
            (d.code, str(d.bad), self.sums[f"d_{d.code}"])
            for d in instrument.DRIVERS
            if self.sums[f"d_{d.code}"]
        ]
        return sorted(rows, key=lambda r: -r[2])

    @property
    def control(self) -> list[tuple[str, str, float | None, int]]:
        rows = []
        for code, label in instrument.CONTROL_CRITERIA:
            n = self.sums[f"c_{code}_n"]
            rows.append((code, str(label), self.sums[f"c_{code}_sum"] / n if n else None, n))
        return rows

    def as_dict(self, *, publish: bool = False) -> dict[str, Any]:
        if publish and self.suppressed:
            return {"key": _plain(self.key), "label": self.label, "n": None, "suppressed": True}
        csat, sat, ces, loyal = self.csat, self.satisfied, self.ces, self.loyalty
        return {
            "key": _plain(self.key),
            "label": self.label,
            "n": self.n,
            "suppressed": False,
            "csat": _r(csat.mean),
            "csat_ci": [_r(csat.low), _r(csat.high)],
            "satisfied_share": _r(sat.share),
            "satisfied_ci": [_r(sat.low), _r(sat.high)],
            "ces": _r(ces.mean),
            "ces_n": ces.n,
            "loyalty_share": _r(loyal.share),
            "loyalty_n": loyal.n,
            "drivers": {code: count for code, _label, count in self.drivers},
        }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _plain(value: Any) -> Any:
    return value.isoformat()[:7] if isinstance(value, dt.date) else value
