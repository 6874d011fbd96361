"""The shared catalogue of segmentation attributes (R5): the standard lists of seed 003
(appendices 1–3) and the special attributes from the analysis of socially vulnerable
groups. Loaded by a data migration; bodies extend it with their own attributes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_noop

#: The catalogue is written in Russian and kept so in the database; its names and values
#: are message ids (``gettext_noop``, so that ``makemessages`` finds them), shown in the
#: reader's language (issue 16). A body's own attributes are shown as the body wrote them.

STANDARD = "standard"
SPECIAL = "vulnerable"
LEGAL = "legal_act"

CATALOGUE = [
    (
        "age",
        gettext_noop("Возраст"),
        STANDARD,
        [
            gettext_noop("до 18 лет"),
            gettext_noop("18–35 лет"),
            gettext_noop("36–55 лет"),
            gettext_noop("56–65 лет"),
            gettext_noop("старше 65 лет"),
        ],
    ),
    (
        "gender",
        gettext_noop("Пол"),
        STANDARD,
        [
            gettext_noop("мужской"),
            gettext_noop("женский"),
        ],
    ),
    (
        "settlement",
        gettext_noop("Тип населённого пункта"),
        STANDARD,
        [gettext_noop("областной центр"), gettext_noop("город"), gettext_noop("посёлок или село")],
    ),
    (
        "distance",
        gettext_noop("Расстояние до ближайшего МФЦ"),
        STANDARD,
        [
            gettext_noop("до 5 км"),
            gettext_noop("5–30 км"),
            gettext_noop("более 30 км"),
        ],
    ),
    (
        "employment",
        gettext_noop("Занятость"),
        STANDARD,
        [
            gettext_noop("работает по найму"),
            gettext_noop("ИП или самозанятый"),
            gettext_noop("не работает"),
            gettext_noop("пенсионер"),
            gettext_noop("учится"),
        ],
    ),
    (
        "family",
        gettext_noop("Семья"),
        STANDARD,
        [
            gettext_noop("без детей"),
            gettext_noop("1–2 ребёнка"),
            gettext_noop("многодетная семья"),
            gettext_noop("ожидает ребёнка"),
        ],
    ),
    (
        "income",
        gettext_noop("Уровень дохода"),
        STANDARD,
        [
            gettext_noop("ниже прожиточного минимума"),
            gettext_noop("средний"),
            gettext_noop("выше среднего"),
        ],
    ),
    (
        "digital",
        gettext_noop("Цифровая грамотность"),
        STANDARD,
        [
            gettext_noop("низкая"),
            gettext_noop("средняя"),
            gettext_noop("высокая"),
        ],
    ),
    (
        "channel",
        gettext_noop("Привычный канал обращения"),
        STANDARD,
        [
            gettext_noop("лично"),
            gettext_noop("по телефону"),
            gettext_noop("портал Госуслуг"),
            gettext_noop("мобильное приложение"),
            gettext_noop("мессенджер или соцсеть"),
        ],
    ),
    (
        "experience",
        gettext_noop("Опыт обращения в орган"),
        STANDARD,
        [
            gettext_noop("впервые"),
            gettext_noop("повторно"),
            gettext_noop("регулярно"),
        ],
    ),
    (
        "language",
        gettext_noop("Владение русским языком"),
        STANDARD,
        [
            gettext_noop("родной язык"),
            gettext_noop("не родной, понимает"),
            gettext_noop("понимает с трудом"),
        ],
    ),
    (
        "information",
        gettext_noop("Осведомлённость о праве на услугу"),
        STANDARD,
        [gettext_noop("знает"), gettext_noop("слышал, но не уверен"), gettext_noop("не знает")],
    ),
    (
        "disability",
        gettext_noop("Инвалидность"),
        SPECIAL,
        [
            gettext_noop("нет"),
            gettext_noop("I группа"),
            gettext_noop("II группа"),
            gettext_noop("III группа"),
            gettext_noop("ребёнок-инвалид"),
        ],
    ),
    (
        "mobility",
        gettext_noop("Маломобильность"),
        SPECIAL,
        [
            gettext_noop("нет"),
            gettext_noop("передвигается с трудом"),
            gettext_noop("не выходит из дома"),
        ],
    ),
    (
        "low_income",
        gettext_noop("Статус малоимущего"),
        SPECIAL,
        [
            gettext_noop("не признан"),
            gettext_noop("признан малоимущим"),
        ],
    ),
    (
        "single_parent",
        gettext_noop("Единственный родитель"),
        SPECIAL,
        [
            gettext_noop("нет"),
            gettext_noop("да"),
        ],
    ),
    (
        "svo",
        gettext_noop("Участник СВО или член его семьи"),
        SPECIAL,
        [
            gettext_noop("нет"),
            gettext_noop("участник"),
            gettext_noop("член семьи"),
        ],
    ),
    (
        "business_size",
        gettext_noop("Размер бизнеса"),
        STANDARD,
        [
            gettext_noop("самозанятый"),
            gettext_noop("микропредприятие"),
            gettext_noop("малое"),
            gettext_noop("среднее"),
            gettext_noop("крупное"),
        ],
    ),
    (
        "business_age",
        gettext_noop("Срок работы бизнеса"),
        STANDARD,
        [
            gettext_noop("до 1 года"),
            gettext_noop("1–3 года"),
            gettext_noop("более 3 лет"),
        ],
    ),
    (
        "business_sector",
        gettext_noop("Отрасль"),
        STANDARD,
        [
            gettext_noop("торговля"),
            gettext_noop("общепит"),
            gettext_noop("строительство"),
            gettext_noop("сельское хозяйство"),
            gettext_noop("транспорт"),
            gettext_noop("услуги"),
            gettext_noop("производство"),
        ],
    ),
    (
        "employee_tenure",
        gettext_noop("Стаж в органе (для внутренних клиентов)"),
        STANDARD,
        [gettext_noop("до 1 года"), gettext_noop("1–5 лет"), gettext_noop("более 5 лет")],
    ),
    (
        "beneficiary",
        gettext_noop("Льготная категория"),
        LEGAL,
        [
            gettext_noop("нет"),
            gettext_noop("ветеран"),
            gettext_noop("многодетная семья"),
            gettext_noop("пенсионер по старости"),
            gettext_noop("другая"),
        ],
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


def shown(text: str, *, shared: bool) -> str:
    """A name or a value of an attribute in the reader's language when it comes from the
    shared catalogue; a body's own attribute as the body wrote it."""
    return gettext(text) if shared else text
