"""The requirement lists of seed 001 («ТОЧКИ ВЗАИМОДЕЙСТВИЯ / ТРЕБОВАНИЯ»), one per kind
of touchpoint (004 §2.21), in plain words with how each is checked (R29). Loaded by a data
migration; ``load`` adds what is missing (a transactional test flushes tables)."""

from __future__ import annotations

import datetime as dt
from typing import Any

SOURCE = "Стандарт «Государство для людей», таблица «Точки взаимодействия / требования»"
#: Requirements the seed's table does not state itself name where they come from.
MFC_RULES = "Правила организации деятельности МФЦ (ПП РФ № 1376): ожидание до 15 минут"
WCAG = "ГОСТ Р 52872-2019 (WCAG 2.1), цель продукта — WCAG 2.2 AA"
DISABILITY_LAW = "181-ФЗ «О социальной защите инвалидов», ст. 15"
PRODUCT = "Дополнено Клиентоцентром: практика колл-центров и помощников"
#: A list is reviewed yearly (seed 001: «требуют периодической актуализации»).
REVIEW_DAYS = 365

OBS, DOC, MEAS, TEST, DATA = (
    "observation",
    "document",
    "measurement",
    "test_contact",
    "product_data",
)

_RECEPTION = [
    ("ПР-1", "Рядом есть остановка общественного транспорта.", OBS, False, 2),
    ("ПР-2", "Есть места для парковки автомобилей людей с инвалидностью.", OBS, True, 3),
    ("ПР-3", "Вход без ступенек или с пандусом.", OBS, False, 3),
    (
        "ПР-4",
        "Навигация понятна, и её дублируют для людей с нарушением зрения и слуха.",
        OBS,
        False,
        3,
    ),
    ("ПР-5", "Помещение, вывески, транспорт и бейджи оформлены в едином стиле.", OBS, False, 1),
    ("ПР-6", "Есть зоны: цифровых сервисов, окон приёма, ожидания.", OBS, True, 2),
    ("ПР-7", "Сотрудник говорит вежливо, понятно и даёт верные сведения.", TEST, False, 3),
    ("ПР-8", "Людей с инвалидностью обслуживают с нужной помощью.", OBS, False, 3),
    ("ПР-9", "Иностранцу могут объяснить на его языке.", TEST, True, 1),
    ("ПР-10", "За клиентом может быть закреплён персональный менеджер.", DOC, True, 1),
    ("ПР-11", "Ожидание в очереди не дольше 15 минут.", MEAS, False, 3, MFC_RULES),
]

