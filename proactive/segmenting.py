"""Which segment of the life situation a client belongs to (R16), from the state's data.

Each attribute of the shared catalogue (R5) that a state registry can give has its
derivation here: the facts it reads and how they turn into one of its values — a birth
date into an age band, a third child into «многодетная семья», an income under the
regional minimum into «ниже прожиточного минимума». The client is matched against the
profiles of the segments of any life situation, on every attribute the profiles use and
the data give: the segment with most matching values and no contradicting one wins.
Nothing is guessed where the data are silent, and the registries are asked only for the
facts the profiles of the batch's situations use (152-ФЗ, data minimisation). Why the
client was placed so — which attribute, which value, from which registry — is kept with
the event and shown to the client.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from proactive.engine import Facts
from proactive.engine.rules import SUBSISTENCE_MINIMUM
from segments.models import Segment


@dataclass(frozen=True)
class Derivation:
    """How the state's facts give an attribute's value (None: the data do not say)."""

    facts: tuple[str, ...]
    value: Callable[[Facts, dt.date], str | None]


def _age(facts: Facts, on: dt.date) -> str | None:
    born = facts.value("birth_date")
    if not isinstance(born, dt.date) or born > on:
        return None
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for upto, band in ((17, "до 18 лет"), (35, "18–35 лет"), (55, "36–55 лет"), (65, "56–65 лет")):
        if years <= upto:
            return band
    return "старше 65 лет"


def _one_of(name: str, values: tuple[str, ...]) -> Callable[[Facts, dt.date], str | None]:
    """A registry's value that is already one of the attribute's values."""

    def value(facts: Facts, _on: dt.date) -> str | None:
        found = facts.value(name)
        return found if found in values else None

    return value


def _family(facts: Facts, _on: dt.date) -> str | None:
    order = facts.value("child_order")
    if order is None:
        return None
    return "многодетная семья" if order >= 3 else "1–2 ребёнка"


def _income(facts: Facts, on: dt.date) -> str | None:
    income = facts.value("income_per_person")
    if income is None or income >= SUBSISTENCE_MINIMUM.at(on).value:
        return None  # above the minimum the data do not tell «средний» from «выше среднего»
    return "ниже прожиточного минимума"


def _yes_no(name: str) -> Callable[[Facts, dt.date], str | None]:
    def value(facts: Facts, _on: dt.date) -> str | None:
        found = facts.value(name)
        return None if found is None else ("да" if found else "нет")

    return value


#: The attributes of the shared catalogue a state registry can give (``adapters.FACT_SOURCES``
#: says which registry holds which fact).
DERIVATIONS: dict[str, Derivation] = {
    "age": Derivation(("birth_date",), _age),
    "gender": Derivation(("gender",), _one_of("gender", ("мужской", "женский"))),
    "settlement": Derivation(
        ("settlement_type",),
        _one_of("settlement_type", ("областной центр", "город", "посёлок или село")),
    ),
    "employment": Derivation(
        ("employment",),
        _one_of(
            "employment",
            ("работает по найму", "ИП или самозанятый", "не работает", "пенсионер", "учится"),
        ),
    ),
    "family": Derivation(("child_order",), _family),
    "income": Derivation(("income_per_person",), _income),
    "disability": Derivation(
        ("disability_group",),
        _one_of(
            "disability_group", ("нет", "I группа", "II группа", "III группа", "ребёнок-инвалид")
        ),
    ),
    "single_parent": Derivation(("single_parent",), _yes_no("single_parent")),
}

#: Every fact some derivation reads.
FACTS = tuple(sorted({name for d in DERIVATIONS.values() for name in d.facts}))


def facts_for_segments(segments: Iterable[Segment]) -> set[str]:
    """The facts worth asking for: those of the attributes these profiles use."""
    used = {a.attribute.code for s in segments for a in s.attributes.all() if a.attribute.is_shared}
    return {name for code in used & set(DERIVATIONS) for name in DERIVATIONS[code].facts}


def client_attributes(facts: Facts, on: dt.date) -> dict[str, str]:
    """The attribute values the state's data give about the client, by attribute code."""
    values: dict[str, str] = {}
    for code, derivation in DERIVATIONS.items():
        value = derivation.value(facts, on)
        if value is not None:
            values[code] = value
    return values


def why(segment: Segment, facts: Facts, on: dt.date) -> list[dict[str, Any]]:
    """What placed the client in the segment: each matching attribute, its value and the
    registry it came from — for the client's own page, in the catalogue's words."""
    known = client_attributes(facts, on)
    found = []
    for a in segment.attributes.all():
        code = a.attribute.code
        if a.attribute.is_shared and code in known and known[code] in a.values:
            sources = [f.source for f in (facts.get(n) for n in DERIVATIONS[code].facts) if f]
            found.append(
                {"attribute": a.attribute.name, "value": known[code], "source": ", ".join(sources)}
            )
    return found


def segments_for(life_situation_ids: Iterable[int]) -> dict[int, list[Segment]]:
    """The final profiles of these life situations (and those under review), read once
    for a batch."""
    found: dict[int, list[Segment]] = {pk: [] for pk in life_situation_ids}
    usable = Segment.objects.filter(
        life_situation_id__in=list(found),
        # a final profile, or one under review: never a draft, which may be anyone's
        # unchecked guess and would decide which registries are asked (152-ФЗ)
        status__in=[Segment.Status.FINAL, Segment.Status.NEEDS_REVIEW],
    )
    for segment in usable.prefetch_related("attributes__attribute"):
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
        profile = {  # a body's own attribute may share a code, never the meaning
            a.attribute.code: set(a.values)
            for a in segment.attributes.all()
            if a.attribute.is_shared
        }
        if any(code in profile and value not in profile[code] for code, value in known.items()):
            continue  # the profile says otherwise
        score = sum(1 for code, value in known.items() if value in profile.get(code, set()))
        if score > best_score:
            best, best_score = segment, score
    return best
