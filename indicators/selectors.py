"""Reads of indicators: a body's indicators over the last quarters, each with its target,
traffic light and a sentence saying what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import Body
from indicators.catalogue import CATALOGUE, Definition, Material, Value
from indicators.models import Target
from indicators.periods import Period, last_quarters

#: Quarters a body's page shows.
QUARTERS = 8


def fmt(definition: Definition, value: float | Decimal | None) -> str:
    """A value as people read it: «78 %», «4,2 из 5», «6,5 дн.»."""
    if value is None:
        return "—"
    if definition.unit == "share":
        percent = float(value) * 100
        if 99.5 <= percent < 100 or 0 < percent < 0.5:  # never «100 %» for a miss
            return f"{number_format(round(percent, 1), 1)} %"
        return f"{number_format(round(percent))} %"
    if definition.unit == "score":
        return _("{v} из 5").format(v=number_format(round(float(value), 1), 1))
    if definition.unit == "rub":
        digits = 2 if float(value) < 1000 else 0
        return f"{number_format(round(float(value), digits), digits, force_grouping=True)} ₽"
    return _("{v} дн.").format(v=number_format(round(float(value), 1), 1))


@dataclass
class Row:
    definition: Definition
    target: Decimal | None
    target_source: str
    owner: Any
    values: list[tuple[Period, Value]]
    #: What a state is made of, in a sentence (``Definition.explain``), or "".
    explanation: str = ""

    @property
    def current(self) -> Value:
        return self.values[-1][1]

    @property
    def shown(self) -> tuple[Period, Value] | None:
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
        if v.at_least:  # a lower bound past the target: surely past it
            return "red"
        return "amber" if v.low is not None and v.low <= target else "red"

    @property
    def target_text(self) -> str:
        """A target as set: «60,5 %» stays so (a value is rounded, a target is not)."""
        if self.target is not None and self.definition.unit == "share":
            percent = float(self.target) * 100
            digits = 0 if percent == round(percent) else 1
            return f"{number_format(round(percent, digits), digits)} %"
        if self.target is not None and self.definition.unit == "rub":
            return fmt(self.definition, self.target)
        if self.target is not None and self.target == int(self.target):
            unit = _("{v} дн.") if self.definition.unit == "days" else _("{v} из 5")
            return unit.format(v=int(self.target))
        return fmt(self.definition, self.target)

    @property
    def cells(self) -> list[tuple[Period, str, str, str]]:
        """Each quarter: (quarter, value, interval, n), as the table shows them."""
        return [
            (q, self.text(v), self.interval(v), number_format(v.n, force_grouping=True))
            for q, v in self.values
        ]

    @property
    def chart(self) -> Any:
        """The quarters as a line with its interval band (``lib.charts``); a quarter with
        too few cases breaks the line. None when no quarter has enough."""
        from lib.charts import Chart, Point, line

        if all(v.suppressed for _q, v in self.values):
            return None
        scale = {"share": (0.0, 1.0), "score": (1.0, 5.0)}.get(self.definition.unit)
        if scale is None:  # days: from 0 to a round number above every value and interval
            highest = max(
                max(v.value or 0, v.high or 0) for _q, v in self.values if not v.suppressed
            )
            scale = (0.0, float(_round_up(highest)))
        bottom, top = scale
        points = [
            Point(
                q.label,
                None if v.suppressed else v.value,
                None if v.suppressed else v.low,
                None if v.suppressed else v.high,
            )
            for q, v in self.values
        ]
        ticks = [bottom + (top - bottom) * i / 4 for i in range(5)]
        text = lambda value: fmt(self.definition, value)  # noqa: E731
        return Chart(
            heading=self.definition.name,
            svg=line(
                points,
                title=_("{name} по кварталам").format(name=self.definition.name),
                description=self.summary,
                ident=f"trend-{self.definition.code}",
                bottom=bottom,
                top=top,
                ticks=ticks,
                tick_text=text,
                value_text=text,
            ),
            summary=self.summary,
        )

    @property
    def now(self) -> tuple[Period, str, str, str]:
        return self.cells[-1]

    def text(self, value: Value) -> str:
        if not value.measured:
            return _("не измеряли")
        if value.suppressed:
            return _("мало данных")
        shown = fmt(self.definition, value.value)
        return _("не меньше {v}").format(v=shown) if value.at_least else shown

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
        change = change_words(before, last)
        return _("{name}: было {a}, стало {b} (n = {n}) в {q} — {change}.").format(
            name=self.definition.name,
            a=self.text(before),
            b=self.text(last),
            n=number_format(last.n, force_grouping=True),
            q=q.label,
            change=change,
        )


def change_words(before: Value, last: Value) -> str:
    """How two values with enough data differ: beyond their intervals or within them."""
    assert last.value is not None and before.value is not None
    if last.low is None or before.low is None or last.high is None or before.high is None:
        return _("без оценки погрешности")
    if not (last.high < before.low or last.low > before.high) or last.value == before.value:
        return _("в пределах погрешности")
    if last.value > before.value:
        return _("рост больше погрешности")
    return _("снижение больше погрешности")


def _round_up(value: float) -> float:
    """The next of 4, 8, 20, 40, 80, 200… at or above ``value``: quarters of it are round."""
    step = 4.0
    while step < value:
        step *= 2 if str(int(step))[0] == "4" else 2.5
    return step


def targets_of(body: Body) -> dict[str, Target]:
    return {t.code: t for t in Target.objects.filter(body=body).select_related("owner")}


def body_indicators(
    body: Body, *, quarters: int = QUARTERS, until: dt.date | None = None
) -> list[Row]:
    """Every indicator of the catalogue for the body over the last quarters: a constant
    number of queries, whatever the number of ratings, items and offers."""
    return rows_over(body, last_quarters(quarters, until=until))


def rows_over(body: Body, span: Sequence[Period], *, kept: bool = True) -> list[Row]:
    """Every indicator of the catalogue for the body over periods (quarters or years),
    oldest first. Finished quarters the runner has kept (``KeptValue``: every indicator,
    at its current version) are read from there; the rest — the quarter running now, a
    year, a quarter not kept yet — from material loaded once. ``kept=False`` computes all
    (what the runner keeps)."""
    stored = _kept(body, span) if kept else {}
    live = [q for q in span if q not in stored]
    material = Material.load(body, live) if live else None
    own = targets_of(body)
    rows = []
    for d in CATALOGUE:
        mine = own.get(d.code)
        target = mine.value if mine is not None and mine.value is not None else d.target
        source = (
            _("цель органа") if mine is not None and mine.value is not None else d.target_source
        )
        values = []
        for q in span:
            if q in stored:
                values.append((q, stored[q][d.code]))
            else:
                assert material is not None
                values.append((q, d.compute(material, q)))
        rows.append(
            Row(
                definition=d,
                target=target,
                target_source=source,
                owner=mine.owner if mine is not None else None,
                values=values,
                explanation=d.explain(material)
                if d.explain is not None and material is not None
                else "",
            )
        )
    return rows


def _kept(body: Body, span: Sequence[Period]) -> dict[Period, dict[str, Value]]:
    """The finished quarters of ``span`` whose every indicator the runner kept at its
    current version, with their values (one query)."""
    from indicators.models import KeptValue
    from indicators.periods import Quarter

    now = timezone.now()
    finished = {q.code: q for q in span if isinstance(q, Quarter) and q.end <= now}
    if not finished:
        return {}
    versions = {d.code: d.version for d in CATALOGUE}
    found: dict[Period, dict[str, Value]] = {}
    for k in KeptValue.objects.filter(body=body, quarter__in=list(finished)):
        if versions.get(k.code) != k.version:
            continue
        found.setdefault(finished[k.quarter], {})[k.code] = Value(
            k.n, k.value, k.low, k.high, k.minimum, k.measured, k.at_least
        )
    return {q: values for q, values in found.items() if len(values) == len(versions)}


def alert_of(row: Row) -> tuple[Period, str, str] | None:
    """What the last finished quarter says of an indicator (its quarter, the reason and
    a sentence), or None: a fall beyond both intervals from the quarter before, or a miss
    of the target in both (a quarter still running decides nothing yet)."""
    if len(row.values) < 3:
        return None
    (q, last), (_pq, before) = row.values[-2], row.values[-3]
    if last.suppressed or before.suppressed:
        return None
    assert last.value is not None and before.value is not None
    higher = row.definition.higher_is_better
    if last.low is not None and before.low is not None:
        fell = (
            last.high < before.low  # type: ignore[operator]
            if higher
            else last.low > before.high  # type: ignore[operator]
        )
        if fell:
            return (
                q,
                "fall",
                _("{name}: было {a}, стало {b} (n = {n}) в {q}.").format(
                    name=row.definition.name,
                    a=row.text(before),
                    b=row.text(last),
                    n=number_format(last.n, force_grouping=True),
                    q=q.label,
                ),
            )
    if row.target is not None:
        target = float(row.target)
        missed = [(v.value < target) if higher else (v.value > target) for v in (before, last)]  # type: ignore[operator]
        if all(missed):
            return (
                q,
                "miss",
                _("{name}: {a} в {pq}, затем {b} в {q} при цели {t}.").format(
                    name=row.definition.name,
                    a=row.text(before),
                    pq=row.values[-3][0].label,
                    b=row.text(last),
                    q=q.label,
                    t=row.target_text,
                ),
            )
    return None


def shortcomings_of(body: Body, *, open_only: bool = False) -> Any:
    from indicators.models import Shortcoming

    found = Shortcoming.objects.filter(body=body).select_related("owner")
    return found.filter(closed_at__isnull=True) if open_only else found


def shortcoming_detail(pk: int) -> Any:
    from indicators.models import Shortcoming

    return Shortcoming.objects.select_related("owner", "closed_by").filter(pk=pk).first()


def bodies() -> Any:
    return Body.objects.order_by("pk")


@dataclass(frozen=True)
class Cause:
    """A service or a touchpoint that pulls the body's share satisfied down this quarter:
    its share is below the body's, and ``missing`` is how many more satisfied ratings it
    would need to reach the body's share — the larger, the more it weighs."""

    kind: str  # service, touchpoint
    pk: int
    label: str
    n: int
    share: float
    missing: int
    #: The body's own (its staff open the service's ratings or the place's checks);
    #: another body's (a МФЦ delivering the body's service) is named, not linked.
    own: bool


