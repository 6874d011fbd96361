"""The rules of the demo region's services in «Рождение ребёнка» (R16, R17).

Amounts and thresholds are dated parameters with their legal reference; a rule names
the value in force on the day it decides. Figures are those of the demo region.
"""

from __future__ import annotations

import datetime as dt

from proactive.engine import Case, Check, Decision, FormField, Parameter, ParameterValue, Rule

D = dt.date

BIRTH_ALLOWANCE = Parameter(
    "birth_allowance",
    "Единовременное пособие при рождении ребёнка",
    "руб.",
    (
        ParameterValue(D(2025, 2, 1), 24_604.30, "81-ФЗ, ст. 12; индексация с 01.02.2025"),
        ParameterValue(D(2026, 2, 1), 26_940.71, "81-ФЗ, ст. 12; индексация с 01.02.2026"),
    ),
)
APPLY_WITHIN_MONTHS = Parameter(
    "apply_within_months",
    "Срок, в течение которого назначают пособие при рождении",
    "мес.",
    (ParameterValue(D(2007, 1, 1), 6, "81-ФЗ, ст. 17.2"),),
)
SUBSISTENCE_MINIMUM = Parameter(
    "subsistence_minimum",
    "Прожиточный минимум на душу населения в регионе",
    "руб. в месяц",
    (
        ParameterValue(
            D(2025, 1, 1), 18_470, "Постановление Правительства Амурской области о ПМ на 2025 год"
        ),
        ParameterValue(
            D(2026, 1, 1), 19_840, "Постановление Правительства Амурской области о ПМ на 2026 год"
        ),
    ),
)
MATERNITY_CAPITAL = Parameter(
    "maternity_capital",
    "Материнский капитал при рождении первого ребёнка",
    "руб.",
    (
        ParameterValue(D(2025, 1, 1), 690_266.15, "256-ФЗ, ст. 6; индексация 2025 года"),
        ParameterValue(D(2026, 1, 1), 728_921.06, "256-ФЗ, ст. 6; индексация 2026 года"),
    ),
)
REGIONAL_CAPITAL_ORDER = Parameter(
    "regional_capital_order",
    "С какого по счёту ребёнка дают региональный капитал",
    "",
    (
        ParameterValue(
            D(2020, 1, 1), 3, "Закон Амурской области о региональном материнском капитале, ст. 3"
        ),
    ),
)


def _rub(amount: float) -> str:
    """«24 604,30 руб.» — as a Russian reader writes money."""
    return f"{amount:,.2f}".replace(",", " ").replace(".", ",") + " руб."


_BIRTH = ("newborn_birth_date", "Дата рождения ребёнка")
_INCOME = ("income_per_person", "Доход на человека в семье в месяц")
_ORDER = ("child_order", "Какой по счёту ребёнок")


def _born(check: Check, legal_basis: str) -> bool:
    return check.condition(
        "birth_registered",
        "Рождение ребёнка зарегистрировано",
        check.facts.get("newborn_birth_date") is not None,
        data=check.data(_BIRTH),
        legal_basis=legal_basis,
        remedy="Зарегистрируйте ребёнка в ЗАГСе или на Госуслугах. Потом мы всё подготовим сами.",
    )


def _birth_allowance(check: Check) -> Decision:
    if not _born(check, "81-ФЗ, ст. 11"):
        return check.decide("refuse", "Пособие при рождении ребёнка")
    born: dt.date = check.facts.value("newborn_birth_date")
    months = check.param(APPLY_WITHIN_MONTHS)
    deadline = _add_months(born, months)
    in_time = check.condition(
        "within_period",
        f"Прошло не больше {months} месяцев со дня рождения",
        check.on <= deadline,
        data=(*check.data(_BIRTH), f"Назначить можно до {deadline:%d.%m.%Y}"),
        legal_basis=APPLY_WITHIN_MONTHS.at(check.on).legal_ref,
        remedy="Срок прошёл. Если пропустили его по уважительной причине (болезнь, переезд), подайте заявление в СФР с документом о причине.",
    )
    amount = check.param(BIRTH_ALLOWANCE)
    if not in_time:
        return check.decide("refuse", "Пособие при рождении ребёнка")
    return check.decide("grant", f"Пособие при рождении ребёнка: {_rub(amount)}")


