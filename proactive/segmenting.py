"""Which segment of the life situation a client belongs to (R16), from the state's data.

The facts that the registries give are turned into values of the shared attribute
catalogue (R5) — a third child makes a family «многодетная семья», an income under the
regional minimum «ниже прожиточного минимума» — and matched against the profiles of the
life situation's segments: the segment with most matching values and no contradicting
one wins. Nothing is guessed where the data are silent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from proactive.engine import Facts
from proactive.engine.rules import SUBSISTENCE_MINIMUM
from segments.models import Segment

#: Facts this module reads, so the scenario asks the registries once for everything.
FACTS = ("child_order", "income_per_person")


def client_attributes(facts: Facts, on: dt.date) -> dict[str, str]:
    values: dict[str, str] = {}
    order = facts.value("child_order")
    if order is not None:
        values["family"] = "многодетная семья" if order >= 3 else "1–2 ребёнка"
    income = facts.value("income_per_person")
    if income is not None and income < SUBSISTENCE_MINIMUM.at(on).value:
        values["income"] = "ниже прожиточного минимума"
    return values


def segments_for(life_situation_ids: Iterable[int]) -> dict[int, list[Segment]]:
    """The segments of these life situations with their profiles: read once for a batch."""
    found: dict[int, list[Segment]] = {pk: [] for pk in life_situation_ids}
    for segment in Segment.objects.filter(life_situation_id__in=list(found)).prefetch_related(
        "attributes__attribute"
    ):
        assert segment.life_situation_id is not None
        found[segment.life_situation_id].append(segment)
    return found


def assign(
    *,
    life_situation_id: int,
    facts: Facts,
    on: dt.date,
    segments: list[Segment] | None = None,
) -> Segment | None:
    """The segment whose profile matches the client best; ``segments`` when the caller
    has read them already (a batch)."""
    known = client_attributes(facts, on)
    if not known:
        return None
    best, best_score = None, 0
    if segments is None:
        segments = segments_for([life_situation_id])[life_situation_id]
    for segment in segments:
        profile = {a.attribute.code: set(a.values) for a in segment.attributes.all()}
        if any(code in profile and value not in profile[code] for code, value in known.items()):
            continue  # the profile says otherwise
        score = sum(1 for code, value in known.items() if value in profile.get(code, set()))
        if score > best_score:
            best, best_score = segment, score
    return best
