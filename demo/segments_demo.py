"""Demo segments of the social-protection ministry: the segments of seed 001 (portal
clients 1.1–1.4 and possible clients 2.1–2.4 with their needs) and segments of the
"birth of a child" life situation with studies, respondents and hypotheses in every
state. Loaded through the same services as the pages, so versions and audit exist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from accounts.models import Body, User
from registry.models import LifeSituation, Touchpoint
from segments import services
from segments.models import Attribute, Segment

# code, name, potential, needs, problems, capacity, satisfaction, entitled, applicants
SEED_001 = [
    (
        "1.1",
        "Долго решали проблему",
        False,
        "Сократить сроки решения проблем; быстро решать простые проблемы.",
        "Обращение рассматривается дольше, чем ожидает житель.",
        18400,
        "2.6",
        None,
        None,
    ),
    (
        "1.2",
        "Не нравится реализация",
        False,
        "Более понятные интерфейсы; подать проблему голосом или видео, а не текстом.",
        "Форма обращения сложна, нельзя приложить голосовое сообщение.",
        9600,
        "3.1",
        None,
        None,
    ),
    (
        "1.3",
        "Не объяснили отказ",
        False,
        "Знать, почему нельзя решить проблему сейчас, и сроки решения в среднесрочном периоде.",
        "Ответ без объяснения причин и сроков.",
        5200,
        "2.2",
        None,
        None,
    ),
    (
        "1.4",
        "Соседи по чату пусть подают",
        False,
        "Подать одну жалобу от всех, поддержать её голосом «+1», следить за общим трекером.",
        "Одинаковые жалобы от соседей рассматриваются по отдельности.",
        3100,
        "3.4",
        None,
        None,
    ),
    (
        "2.1",
        "Не знают про портал или успешный опыт",
        True,
        "Понимать, что знакомый делает это удобно и получает выгоду, и я смогу.",
        "Не слышали о портале.",
        None,
        None,
        120000,
        38000,
    ),
    (
        "2.2",
        "Неудобно через портал",
        True,
        "Звонить напрямую в ЕДЦ, «Жилищник», УК; обращаться через чат-бот, соцсети, "
        "голосового помощника.",
        "Портал не подходит как канал.",
        None,
        None,
        64000,
        30000,
    ),
    (
        "2.3",
        "Не рассматривались как клиенты-жители",
        True,
        "Жаловаться на проблемы в невключённых домах (дома ДОМ.РФ и МКД под частными УК).",
        "Дом не подключён к системе обращений.",
        None,
        None,
        21000,
        2500,
    ),
    (
        "2.4",
        "Не рассматривались как клиенты-гости",
        True,
        "Потребности жителей соседних регионов, туристов, иностранных работников и их семей, "
        "транзитных водителей.",
        "Нет канала для неместных жителей.",
        None,
        None,
        15000,
        900,
    ),
]


def _attrs(actor: User, segment: Segment, values: dict[str, str]) -> None:
    for code, value in values.items():
        attribute = Attribute.objects.get(body=None, code=code)
        services.segment_attribute_set(
            actor=actor, segment=segment, attribute=attribute, value=value
        )


def load_segments(*, body: Body, analyst: User) -> None:
    """Idempotent: does nothing when the body already has segments."""
    if Segment.objects.filter(body=body).exists():
        return
    as_of = dt.date(2026, 1, 1)
    for code, name, potential, needs, problems, capacity, csat, entitled, applicants in SEED_001:
        fields: dict[str, Any] = {
            "is_potential": potential,
            "needs": needs,
            "typical_problems": problems,
            "description": "Сегмент из исследования клиентов портала обращений (материалы 001).",
        }
        if capacity:
            fields |= {
                "capacity": capacity,
                "capacity_source": "body_statistics",
                "capacity_as_of": as_of,
                "satisfaction": Decimal(str(csat)),
                "satisfaction_source": "survey",
                "satisfaction_as_of": as_of,
            }
        if entitled:
            fields |= {
                "entitled_count": entitled,
                "applicants_count": applicants,
                "blind_zone_as_of": as_of,
                "capacity": entitled,
                "capacity_source": "rosstat",
                "capacity_as_of": as_of,
            }
        services.segment_create(
            actor=analyst,
            body=body,
            code=code,
            name=name,
            target="direction",
            direction="appeals",
            **fields,
        )
    # The seed segments were started last year: their 2025 report is overdue (R10).
    Segment.objects.filter(body=body, code__in=[s[0] for s in SEED_001]).update(
        created_at=dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC)
    )
    _attrs(
        analyst,
        Segment.objects.get(body=body, code="1.3"),
        {
            "age": "36–55 лет",
            "digital": "средняя",
            "channel": "портал Госуслуг",
            "experience": "повторно",
            "settlement": "областной центр",
        },
    )

    birth = LifeSituation.objects.get(slug="rozhdenie-rebenka")
    mfc = Touchpoint.objects.filter(kind="one_window").first()
    young = services.segment_create(
        actor=analyst,
        body=body,
        code="РР-1",
        name="Молодые родители в областном центре",
        target="life_situation",
        life_situation=birth,
        journey_features="Узнают о мерах из чатов родителей; подают заявления с телефона ночью.",
        needs="Получить все выплаты без визитов; видеть статус каждого заявления.",
        typical_problems="Не знают, что региональный капитал оформляется отдельно.",
        preferred_channels=["portal", "mobile_app", "messenger"],
        personalisation_plan="Проактивное уведомление о региональном капитале после "
        "регистрации рождения; статус заявлений в одном месте.",
        capacity=7400,
        capacity_source="body_statistics",
        capacity_as_of=as_of,
        satisfaction=Decimal("3.8"),
        satisfaction_source="focus_group",
        satisfaction_as_of=dt.date(2026, 9, 15),
        uniqueness=2,
        uniqueness_source="complaints",
        entitled_count=7400,
        applicants_count=6900,
        blind_zone_as_of=as_of,
        expert_priority=3,
        expert_note="Массовый сегмент, основная нагрузка на портал.",
    )
    _attrs(
        analyst,
        young,
        {
            "age": "18–35 лет",
            "settlement": "областной центр",
            "family": "1–2 ребёнка",
            "digital": "высокая",
            "channel": "мобильное приложение",
            "employment": "работает по найму",
        },
    )
    rural = services.segment_create(
        actor=analyst,
        body=body,
        code="РР-2",
        name="Многодетные семьи в сёлах",
        target="life_situation",
        life_situation=birth,
        journey_features="Едут в райцентр в МФЦ; документы собирают несколько недель.",
        needs="Оформить всё за один визит; выездной приём.",
        typical_problems="Далеко до МФЦ; нет стабильного интернета.",
        preferred_channels=["one_window", "call_centre"],
        personalisation_plan="Выездные приёмы МФЦ раз в месяц; запись по телефону.",
        capacity=1900,
        capacity_source="rosstat",
        capacity_as_of=as_of,
        satisfaction=Decimal("2.9"),
        satisfaction_source="interview",
        satisfaction_as_of=dt.date(2026, 10, 1),
        uniqueness=4,
        uniqueness_source="interviews",
        entitled_count=2600,
        applicants_count=1900,
        blind_zone_as_of=as_of,
        expert_priority=5,
        expert_note="Приоритет губернаторской программы поддержки семей.",
    )
    if mfc:
        services.segment_update(
            actor=analyst,
            segment=rural,
            reason="Предпочитаемый офис МФЦ",
            preferred_touchpoints=[mfc],
        )
    _attrs(
        analyst,
        rural,
        {
            "age": "36–55 лет",
            "settlement": "посёлок или село",
            "family": "многодетная семья",
            "digital": "низкая",
            "distance": "более 30 км",
            "income": "ниже прожиточного минимума",
            "low_income": "признан малоимущим",
        },
    )
    disabled = services.segment_create(
        actor=analyst,
        body=body,
        code="РР-3",
        name="Родители детей-инвалидов",
        target="life_situation",
        life_situation=birth,
        capacity=310,
        capacity_source="body_statistics",
        capacity_as_of=as_of,
        expert_priority=4,
        expert_note="Особые потребности, мало данных.",
    )
    _attrs(
        analyst,
        disabled,
        {
            "disability": "ребёнок-инвалид",
            "mobility": "передвигается с трудом",
            "family": "1–2 ребёнка",
            "digital": "средняя",
        },
    )

    # Research: a finished focus group, an interview series in progress, a planned survey.
    focus = services.study_create(
        actor=analyst,
        body=body,
        title="Фокус-группа с молодыми родителями, Благовещенск",
        method="focus_group",
        held_on=dt.date(2026, 9, 15),
    )
    interviews = services.study_create(
        actor=analyst,
        body=body,
        title="Глубинные интервью в сёлах Белогорского округа",
        method="interview",
        held_on=dt.date(2026, 10, 1),
    )
    services.study_create(
        actor=analyst,
        body=body,
        title="Опрос пользователей портала обращений",
        method="survey",
        held_on=dt.date(2026, 12, 10),
    )
    for i in range(1, 7):
        services.respondent_add(
            actor=analyst, study=focus, code=f"ФГ-{i:02}", segment=young, consent=True
        )
    for i in range(1, 4):
        services.respondent_add(
            actor=analyst,
            study=interviews,
            code=f"ИН-{i:02}",
            segment=rural,
            consent=True,
            note="интервью по телефону" if i == 3 else "",
        )
    services.study_note_add(
        actor=analyst,
        study=focus,
        kind="quote",
        text="Про региональный капитал узнала случайно, от соседки.",
    )
    services.study_note_add(
        actor=analyst,
        study=interviews,
        kind="quote",
        text="До МФЦ сорок километров, автобус два раза в день.",
    )

    h1 = services.hypothesis_add(
        actor=analyst,
        segment=young,
        kind="channel",
        statement="Предпочитают подавать заявления с телефона",
    )
    h2 = services.hypothesis_add(
        actor=analyst,
        segment=young,
        kind="journey",
        statement="Готовы прийти в МФЦ ради консультации",
    )
    services.finding_add(
        actor=analyst,
        study=focus,
        hypothesis=h1,
        verdict="confirms",
        text="Пять из шести подавали заявления со смартфона.",
    )
    services.finding_add(
        actor=analyst,
        study=focus,
        hypothesis=h2,
        verdict="rejects",
        text="Никто не готов ехать в МФЦ только за консультацией.",
    )
    services.segment_finalise(actor=analyst, segment=young)

    h3 = services.hypothesis_add(
        actor=analyst,
        segment=rural,
        kind="channel",
        statement="Предпочитают звонить в колл-центр, а не ехать в МФЦ",
    )
    services.finding_add(
        actor=analyst,
        study=interviews,
        hypothesis=h3,
        verdict="confirms",
        text="Все трое сначала звонят, чтобы не ехать зря.",
    )
    services.segment_finalise(actor=analyst, segment=rural)
    services.hypothesis_add(
        actor=analyst,
        segment=disabled,
        kind="journey",
        statement="Нужна помощь с записью к врачу для справки МСЭ",
    )
    services.study_finish(
        actor=analyst,
        study=focus,
        summary="Подтверждено: мобильный канал главный; консультации — онлайн.",
    )
    # What the focus group found, for the people on the page of «Рождение ребёнка».
    services.research_publish(
        actor=analyst,
        study=focus,
        life_situation=birth,
        title="Фокус-группа с молодыми родителями",
        found=(
            "Молодые родители подают заявления с телефона. "
            "В МФЦ ради одной консультации никто ехать не хочет."
        ),
        changes=(
            "Консультации по выплатам для молодых родителей будут онлайн. "
            "Записаться можно в приложении."
        ),
    )