def _unified_allowance(check: Check) -> Decision:
    if not _born(check, "81-ФЗ, ст. 9"):
        return check.decide("refuse", "Единое пособие на детей")
    if check.facts.value("receives_unified_allowance"):
        check.condition(
            "not_yet_received",
            "Единое пособие ещё не назначено",
            False,
            data=check.data(("receives_unified_allowance", "Единое пособие уже назначено")),
            legal_basis="81-ФЗ, ст. 9",
        )
        return check.decide("has", "Единое пособие уже назначено: ребёнка добавят к выплате")
    minimum = check.param(SUBSISTENCE_MINIMUM)
    income = check.facts.value("income_per_person")
    if income is None:
        check.condition(
            "income_known",
            "Известен доход семьи",
            False,
            data=check.data(_INCOME),
            legal_basis="81-ФЗ, ст. 9",
            remedy="Укажите доходы, которых нет в данных налоговой (например, алименты).",
        )
        return check.decide(
            "form",
            "Единое пособие на детей",
            (
                FormField(
                    "other_income", "Доходы, которых нет у налоговой, в месяц, руб.", required=False
                ),
            ),
        )
    check.condition(
        "income_below_minimum",
        f"Доход на человека в семье меньше прожиточного минимума ({minimum:,} руб.)".replace(
            ",", " "
        ),
        income < minimum,
        data=(*check.data(_INCOME), f"Прожиточный минимум: {minimum:,} руб.".replace(",", " ")),
        legal_basis=SUBSISTENCE_MINIMUM.at(check.on).legal_ref + "; 81-ФЗ, ст. 9",
        remedy="Если доход семьи стал меньше, подайте заявление с новыми доходами. Пособие пересчитают.",
    )
    if income >= minimum:
        return check.decide("refuse", "Единое пособие на детей")
    return check.decide("grant", "Единое пособие на детей с месяца рождения ребёнка")


def _maternity_capital(check: Check) -> Decision:
    if not _born(check, "256-ФЗ, ст. 3"):
        return check.decide("refuse", "Сертификат на материнский капитал")
    if check.facts.value("has_maternity_certificate"):
        check.condition(
            "no_certificate",
            "Сертификата на материнский капитал ещё нет",
            False,
            data=check.data(("has_maternity_certificate", "Сертификат уже выдан")),
            legal_basis="256-ФЗ, ст. 3",
        )
        return check.decide("has", "Сертификат уже есть: капитал увеличат автоматически")
    amount = check.param(MATERNITY_CAPITAL)
    return check.decide("grant", f"Сертификат на материнский капитал: {_rub(amount)}")


def _regional_capital(check: Check) -> Decision:
    if not _born(check, "Закон Амурской области о региональном материнском капитале"):
        return check.decide("refuse", "Региональный материнский капитал")
    need = check.param(REGIONAL_CAPITAL_ORDER)
    order = check.facts.value("child_order")
    ok = check.condition(
        "third_child",
        f"Ребёнок {need}-й или следующий по счёту",
        order is not None and order >= need,
        data=check.data(_ORDER),
        legal_basis=REGIONAL_CAPITAL_ORDER.at(check.on).legal_ref,
        remedy="Региональный капитал дают на третьего и следующих детей. На первого и второго ребёнка есть федеральный материнский капитал.",
    )
    if not ok:
        return check.decide("refuse", "Региональный материнский капитал")
    return check.decide(
        "form",
        "Региональный материнский капитал",
        (
            FormField(
                "use",
                "На что планируете потратить",
                "choice",
                ("Улучшение жилищных условий", "Образование детей", "Покупка автомобиля"),
            ),
        ),
    )


def _kindergarten(check: Check) -> Decision:
    if not _born(check, "273-ФЗ, ст. 67"):
        return check.decide("refuse", "Очередь в детский сад")
    return check.decide(
        "form",
        "Постановка в очередь в детский сад",
        (
            FormField("gardens", "Какие детские сады подходят (до трёх)"),
            FormField("start", "С какой даты нужно место", "date"),
        ),
    )


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return dt.date(year, month, min(day.day, last))


ON = D(2026, 11, 25)
BORN = D(2026, 11, 10)