#: How many of each kind the page names.
CAUSES = 3


def causes(body: Body, *, until: dt.date | None = None) -> list[Cause]:
    """What pulls satisfaction down in the current quarter: the services and touchpoints
    with at least ``PUBLISH_MIN`` ratings whose share satisfied is below the body's,
    heaviest first (two grouped queries, whatever the data)."""
    from feedback import selectors as feedback
    from registry import selectors as registry

    quarter = last_quarters(1, until=until)[0]
    own = {
        "service": set(registry.services_list(body=body).values_list("pk", flat=True)),
        "touchpoint": set(registry.touchpoints_list(body=body).values_list("pk", flat=True)),
    }
    found: list[Cause] = []
    for kind in ("service", "touchpoint"):
        groups = feedback.figures_of_body_by(
            body_id=body.pk,
            month_from=quarter.first_month,
            month_to=quarter.last_month,
            by=kind,
        )
        total_n = sum(g.n for g in groups)
        if not total_n:
            continue
        overall = sum(g.sums["satisfied"] for g in groups) / total_n
        weak = []
        for g in groups:
            if g.key is None or g.suppressed:
                continue
            share = g.sums["satisfied"] / g.n
            missing = round((overall - share) * g.n)
            if missing > 0:
                weak.append(Cause(kind, g.key, g.label, g.n, share, missing, g.key in own[kind]))
        found += sorted(weak, key=lambda c: -c.missing)[:CAUSES]
    return found


