"""Reads of indicators: a body's indicators over the last quarters, each with its target,
traffic light and a sentence saying what changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import Body
from indicators.catalogue import CATALOGUE, Definition, Material, Value
from indicators.models import Target
from indicators.periods import Quarter, last_quarters

#: Quarters a body's page shows.
QUARTERS = 8


def fmt(definition: Definition, value: float | Decimal | None) -> str:
    """A value as people read it: «78 %», «4,2 из 5», «6,5 дн.»."""
    if value is None:
        return "—"
    if definition.unit == "share":
        return f"{number_format(round(float(value) * 100))} %"
    if definition.unit == "score":
        return _("{v} из 5").format(v=number_format(round(float(value), 1), 1))
    return _("{v} дн.").format(v=number_format(round(float(value), 1), 1))


@dataclass
class Row:
    definition: Definition
    target: Decimal | None
    target_source: str
    owner: Any
    values: list[tuple[Quarter, Value]]

    @property
    def current(self) -> Value:
        return self.values[-1][1]

    @property
    def shown(self) -> tuple[Quarter, Value] | None:
        """The latest quarter with enough data."""
        return next(((q, v) for q, v in reversed(self.values) if not v.suppressed), None)

    @property
    def light(self) -> str:
        """green / amber / red against the target; «none» without a target or data.
        Amber: the value misses the target, but its interval reaches it."""
        found = self.shown
        if found is None or self.target is None or found[0] != self.values[-1][0]:
            return "none"
        v, target = found[1], float(self.target)
        assert v.value is not None
        if self.definition.higher_is_better:
            if v.value >= target:
                return "green"
            return "amber" if v.high is not None and v.high >= target else "red"
        if v.value <= target:
            return "green"
        return "amber" if v.low is not None and v.low <= target else "red"

    @property
    def target_text(self) -> str:
        return fmt(self.definition, self.target)

    @property
    def cells(self) -> list[tuple[Quarter, str, str, int]]:
        """Each quarter: (quarter, value, interval, n), as the table shows them."""
        return [(q, self.text(v), self.interval(v), v.n) for q, v in self.values]

    @property
    def now(self) -> tuple[Quarter, str, str, int]:
        return self.cells[-1]

    def text(self, value: Value) -> str:
        return fmt(self.definition, value.value) if not value.suppressed else _("мало данных")

    def interval(self, value: Value) -> str:
        if value.suppressed or value.low is None or value.high is None:
            return ""
        return f"{fmt(self.definition, value.low)} – {fmt(self.definition, value.high)}"

    @property
    def summary(self) -> str:
        """One sentence on the last two quarters with enough data («Доля довольных: было
        78 %, стало 71 % (n = 4 120) в III кв. 2026 — снижение больше погрешности»); a
        change inside the intervals is said to be no more than noise."""
        known = [(q, v) for q, v in self.values if not v.suppressed]
        if not known:
            return _("Данных пока мало: меньше 10 случаев в каждом квартале.")
        q, last = known[-1]
        if len(known) == 1:
            return _("{name}: {v} (n = {n}) в {q}.").format(
                name=self.definition.name,
                v=self.text(last),
                n=number_format(last.n, force_grouping=True),
                q=q.label,
            )
        _pq, before = known[-2]
        assert last.value is not None and before.value is not None
        overlap = (
            last.low is None
            or before.low is None
            or not (last.high < before.low or last.low > before.high)  # type: ignore[operator]
        )
        if overlap or last.value == before.value:
            change = _("в пределах погрешности")
        elif last.value > before.value:
            change = _("рост больше погрешности")
        else:
            change = _("снижение больше погрешности")
        return _("{name}: было {a}, стало {b} (n = {n}) в {q} — {change}.").format(
            name=self.definition.name,
            a=self.text(before),
            b=self.text(last),
            n=number_format(last.n, force_grouping=True),
            q=q.label,
            change=change,
        )


def targets_of(body: Body) -> dict[str, Target]:
    return {t.code: t for t in Target.objects.filter(body=body).select_related("owner")}


def body_indicators(
    body: Body, *, quarters: int = QUARTERS, until: dt.date | None = None
) -> list[Row]:
    """Every indicator of the catalogue for the body over the last quarters: a constant
    number of queries, whatever the number of ratings, items and offers."""
    span = last_quarters(quarters, until=until)
    material = Material.load(body, span)
    own = targets_of(body)
    rows = []
    for d in CATALOGUE:
        mine = own.get(d.code)
        target = mine.value if mine is not None and mine.value is not None else d.target
        source = (
            _("цель органа") if mine is not None and mine.value is not None else d.target_source
        )
        rows.append(
            Row(
                definition=d,
                target=target,
                target_source=source,
                owner=mine.owner if mine is not None else None,
                values=[(q, d.compute(material, q)) for q in span],
            )
        )
    return rows