LISTS: dict[str, tuple[str, list[tuple[Any, ...]]]] = {
    "call_centre": (
        "Колл-центр",
        [
            ("КЦ-1", "Колл-центр отвечает круглосуточно, без выходных.", TEST, False, 3),
            ("КЦ-2", "Можно обратиться без голоса: кнопками телефона или текстом.", TEST, False, 3),
            ("КЦ-3", "Оператор говорит вежливо и спокойно, сведения верные.", TEST, False, 3),
            ("КЦ-4", "Есть сценарии входящих и исходящих разговоров, их соблюдают.", DOC, False, 2),
            (
                "КЦ-5",
                "Оператор отвечает не позже чем через 3 минуты ожидания.",
                MEAS,
                False,
                2,
                PRODUCT,
            ),
        ],
    ),
    "voice_assistant": (
        "Голосовой помощник",
        [
            ("ГП-1", "Помощник работает круглосуточно.", TEST, False, 3),
            ("ГП-2", "Помощник понимает обычную речь и отвечает по делу.", TEST, False, 3, PRODUCT),
            (
                "ГП-3",
                "Можно перейти к человеку, если помощник не справился.",
                TEST,
                False,
                2,
                PRODUCT,
            ),
        ],
    ),
    "chatbot": (
        "Чат-бот",
        [
            ("ЧБ-1", "Чат-бот работает круглосуточно.", TEST, False, 3),
            ("ЧБ-2", "Через чат-бот можно подать заявление.", TEST, True, 2),
            ("ЧБ-3", "Чат-бот показывает, на каком шаге заявление.", TEST, True, 2),
            ("ЧБ-4", "Через чат-бот можно оплатить пошлину или платёж.", TEST, True, 1),
            ("ЧБ-5", "Можно перейти к человеку, если чат-бот не справился.", TEST, False, 2),
        ],
    ),
    "portal": (
        "Сайт или портал",
        [
            ("П-1", "Сайт подбирает услуги под человека и его ситуацию.", OBS, False, 2),
            ("П-2", "В формах не просят того, что государство уже знает.", OBS, False, 3),
            ("П-3", "На каждой странице услуги можно оставить оценку.", DATA, False, 3),
            (
                "П-4",
                "Сайт доступен людям с нарушением зрения: проверен по WCAG 2.2 AA.",
                DOC,
                False,
                3,
                WCAG,
            ),
            (
                "П-5",
                "Сайт работает круглосуточно, кроме объявленных работ.",
                MEAS,
                False,
                2,
                PRODUCT,
            ),
        ],
    ),
    "mobile_app": (
        "Мобильное приложение",
        [
            ("МП-1", "Приложение бесплатное.", OBS, False, 3),
            ("МП-2", "Уведомления можно настроить: что присылать и как часто.", OBS, False, 2),
            ("МП-3", "В приложении можно оценить услугу.", DATA, False, 2),
            ("МП-4", "В формах не просят того, что государство уже знает.", OBS, False, 2),
        ],
    ),
    "messenger": (
        "Рассылки, личные сообщения и ответы на обращения",
        [
            (
                "С-1",
                "От рассылки можно отписаться в один шаг и выбрать, как часто получать.",
                DATA,
                True,
                3,
            ),
            (
                "С-2",
                "Ответ показывает, что обращение поняли: отвечает на вопрос человека.",
                OBS,
                False,
                3,
            ),
            ("С-3", "Ответы проверены на сложность текста.", DATA, False, 3),
            ("С-4", "Ответ написан просто и коротко.", DATA, False, 2),
            ("С-5", "Есть база знаний с ответами на частые вопросы.", DOC, False, 1),
            ("С-6", "После ответа человека просят оценить его.", DATA, False, 2),
        ],
    ),
    "social_network": (
        "Социальная сеть",
        [
            (
                "СС-1",
                "Отвечают на упоминания органа, обращения и комментарии к записям.",
                DATA,
                False,
                2,
            ),
            (
                "СС-2",
                "На упоминание отвечают за 4 часа, на обращение или комментарий — за 2 часа.",
                DATA,
                False,
                3,
            ),
            ("СС-3", "Ответ короткий; личное обсуждают в личных сообщениях.", OBS, False, 2),
            ("СС-4", "Ответ написан просто.", DATA, False, 2),
            ("СС-5", "Есть база шаблонов ответов.", DOC, False, 1),
            ("СС-6", "Публичные обращения отслеживают постоянно.", DOC, False, 2),
            ("СС-7", "Правила модерации опубликованы и соблюдаются.", DOC, False, 1),
        ],
    ),
    "reception": ("Приёмная органа власти", _RECEPTION),
    "one_window": ("МФЦ и другие центры одного окна", _RECEPTION),
    "long_stay": (
        "Место длительного пребывания",
        [
            ("ДП-1", "Есть бесплатный гостевой Wi-Fi.", OBS, False, 2),
            ("ДП-2", "С людьми в тяжёлой ситуации говорят бережно.", TEST, True, 3),
            ("ДП-3", "С детьми говорят понятным им языком.", TEST, True, 3),
            (
                "ДП-4",
                "Заботятся о природе: бумажные стаканы, урны для раздельного сбора.",
                OBS,
                False,
                1,
            ),
            ("ДП-5", "Есть пропускная система и круглосуточное видеонаблюдение.", OBS, False, 2),
            ("ДП-6", "Вход без ступенек или с пандусом.", OBS, False, 3, DISABILITY_LAW),
        ],
    ),
}


#: Measured requirements: the unit and the largest value that still meets the requirement.
MEASURES: dict[str, tuple[str, int]] = {"ПР-11": ("мин", 15), "КЦ-5": ("мин", 3)}
#: The rating driver that speaks to the same thing as the requirement: a check is set
#: beside the ratings of its place on it (R29).
DRIVERS: dict[str, str] = {
    "ПР-2": "premises",
    "ПР-3": "premises",
    "ПР-4": "information",
    "ПР-6": "premises",
    "ПР-7": "staff",
    "ПР-8": "staff",
    "ПР-11": "queue",
    "КЦ-3": "staff",
    "КЦ-5": "queue",
    "П-1": "information",
    "СС-2": "time",
}


def load(requirement_list: Any, requirement: Any, *, today: dt.date | None = None) -> None:
    """Create the lists of the seed that are missing, as version 1 (the model classes are
    passed in, so that a migration can use its historical ones)."""
    from django.utils import timezone

    today = today or timezone.localdate()
    for kind, (title, items) in LISTS.items():
        if requirement_list.objects.filter(kind=kind).exists():
            continue
        made = requirement_list.objects.create(
            kind=kind,
            version=1,
            title=title,
            source=SOURCE,
            review_by=today + dt.timedelta(days=REVIEW_DAYS),
        )
        requirement.objects.bulk_create(
            requirement(
                requirement_list=made,
                code=code,
                text=text,
                source=rest[0] if rest else SOURCE,
                method=method,
                can_be_na=na,
                weight=weight,
                position=i,
                unit=MEASURES.get(code, ("", 0))[0],
                limit=MEASURES[code][1] if code in MEASURES else None,
                driver=DRIVERS.get(code, ""),
            )
            for i, (code, text, method, na, weight, *rest) in enumerate(items, start=1)
        )
