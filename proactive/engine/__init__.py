"""Eligibility rules as code (R16, R17), on OpenFisca's ideas in plain Python.

- *Facts* come from the state's data through adapters, each with its source and date.
- *Parameters* are dated values with their legal reference (amounts, thresholds, limits):
  the value in force on the day of the decision is used and named in the reasons.
- A *rule* decides one service for one client on one day and returns a decision with a
  *trace*: every condition it checked, the data it used, its legal basis and, when it
  failed, what the client can do to reach a positive result.
- Each rule carries *test cases* (given these facts → this result and these failed
  conditions); the test suite runs them and the analysts' pages show them.

See docs/adr/0007-eligibility-rules-as-code.md for why not OpenFisca or a decision table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Result = Literal["grant", "form", "refuse", "has"]


@dataclass(frozen=True)
class Fact:
    name: str
    value: Any
    source: str
    as_of: dt.date | None = None

    def describe(self, label: str) -> str:
        when = f" на {self.as_of:%d.%m.%Y}" if self.as_of else ""
        return f"{label}: {_plain(self.value)} ({self.source}{when})"


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,.0f}".replace(",", " ") if value >= 1000 else f"{value:g}"
    return str(value)


class Facts:
    """What the state knows about a client, by fact name."""

    def __init__(self, facts: Iterable[Fact] = ()) -> None:
        self._facts = {f.name: f for f in facts}

    def get(self, name: str) -> Fact | None:
        return self._facts.get(name)

    def value(self, name: str, default: Any = None) -> Any:
        fact = self._facts.get(name)
        return fact.value if fact else default

    def __contains__(self, name: str) -> bool:
        return name in self._facts

    def names(self) -> list[str]:
        return sorted(self._facts)


@dataclass(frozen=True)
class ParameterValue:
    since: dt.date
    value: Any
    legal_ref: str


@dataclass(frozen=True)
class Parameter:
    code: str
    label: str
    unit: str
    history: tuple[ParameterValue, ...]

    def at(self, day: dt.date) -> ParameterValue:
        """The value in force on ``day``."""
        in_force = [v for v in self.history if v.since <= day]
        if not in_force:
            raise LookupError(f"{self.code}: no value in force on {day}")
        return max(in_force, key=lambda v: v.since)


@dataclass(frozen=True)
class Reason:
    """One checked condition, as the client reads it (R17)."""

    code: str
    condition: str
    passed: bool
    data: tuple[str, ...]
    legal_basis: str
    remedy: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "condition": self.condition,
            "passed": self.passed,
            "data": list(self.data),
            "legal_basis": self.legal_basis,
            "remedy": self.remedy,
        }


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: Literal["text", "date", "choice"] = "text"
    choices: tuple[str, ...] = ()
    required: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "kind": self.kind,
            "choices": list(self.choices),
            "required": self.required,
        }


#: R16: a short form asks for at most this many things the state cannot know.
MAX_FORM_FIELDS = 10


@dataclass(frozen=True)
class Decision:
    result: Result
    summary: str
    reasons: tuple[Reason, ...]
    form: tuple[FormField, ...] = ()

    @property
    def failed(self) -> list[str]:
        return [r.code for r in self.reasons if not r.passed]


@dataclass(frozen=True)
class Case:
    """A rule's test case: given these facts on this day → this result, these failures."""

    name: str
    facts: dict[str, Any]
    on: dt.date
    result: Result
    failed: tuple[str, ...] = ()


class Check:
    """Collects a rule's reasons as it checks its conditions."""

    def __init__(self, facts: Facts, on: dt.date) -> None:
        self.facts, self.on = facts, on
        self.reasons: list[Reason] = []

    def param(self, parameter: Parameter) -> Any:
        return parameter.at(self.on).value

    def data(self, *items: tuple[str, str]) -> tuple[str, ...]:
        out = []
        for name, label in items:
            fact = self.facts.get(name)
            out.append(fact.describe(label) if fact else f"{label}: нет сведений")
        return tuple(out)

    def condition(
        self,
        code: str,
        text: str,
        passed: bool,
        *,
        data: tuple[str, ...] = (),
        legal_basis: str,
        remedy: str = "",
    ) -> bool:
        self.reasons.append(
            Reason(code, text, passed, data, legal_basis, remedy if not passed else "")
        )
        return passed

    def decide(self, result: Result, summary: str, form: tuple[FormField, ...] = ()) -> Decision:
        if len(form) > MAX_FORM_FIELDS:
            raise ValueError(f"a short form has at most {MAX_FORM_FIELDS} fields")
        return Decision(result, summary, tuple(self.reasons), form)


@dataclass(frozen=True)
class Rule:
    """A versioned rule for one service. ``changes`` is its history, newest last."""

    service: str
    version: str
    title: str
    legal_basis: str
    facts: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    evaluate: Callable[[Check], Decision]
    cases: tuple[Case, ...] = ()
    changes: tuple[tuple[str, str], ...] = field(default=())

    def decide(self, facts: Facts, on: dt.date) -> Decision:
        return self.evaluate(Check(facts, on))

    def run_case(self, case: Case) -> Decision:
        facts = Facts(Fact(name, value, "тест") for name, value in case.facts.items())
        return self.decide(facts, case.on)


def case_passes(rule: Rule, case: Case) -> bool:
    decision = rule.run_case(case)
    return decision.result == case.result and tuple(decision.failed) == tuple(case.failed)
