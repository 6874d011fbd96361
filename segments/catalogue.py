"""The shared catalogue of segmentation attributes (R5): the standard lists of seed 003
(appendices 1–3) and the special attributes from the analysis of socially vulnerable
groups. Loaded by a data migration; bodies extend it with their own attributes."""

from __future__ import annotations

from typing import Any

STANDARD = "standard"
SPECIAL = "vulnerable"
LEGAL = "legal_act"

CATALOGUE = [
    (
        "age",
        "Возраст",
        STANDARD,
        ["до 18 лет", "18–35 лет", "36–55 лет", "56–65 лет", "старше 65 лет"],
    ),
    (
        "gender",
        "Пол",
        STANDARD,
        [
            "мужской",
            "женский",
        ],
    ),
    (
        "settlement",
        "Тип населённого пункта",
        STANDARD,
        ["областной центр", "город", "посёлок или село"],
    ),
    (
        "distance",
        "Расстояние до ближайшего МФЦ",
        STANDARD,
        [
            "до 5 км",
            "5–30 км",
            "более 30 км",
        ],
    ),
    (
        "employment",
        "Занятость",
        STANDARD,
        ["работает по найму", "ИП или самозанятый", "не работает", "пенсионер", "учится"],
    ),
    (
        "family",
        "Семья",
        STANDARD,
        ["без детей", "1–2 ребёнка", "многодетная семья", "ожидает ребёнка"],
    ),
    (
        "income",
        "Уровень дохода",
        STANDARD,
        ["ниже прожиточного минимума", "средний", "выше среднего"],
    ),
    (
        "digital",
        "Цифровая грамотность",
        STANDARD,
        [
            "низкая",
            "средняя",
            "высокая",
        ],
    ),
    (
        "channel",
        "Привычный канал обращения",
        STANDARD,
        [
            "лично",
            "по телефону",
            "портал Госуслуг",
            "мобильное приложение",
            "мессенджер или соцсеть",
        ],
    ),
    (
        "experience",
        "Опыт обращения в орган",
        STANDARD,
        [
            "впервые",
            "повторно",
            "регулярно",
        ],
    ),
    (
        "language",
        "Владение русским языком",
        STANDARD,
        ["родной язык", "не родной, понимает", "понимает с трудом"],
    ),
    (
        "information",
        "Осведомлённость о праве на услугу",
        STANDARD,
        ["знает", "слышал, но не уверен", "не знает"],
    ),
    (
        "disability",
        "Инвалидность",
        SPECIAL,
        ["нет", "I группа", "II группа", "III группа", "ребёнок-инвалид"],
    ),
    (
        "mobility",
        "Маломобильность",
        SPECIAL,
        ["нет", "передвигается с трудом", "не выходит из дома"],
    ),
    (
        "low_income",
        "Статус малоимущего",
        SPECIAL,
        [
            "не признан",
            "признан малоимущим",
        ],
    ),
    (
        "single_parent",
        "Единственный родитель",
        SPECIAL,
        [
            "нет",
            "да",
        ],
    ),
    (
        "svo",
        "Участник СВО или член его семьи",
        SPECIAL,
        [
            "нет",
            "участник",
            "член семьи",
        ],
    ),
    (
        "business_size",
        "Размер бизнеса",
        STANDARD,
        ["самозанятый", "микропредприятие", "малое", "среднее", "крупное"],
    ),
    (
        "business_age",
        "Срок работы бизнеса",
        STANDARD,
        [
            "до 1 года",
            "1–3 года",
            "более 3 лет",
        ],
    ),
    (
        "business_sector",
        "Отрасль",
        STANDARD,
        [
            "торговля",
            "общепит",
            "строительство",
            "сельское хозяйство",
            "транспорт",
            "услуги",
            "производство",
        ],
    ),
    (
        "employee_tenure",
        "Стаж в органе (для внутренних клиентов)",
        STANDARD,
        ["до 1 года", "1–5 лет", "более 5 лет"],
    ),
    (
        "beneficiary",
        "Льготная категория",
        LEGAL,
        ["нет", "ветеран", "многодетная семья", "пенсионер по старости", "другая"],
    ),
]


#: Attributes a person may have several values of at once (a family with one or two
#: children that expects another, a pensioner who works, several habitual channels).
MULTIPLE = {"employment", "family", "channel", "beneficiary", "business_sector"}


def load_standard_catalogue(attribute_model: Any) -> None:
    """Add what is missing of the shared catalogue; takes the model so that the data
    migration can pass its historical one (before ``multiple`` existed, it is left out).
    Running it again changes nothing."""
    has_multiple = any(f.name == "multiple" for f in attribute_model._meta.get_fields())
    for code, name, source, values in CATALOGUE:
        defaults: dict[str, Any] = {"name": name, "source_kind": source, "values": values}
        if has_multiple:
            defaults["multiple"] = code in MULTIPLE
        attribute_model.objects.get_or_create(body=None, code=code, defaults=defaults)
