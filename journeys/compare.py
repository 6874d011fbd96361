"""Comparing two journeys (R12): an AS IS map with the TO BE map made from it (stages
matched through ``origin``), or two versions of one map (stages matched by id). Pure: works
on snapshots (``selectors.snapshot``), so published versions compare the same way."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.utils.translation import gettext_lazy as _

#: The text lanes of a stage, in the order of seed 001's example map.
TEXT_LANES = (
    "goal",
    "actions",
    "expectations",
    "pains",
    "positives",
    "recommendations",
    "advice",
)
#: Everything whose change makes a stage "changed".
COMPARED = ("title", *TEXT_LANES, "score", "touchpoints", "services", "minutes", "cost")

Stage = dict[str, Any]

#: What a person reads for each compared field.
FIELD_LABELS = {
    "title": _("название"),
    "goal": _("цель"),
    "actions": _("действия"),
    "expectations": _("ожидания"),
    "pains": _("боли"),
    "positives": _("позитивный опыт"),
    "recommendations": _("рекомендации"),
    "advice": _("текст для граждан"),
    "score": _("эмоция"),
    "touchpoints": _("точки взаимодействия"),
    "services": _("услуги"),
    "minutes": _("время"),
    "cost": _("затраты"),
}


def lines(text: str) -> list[str]:
    """The items of a lane written one per line ("- " or "• " bullets allowed)."""
    found = []
    for line in (text or "").splitlines():
        item = line.strip().lstrip("-•*–—").strip()
        if item:
            found.append(item)
    return found


@dataclass
class StageChange:
    before: Stage | None
    after: Stage | None
    fields: list[str] = field(default_factory=list)

    @property
    def status(self) -> Literal["added", "removed", "changed", "same"]:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "changed" if self.fields else "same"

    @property
    def changed(self) -> list[str]:
        """The changed fields as a person reads them."""
        return [str(FIELD_LABELS[name]) for name in self.fields]

    @property
    def title(self) -> str:
        return str((self.after or self.before or {}).get("title", ""))

    @property
    def emotion_delta(self) -> int | None:
        """Change of the analyst's emotion on the 1–5 scale (positive is better)."""
        if self.before is None or self.after is None:
            return None
        return int(self.after["score"]) - int(self.before["score"])

    @property
    def pains_removed(self) -> list[str]:
        after = set(lines(self.after["pains"])) if self.after else set()
        return [p for p in lines(self.before["pains"]) if p not in after] if self.before else []

    @property
    def pains_added(self) -> list[str]:
        before = set(lines(self.before["pains"])) if self.before else set()
        return [p for p in lines(self.after["pains"]) if p not in before] if self.after else []


@dataclass
class Totals:
    stages: int
    touchpoints: int
    minutes: int | None
    cost: Decimal | None


@dataclass
class Comparison:
    rows: list[StageChange]
    before: Totals
    after: Totals

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def added(self) -> int:
        return self.count("added")

    @property
    def removed(self) -> int:
        return self.count("removed")

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def pains_removed(self) -> list[str]:
        """Pains of the AS IS journey that the TO BE journey no longer has anywhere."""
        remaining = {p for row in self.rows if row.after for p in lines(row.after["pains"])}
        found: list[str] = []
        for row in self.rows:
            for pain in row.pains_removed:
                if pain not in remaining and pain not in found:
                    found.append(pain)
        return found


def totals(stages: list[Stage]) -> Totals:
    minutes = [s["minutes"] for s in stages if s.get("minutes") is not None]
    costs = [Decimal(str(s["cost"])) for s in stages if s.get("cost") is not None]
    return Totals(
        stages=len(stages),
        touchpoints=len({t for s in stages for t in s.get("touchpoint_ids", [])}),
        minutes=sum(minutes) if minutes else None,
        cost=sum(costs, Decimal(0)) if costs else None,
    )


def _same(a: Any, b: Any) -> bool:
    """Equal as a person reads them: a text saved from a browser (CRLF line ends, trailing
    spaces) is the same as the one typed in by the API; blank is the same as missing."""
    if isinstance(a, str | None) and isinstance(b, str | None):
        return _text(a) == _text(b)
    return bool(a == b)


def _text(value: str | None) -> str:
    return "\n".join(line.rstrip() for line in (value or "").splitlines()).strip()


def compare(before: list[Stage], after: list[Stage], *, link: str = "origin") -> Comparison:
    """Stages of ``after`` matched to ``before`` by ``after[link] == before["id"]``: "origin"
    for a TO BE map made from an AS IS map, "id" for two versions of one map. Rows follow
    the later journey's order; stages it dropped are placed after their predecessor."""
    by_id = {s["id"]: s for s in before}
    matched: set[Any] = set()
    rows: list[StageChange] = []
    for stage in after:
        origin = by_id.get(stage.get(link))
        if origin is not None and origin["id"] not in matched:
            matched.add(origin["id"])
            # Snapshots from before a lane existed lack it: missing is blank.
            changed = [name for name in COMPARED if not _same(origin.get(name), stage.get(name))]
            rows.append(StageChange(origin, stage, changed))
        else:
            rows.append(StageChange(None, stage))
    for index, stage in enumerate(before):
        if stage["id"] in matched:
            continue
        # After the row of the nearest earlier stage of ``before`` that is still shown.
        position = 0
        for earlier in reversed(before[:index]):
            found = next((i for i, r in enumerate(rows) if r.before is earlier), None)
            if found is not None:
                position = found + 1
                break
        rows.insert(position, StageChange(stage, None))
    return Comparison(rows=rows, before=totals(before), after=totals(after))