def report_of(body: Body, year: int, *, files: bool = False) -> Any:
    """The body's yearly report row of ``year`` (its files only when asked), or None."""
    from indicators.models import Report

    found = Report.objects.filter(body=body, year=year).select_related("approved_by")
    return (found if files else found.defer("pdf", "xlsx")).first()


def report_years(body: Body) -> list[Any]:
    """The body's reports, newest first, without their files: those kept, and last year's
    and this year's even before anyone has written in them (unsaved rows)."""
    from indicators.models import Report

    kept = {r.year: r for r in Report.objects.filter(body=body).defer("pdf", "xlsx", "snapshot")}
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        kept.setdefault(year, Report(body=body, year=year))
    return [kept[y] for y in sorted(kept, reverse=True)]


def approved_reports(*, body: Body | None = None) -> Any:
    """Approved reports (what the public reads), newest first, without their files."""
    from indicators.models import Report

    found = Report.objects.filter(approved_at__isnull=False).select_related("body")
    if body is not None:
        found = found.filter(body=body)
    return found.defer("pdf", "xlsx").order_by("-year", "body__name")


def report_year_now(today: dt.date | None = None) -> int:
    """The year whose report is being prepared: last year's until its deadline, then this."""
    from indicators.models import Report

    today = today or timezone.localdate()
    return today.year - 1 if today <= Report.deadline_for(today.year - 1) else today.year


def body_by_slug(slug: str) -> Body | None:
    """A body by its slug, for its public page (every body's indicators are published)."""
    return Body.objects.filter(slug=slug).first()


@dataclass(frozen=True)
class CostRow:
    service: str
    quarter: str
    amount: Decimal
    served: int
    per_transaction: str  # «—» without clients served


def costs_of(body: Body) -> list[CostRow]:
    """The body's costs over the last eight quarters, newest first, each with its clients
    served and the cost per transaction (two queries)."""
    from feedback import selectors as feedback
    from indicators.catalogue import BY_CODE
    from indicators.models import Cost
    from indicators.periods import Quarter

    span = last_quarters(QUARTERS)
    served = feedback.served_by_service(body_id=body.pk, since=span[0].first_month)
    found = []
    for cost in Cost.objects.filter(body=body, quarter__in=[q.code for q in span]).select_related(
        "service"
    ):
        q = Quarter.parse(cost.quarter)
        assert q is not None
        n = served.get((cost.service_id, q.first_month), 0)
        found.append(
            CostRow(
                cost.service.title,
                q.label,
                cost.amount,
                n,
                fmt(BY_CODE["cost_per_transaction"], cost.amount / n) if n else "—",
            )
        )
    return found
