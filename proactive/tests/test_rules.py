"""Every rule's test cases, as the analysts see them on the rules page (R16, R17)."""

from __future__ import annotations

import datetime as dt

import pytest

from proactive.engine import MAX_FORM_FIELDS, Check, Facts, case_passes
from proactive.engine.rules import RULES, SUBSISTENCE_MINIMUM

CASES = [(rule, case) for rule in RULES.values() for case in rule.cases]


@pytest.mark.parametrize(
    ("rule", "case"), CASES, ids=lambda x: getattr(x, "name", getattr(x, "service", ""))
)
def test_rule_case(rule, case):
    decision = rule.run_case(case)
    assert (decision.result, tuple(decision.failed)) == (case.result, case.failed)
    assert case_passes(rule, case)


@pytest.mark.parametrize(("rule", "case"), [c for c in CASES if c[1].result == "refuse"])
def test_every_refusal_names_condition_data_basis_and_remedy(rule, case):  # R17
    for reason in rule.run_case(case).reasons:
        if not reason.passed:
            assert reason.condition and reason.legal_basis and reason.remedy
            assert reason.data and all(item for item in reason.data)


def test_dated_parameter_takes_the_value_in_force():
    assert SUBSISTENCE_MINIMUM.at(dt.date(2025, 12, 31)).value == 18_470
    assert SUBSISTENCE_MINIMUM.at(dt.date(2026, 1, 1)).value == 19_840
    with pytest.raises(LookupError):
        SUBSISTENCE_MINIMUM.at(dt.date(2020, 1, 1))


def test_a_short_form_has_at_most_ten_fields():  # R16
    from proactive.engine import FormField

    with pytest.raises(ValueError, match="at most"):
        Check(Facts(), dt.date(2026, 1, 1)).decide(
            "form", "x", tuple(FormField(f"f{i}", "поле") for i in range(MAX_FORM_FIELDS + 1))
        )


def test_rule_names_the_amount_in_force_on_the_day():
    rule = RULES["posobie-pri-rozhdenii"]
    from proactive.engine import Case

    early = rule.run_case(
        Case("", {"newborn_birth_date": dt.date(2026, 1, 10)}, dt.date(2026, 1, 20), "grant")
    )
    late = rule.run_case(
        Case("", {"newborn_birth_date": dt.date(2026, 3, 10)}, dt.date(2026, 3, 20), "grant")
    )
    assert early.summary.endswith("24 604,30 руб.") and late.summary.endswith("26 940,71 руб.")


#: How a form would ask for what a state registry already holds (``adapters.FACT_SOURCES``).
ASKS_WHAT_THE_STATE_KNOWS = {
    "newborn_birth_date": ("дата рождения", "когда родился", "когда родилась"),
    "child_order": ("какой по счёту", "каким по счёту", "сколько детей"),
    "has_maternity_certificate": ("есть ли сертификат", "получали ли сертификат"),
    "receives_unified_allowance": ("получаете ли единое пособие",),
    "income_per_person": ("доход на человека", "доход семьи", "ваш доход"),
    "region": ("регион", "где живёте", "адрес регистрации"),
    "birth_date": ("ваша дата рождения", "сколько вам лет", "ваш возраст"),
    "gender": ("ваш пол",),
    "settlement_type": ("город или село", "тип населённого пункта"),
    "employment": ("где работаете", "работаете ли", "занятость"),
    "disability_group": ("группа инвалидности", "есть ли инвалидность"),
    "single_parent": ("единственный родитель", "одна воспитываете", "один воспитываете"),
}


@pytest.mark.parametrize(
    ("rule", "case"),
    [c for c in CASES if c[1].result == "form"],
    ids=lambda x: getattr(x, "name", getattr(x, "service", "")),
)
def test_no_short_form_asks_what_the_state_knows(rule, case):  # 004 §5.2.3, R16
    """Every short form of every rule asks only what no connected registry holds: no field
    is a fact an adapter gives, and no label asks for one in other words."""
    from proactive.adapters import FACT_SOURCES

    assert set(ASKS_WHAT_THE_STATE_KNOWS) == set(FACT_SOURCES)  # a new fact needs its words
    for field in rule.run_case(case).form:
        assert field.name not in FACT_SOURCES, (rule.service, field.name)
        label = field.label.lower()
        for fact, phrases in ASKS_WHAT_THE_STATE_KNOWS.items():
            assert not any(p in label for p in phrases), (rule.service, field.label, fact)
