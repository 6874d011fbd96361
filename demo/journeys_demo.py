"""Demo journey maps: «Рождение ребёнка» AS IS and TO BE for two segments, and one map of a
single service, every lane filled in. Idempotent: nothing is added when maps exist."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from accounts.models import Body, User
from journeys import services
from journeys.models import JourneyMap
from registry.models import LifeSituation, Service, Touchpoint
from segments.models import Segment

MFC = "МФЦ, офис «Центральный»"
MFC_RURAL = "МФЦ, офис в Белогорске"
ZAGS = "Отдел ЗАГС г. Благовещенска"
PORTAL = "Госуслуги: СФР"
SFR_CALL = "Единый контакт-центр СФР"
MINSOC_PORTAL = "Портал Минсоцзащиты"

# title, goal, actions, expectations, emotion, score, pains, positives, recommendations,
# touchpoints, services, minutes, cost
YOUNG_AS_IS = [
    (
        "Узнаёт, что положено",
        "Понять, какие выплаты и документы нужны после рождения",
        "Читает чаты родителей\nИщет на Госуслугах и сайтах ведомств",
        "Один список всего, что положено семье",
        -1,
        2,
        "Информация разбросана по сайтам\nНе знает о региональном капитале",
        "Советы других родителей в чатах",
        "Присылать семье список мер сразу после регистрации рождения",
        [MINSOC_PORTAL, PORTAL],
        [],
        120,
        None,
    ),
    (
        "Регистрирует рождение",
        "Получить свидетельство о рождении",
        "Записывается в ЗАГС\nПриходит с медицинским свидетельством",
        "Быстро и без очереди",
        0,
        3,
        "Запись на неделю вперёд",
        "Свидетельство выдают в день обращения",
        "Регистрация рождения онлайн из роддома",
        [ZAGS],
        ["gos-reg-rozhdeniya"],
        90,
        None,
    ),
    (
        "Оформляет СНИЛС ребёнку",
        "Получить СНИЛС без визита",
        "Ждёт уведомление в личном кабинете",
        "СНИЛС придёт сам",
        1,
        4,
        "",
        "СНИЛС оформляется проактивно",
        "",
        [PORTAL],
        ["snils-rebenka"],
        5,
        None,
    ),
    (
        "Подаёт на единое пособие",
        "Получать пособие с первого месяца",
        "Заполняет заявление на Госуслугах\nПрикладывает справки о доходах",
        "Заявление на 10 минут",
        -1,
        2,
        "Нужно заново вводить данные, которые есть у государства\n"
        "Непонятно, какие доходы указывать",
        "Можно подать с телефона",
        "Заполнять заявление данными из ЕГР ЗАГС и ФНС",
        [PORTAL],
        ["edinoe-posobie"],
        60,
        None,
    ),
    (
        "Ждёт решения",
        "Знать, когда придут деньги",
        "Проверяет статус\nЗвонит в контакт-центр",
        "Видеть статус и срок",
        -1,
        1,
        "Статус «на рассмотрении» без срока\nДолго ждать ответа на линии",
        "Вежливые операторы",
        "Показывать срок решения и причину задержки",
        [PORTAL, SFR_CALL],
        ["edinoe-posobie"],
        45,
        None,
    ),
    (
        "Получает выплаты",
        "Получить деньги на карту",
        "Проверяет поступления",
        "Деньги приходят вовремя",
        1,
        4,
        "",
        "Выплата приходит в срок",
        "Уведомлять о зачислении",
        [PORTAL],
        ["edinoe-posobie", "posobie-pri-rozhdenii"],
        5,
        None,
    ),
]

RURAL_AS_IS = [
    (
        "Узнаёт о мерах поддержки",
        "Понять, что положено многодетной семье",
        "Спрашивает у соседей и в сельсовете\nЗвонит в колл-центр МФЦ",
        "Всё узнать одним звонком",
        -1,
        2,
        "Нет стабильного интернета\nКаждый советует своё",
        "Специалисты МФЦ объясняют терпеливо",
        "Выездные консультации МФЦ в сёлах",
        ["Единый колл-центр МФЦ"],
        [],
        60,
        None,
    ),
    (
        "Собирает документы",
        "Собрать всё для заявлений за один раз",
        "Заказывает справки\nДелает копии документов",
        "Список документов заранее",
        -1,
        1,
        "Справки из разных мест\nКопии, которые есть у государства",
        "",
        "Не требовать документов, которые есть у ведомств",
        [],
        [],
        2880,
        Decimal("1500"),
    ),
    (
        "Едет в МФЦ в райцентр",
        "Подать все заявления за один визит",
        "Едет 60 км на автобусе\nЖдёт в очереди\nПодаёт заявления",
        "Приём по записи без очереди",
        -1,
        2,
        "Дорога занимает полдня\nОчередь в МФЦ",
        "Всё приняли в одном окне",
        "Выездной приём МФЦ раз в месяц",
        [MFC_RURAL],
        ["edinoe-posobie", "regionalnyy-kapital"],
        360,
        Decimal("800"),
    ),
    (
        "Ждёт решения",
        "Знать, что всё одобрено",
        "Звонит в МФЦ узнать статус",
        "СМС о решении",
        0,
        3,
        "Нужно звонить самой",
        "Решение пришло в срок",
        "СМС о каждом решении",
        ["Единый колл-центр МФЦ"],
        ["edinoe-posobie"],
        30,
        None,
    ),
    (
        "Получает выплаты",
        "Получать деньги регулярно",
        "Снимает деньги в отделении банка",
        "Стабильные выплаты",
        1,
        4,
        "",
        "Выплаты приходят регулярно",
        "",
        [],
        ["edinoe-posobie", "regionalnyy-kapital"],
        60,
        None,
    ),
]

#: What the public page says to do at each stage of the published AS IS map, written for
#: citizens (the other lanes are the research's notes and stay internal).
YOUNG_ADVICE = {
    "Узнаёт, что положено": "Посмотрите на Госуслугах, какие выплаты может получить семья "
    "с ребёнком.",
    "Регистрирует рождение": "Запишитесь в ЗАГС. Возьмите с собой справку из роддома.",
    "Оформляет СНИЛС ребёнку": "Ничего делать не нужно: СНИЛС ребёнка придёт в личный кабинет сам.",
    "Подаёт на единое пособие": "Подайте заявление на Госуслугах. Приложите справки о доходах "
    "семьи.",
    "Ждёт решения": "Статус заявления виден в личном кабинете. Если есть вопросы, позвоните "
    "в контакт-центр СФР.",
    "Получает выплаты": "Деньги придут на карту, которую вы указали в заявлении.",
}
#: What the published TO BE map tells citizens, in place of the map itself.
YOUNG_TO_BE_FOR_CITIZENS = (
    "Когда ребёнок родится, на Госуслуги придёт список всего, что может получить семья.\n"
    "Данные для пособия мы подставим сами: вам останется проверить их и нажать «Согласен».\n"
    "Ждать ответа по пособию не придётся: он придёт сразу."
)

SERVICE_MAP = [
    (
        "Решает подать заявление",
        "Понять, положено ли пособие",
        "Открывает калькулятор на Госуслугах",
        "Сразу понять, положено ли",
        0,
        3,
        "Калькулятор не учитывает алименты",
        "Калькулятор есть",
        "Учесть все виды доходов",
        [PORTAL],
        ["edinoe-posobie"],
        15,
        None,
    ),
    (
        "Заполняет заявление",
        "Подать заявление без ошибок",
        "Вводит данные детей\nВводит доходы семьи",
        "Данные подставятся сами",
        -1,
        2,
        "Ошибки в доходах возвращают заявление",
        "Подсказки к полям",
        "Подставлять доходы из ФНС",
        [PORTAL],
        ["edinoe-posobie"],
        40,
        None,
    ),
    (
        "Получает решение",
        "Узнать результат и сумму",
        "Читает уведомление",
        "Понятное объяснение суммы",
        0,
        3,
        "Непонятно, как посчитана сумма",
        "Решение приходит за 10 дней",
        "Показывать расчёт суммы",
        [PORTAL],
        ["edinoe-posobie"],
        5,
        None,
    ),
]


def _stages(actor: User, journey_map: JourneyMap, rows: list[tuple[Any, ...]]) -> None:
    for (
        title,
        goal,
        actions,
        expectations,
        emotion,
        score,
        pains,
        positives,
        recommendations,
        touchpoints,
        slugs,
        minutes,
        cost,
    ) in rows:
        services.stage_create(
            actor=actor,
            journey_map=journey_map,
            title=title,
            goal=goal,
            actions=actions,
            expectations=expectations,
            emotion=emotion,
            emotion_score=score,
            pains=pains,
            positives=positives,
            recommendations=recommendations,
            minutes=minutes,
            cost=cost,
            touchpoints=list(Touchpoint.objects.filter(title__in=touchpoints)),
            services=list(Service.objects.filter(slug__in=slugs)) if slugs else None,
        )


def _to_be(
    actor: User,
    as_is: JourneyMap,
    changes: dict[str, dict[str, Any]],
    drop: list[str],
    add: list[tuple[int, tuple[Any, ...]]],
) -> JourneyMap:
    to_be = services.map_make_to_be(actor=actor, journey_map=as_is)
    for stage in list(to_be.stages.all()):
        if stage.title in drop:
            services.stage_delete(actor=actor, stage=stage)
        elif stage.title in changes:
            services.stage_update(actor=actor, stage=stage, **changes[stage.title])
    for position, row in add:
        _stages(actor, to_be, [row])
        last = to_be.stages.order_by("-order").first()
        assert last is not None
        while last.order > position:
            services.stage_move(actor=actor, stage=last, offset=-1)
            last.refresh_from_db()
    return to_be


def load_journeys() -> None:
    if JourneyMap.objects.exists():
        return
    body = Body.objects.get(slug="minsoc")
    analyst = User.objects.get(username="analyst")
    birth = LifeSituation.objects.get(slug="rozhdenie-rebenka")
    young = Segment.objects.get(body=body, code="РР-1")
    rural = Segment.objects.get(body=body, code="РР-2")
    with transaction.atomic():
        online = services.map_create(
            actor=analyst,
            body=body,
            title="Рождение ребёнка: молодые родители онлайн",
            segment=young,
            variant="онлайн: Госуслуги и личный кабинет",
            life_situation=birth,
        )
        _stages(analyst, online, YOUNG_AS_IS)
        for stage in online.stages.all():
            services.stage_update(actor=analyst, stage=stage, advice=YOUNG_ADVICE[stage.title])
        online_to_be = _to_be(
            analyst,
            online,
            changes={
                "Узнаёт, что положено": {
                    "title": "Получает список мер после регистрации",
                    "emotion": 1,
                    "emotion_score": 4,
                    "actions": "Читает уведомление на Госуслугах",
                    "pains": "",
                    "minutes": 10,
                    "positives": "Все меры семьи в одном уведомлении",
                },
                "Подаёт на единое пособие": {
                    "title": "Подтверждает предложение в один клик",
                    "emotion": 1,
                    "emotion_score": 5,
                    "actions": "Проверяет данные\nНажимает «Согласен»",
                    "pains": "",
                    "minutes": 5,
                    "positives": "Данные уже заполнены из ЕГР ЗАГС и ФНС",
                },
            },
            drop=["Ждёт решения"],
            add=[],
        )
        rural_map = services.map_create(
            actor=analyst,
            body=body,
            title="Рождение ребёнка: многодетные семьи в сёлах",
            segment=rural,
            variant="лично в МФЦ райцентра",
            life_situation=birth,
        )
        _stages(analyst, rural_map, RURAL_AS_IS)
        _to_be(
            analyst,
            rural_map,
            changes={
                "Собирает документы": {
                    "title": "Ничего не собирает",
                    "emotion": 1,
                    "emotion_score": 4,
                    "actions": "Называет СНИЛС специалисту",
                    "pains": "",
                    "minutes": 5,
                    "cost": Decimal("0"),
                    "positives": "Ведомства сами запрашивают сведения",
                },
                "Едет в МФЦ в райцентр": {
                    "title": "Приходит на выездной приём МФЦ в селе",
                    "emotion": 1,
                    "emotion_score": 4,
                    "actions": "Записывается по телефону\nПодаёт заявления",
                    "pains": "",
                    "minutes": 60,
                    "cost": Decimal("0"),
                },
            },
            drop=[],
            add=[
                (
                    4,
                    (
                        "Получает СМС о решении",
                        "Знать, что всё одобрено",
                        "Читает СМС",
                        "СМС о каждом решении",
                        1,
                        4,
                        "",
                        "Не нужно звонить",
                        "",
                        [],
                        ["edinoe-posobie"],
                        1,
                        None,
                    ),
                )
            ],
        )
        service_map = services.map_create(
            actor=analyst,
            body=body,
            title="Единое пособие: заявление онлайн",
            segment=young,
            variant="через Госуслуги",
            service=Service.objects.get(slug="edinoe-posobie"),
        )
        _stages(analyst, service_map, SERVICE_MAP)
        services.map_publish(actor=analyst, journey_map=online)
        services.map_update(
            actor=analyst, journey_map=online_to_be, public_changes=YOUNG_TO_BE_FOR_CITIZENS
        )
        services.map_publish(actor=analyst, journey_map=online_to_be)
        services.comment_add(
            actor=User.objects.get(username="head"),
            journey_map=online,
            text="Этап ожидания решения — главный провал: оценки его подтверждают.",
        )
