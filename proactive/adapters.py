"""The state's data behind one interface (R16; 004 §5.2.3: never ask the client for what
the state can give). Each source answers the facts it holds about a person; the engine
neither knows nor cares whether they come from seeded tables or an СМЭВ request."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from proactive.engine import Fact, Facts

#: Which source holds which fact.
FACT_SOURCES = {
    "newborn_birth_date": "civil_registry",
    "child_order": "civil_registry",
    "has_maternity_certificate": "pension_fund",
    "receives_unified_allowance": "pension_fund",
    "income_per_person": "tax",
    "region": "population",
    # what segments are matched on (``segmenting.DERIVATIONS``)
    "birth_date": "population",
    "gender": "population",
    "settlement_type": "population",
    "employment": "tax",
    "disability_group": "pension_fund",  # ФГИС ФРИ is kept by the Social Fund
    "single_parent": "civil_registry",
}


class Source(Protocol):
    code: str
    label: str

    def facts(self, snils: str, names: Iterable[str]) -> list[Fact]: ...


class SeededSource:
    """A registry answered from ``StateRecord`` rows (demo and tests)."""

    def __init__(self, code: str, label: str) -> None:
        self.code, self.label = code, label

    def facts(self, snils: str, names: Iterable[str]) -> list[Fact]:
        from proactive.models import StateRecord

        rows = StateRecord.objects.filter(source=self.code, snils=snils, name__in=list(names))
        return [Fact(r.name, _typed(r.name, r.value), self.label, r.as_of) for r in rows]

    def facts_many(self, snils: Iterable[str], names: Iterable[str]) -> dict[str, list[Fact]]:
        """The same for many people in one question (a batch of events)."""
        from proactive.models import StateRecord

        found: dict[str, list[Fact]] = {}
        rows = StateRecord.objects.filter(
            source=self.code, snils__in=list(snils), name__in=list(names)
        )
        for r in rows:
            found.setdefault(r.snils, []).append(
                Fact(r.name, _typed(r.name, r.value), self.label, r.as_of)
            )
        return found


def _typed(name: str, value: object) -> object:
    if name.endswith("_date") and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


def demo_sources() -> list[Source]:
    return [
        SeededSource("civil_registry", "ЕГР ЗАГС"),
        SeededSource("pension_fund", "Социальный фонд России"),
        SeededSource("tax", "ФНС России"),
        SeededSource("population", "Федеральный регистр населения"),
    ]


def sources() -> list[Source]:
    factory = import_string(
        getattr(settings, "PROACTIVE_STATE_SOURCES", "proactive.adapters.demo_sources")
    )
    return list(factory())


def facts_for_many(snils: Iterable[str], names: Iterable[str]) -> dict[str, Facts]:
    """``facts_for`` for a batch of people: one question to each registry for all of them
    (a registry without ``facts_many`` is asked person by person)."""
    wanted, people = set(names), sorted(set(snils))
    found: dict[str, list[Fact]] = {s: [] for s in people}
    for source in sources():
        mine = [n for n in wanted if FACT_SOURCES.get(n) == source.code]
        if not mine or not people:
            continue
        many = getattr(source, "facts_many", None)
        if many is not None:
            for number, facts in many(people, mine).items():
                found[number].extend(facts)
        else:
            for number in people:
                found[number].extend(source.facts(number, mine))
    return {number: Facts(facts) for number, facts in found.items()}


def facts_for(snils: str, names: Iterable[str]) -> Facts:
    """Ask each source only for the facts it holds."""
    wanted = set(names)
    found: list[Fact] = []
    for source in sources():
        mine = [n for n in wanted if FACT_SOURCES.get(n) == source.code]
        if mine:
            found.extend(source.facts(snils, mine))
    return Facts(found)