RULES = {
    rule.service: rule
    for rule in [
        Rule(
            "posobie-pri-rozhdenii",
            "2026.1",
            "Единовременное пособие при рождении ребёнка",
            "81-ФЗ «О государственных пособиях гражданам, имеющим детей», ст. 11–12, 17.2",
            ("newborn_birth_date",),
            (BIRTH_ALLOWANCE, APPLY_WITHIN_MONTHS),
            _birth_allowance,
            (
                Case(
                    "Рождение зарегистрировано, срок не прошёл",
                    {"newborn_birth_date": BORN},
                    ON,
                    "grant",
                ),
                Case(
                    "Прошло больше полугода",
                    {"newborn_birth_date": D(2026, 3, 1)},
                    ON,
                    "refuse",
                    ("within_period",),
                ),
                Case("Рождение не зарегистрировано", {}, ON, "refuse", ("birth_registered",)),
            ),
            (("2025.1", "Сумма с 01.02.2025"), ("2026.1", "Сумма с 01.02.2026 по индексации")),
        ),
        Rule(
            "edinoe-posobie",
            "2026.1",
            "Единое пособие на детей",
            "81-ФЗ, ст. 9; постановление о прожиточном минимуме региона",
            ("newborn_birth_date", "income_per_person", "receives_unified_allowance"),
            (SUBSISTENCE_MINIMUM,),
            _unified_allowance,
            (
                Case(
                    "Доход ниже минимума",
                    {"newborn_birth_date": BORN, "income_per_person": 15_000},
                    ON,
                    "grant",
                ),
                Case(
                    "Доход выше минимума",
                    {"newborn_birth_date": BORN, "income_per_person": 25_000},
                    ON,
                    "refuse",
                    ("income_below_minimum",),
                ),
                Case(
                    "Нет сведений о доходе",
                    {"newborn_birth_date": BORN},
                    ON,
                    "form",
                    ("income_known",),
                ),
                Case(
                    "Пособие уже получают",
                    {"newborn_birth_date": BORN, "receives_unified_allowance": True},
                    ON,
                    "has",
                    ("not_yet_received",),
                ),
                Case(
                    "Порог 2025 года",
                    {"newborn_birth_date": D(2025, 6, 1), "income_per_person": 19_000},
                    D(2025, 6, 10),
                    "refuse",
                    ("income_below_minimum",),
                ),
            ),
            (("2025.1", "Порог 2025 года"), ("2026.1", "Порог 2026 года")),
        ),
        Rule(
            "materinskiy-kapital",
            "2026.1",
            "Сертификат на материнский капитал",
            "256-ФЗ «О дополнительных мерах государственной поддержки семей, имеющих детей», ст. 3, 6",
            ("newborn_birth_date", "has_maternity_certificate"),
            (MATERNITY_CAPITAL,),
            _maternity_capital,
            (
                Case("Первый сертификат", {"newborn_birth_date": BORN}, ON, "grant"),
                Case(
                    "Сертификат уже есть",
                    {"newborn_birth_date": BORN, "has_maternity_certificate": True},
                    ON,
                    "has",
                    ("no_certificate",),
                ),
            ),
            (("2026.1", "Сумма 2026 года"),),
        ),
        Rule(
            "regionalnyy-kapital",
            "2024.1",
            "Региональный материнский капитал",
            "Закон Амурской области о региональном материнском капитале",
            ("newborn_birth_date", "child_order"),
            (REGIONAL_CAPITAL_ORDER,),
            _regional_capital,
            (
                Case("Третий ребёнок", {"newborn_birth_date": BORN, "child_order": 3}, ON, "form"),
                Case(
                    "Второй ребёнок",
                    {"newborn_birth_date": BORN, "child_order": 2},
                    ON,
                    "refuse",
                    ("third_child",),
                ),
            ),
            (("2024.1", "Форма о направлении средств"),),
        ),
        Rule(
            "ocheredy-sad",
            "2024.1",
            "Постановка в очередь в детский сад",
            "273-ФЗ «Об образовании», ст. 67",
            ("newborn_birth_date",),
            (),
            _kindergarten,
            (Case("Новорождённый", {"newborn_birth_date": BORN}, ON, "form"),),
        ),
    ]
}
