from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

#: The lanes of seed 001's example map (R11) that every view and export shows.
LANES = [
    "Цель клиента",
    "Действия клиента",
    "Ожидания",
    "Эмоция",
    "Боли и барьеры",
    "Позитивный опыт",
    "Рекомендации",
    "Точки взаимодействия",
]


@dataclass
class Place:
    segment: object
    other_segment: object
    office: object
    mfc: object
    reg: object
    posobie: object


@pytest.fixture
def place(world, published_situation):
    """Segments of our body (and of another), two touchpoints, the situation's services."""
    from registry.models import Service, Touchpoint
    from segments import services
    from tests.factories import TouchpointFactory

    segment = services.segment_create(
        actor=world.analyst,
        body=world.body,
        code="1.1",
        name="Молодые родители в городе",
        target="life_situation",
        life_situation=published_situation,
    )
    other = services.segment_create(
        actor=world.other_analyst,
        body=world.other_body,
        code="2.1",
        name="Чужой сегмент",
        target="direction",
        direction="support",
    )
    office = TouchpointFactory.create(body=world.body, kind=Touchpoint.Kind.RECEPTION, title="ЗАГС")
    mfc = TouchpointFactory.create(body=world.body, kind=Touchpoint.Kind.ONE_WINDOW, title="МФЦ")
    return Place(
        segment,
        other,
        office,
        mfc,
        Service.objects.get(slug="reg"),
        Service.objects.get(slug="posobie"),
    )


def stage_fields(title: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        "goal": f"Цель: {title}",
        "actions": f"Действие: {title}",
        "emotion": 0,
        **extra,
    }


@pytest.fixture
def birth_map(world, published_situation, place):
    """An AS IS map of five stages for our segment, online."""
    from journeys import services

    journey_map = services.map_create(
        actor=world.analyst,
        body=world.body,
        title="Рождение: онлайн",
        segment=place.segment,
        variant="онлайн на Госуслугах",
        life_situation=published_situation,
    )
    plan = [
        ("Узнаёт о выплатах", -1, "Непонятно, что положено\nИнформация разбросана", []),
        ("Регистрирует рождение", 0, "Очередь в ЗАГС", [place.office]),
        ("Подаёт на пособие", -1, "Нужно заново вводить данные\nДолгое ожидание", [place.mfc]),
        ("Ждёт решения", -1, "Нет статуса заявления", [place.mfc]),
        ("Получает выплату", 1, "", [place.mfc]),
    ]
    for title, emotion, pains, touchpoints in plan:
        services.stage_create(
            actor=world.analyst,
            journey_map=journey_map,
            touchpoints=touchpoints,
            **stage_fields(title, emotion=emotion, pains=pains, minutes=60),
        )
    return journey_map
