"""The indicators that read a state of the body's records today (R30, R4, R6) or the
volumes it enters (digital take-up): each formula on known data, what each is made of in
a sentence, and a past period that cannot be read from today's records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from indicators import selectors

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def _row(body: Any, code: str) -> selectors.Row:
    return next(r for r in selectors.body_indicators(body) if r.definition.code == code)


def test_digital_take_up_is_the_share_served_online(world):
    from feedback.models import Volume
    from tests.factories import ServiceFactory, TouchpointFactory

    portal = TouchpointFactory.create(body=world.body, kind="portal", title="Портал")
    office = TouchpointFactory.create(body=world.body, kind="reception", title="Приёмная")
    service = ServiceFactory.create(body=world.body)
    month = dt.date(2026, 10, 1)
    Volume.objects.create(body=world.body, touchpoint=portal, month=month, served=300, offered=0)
    Volume.objects.create(body=world.body, touchpoint=office, month=month, served=700, offered=0)
    Volume.objects.create(  # the office's month by service too: its total counts, once
        body=world.body, touchpoint=office, service=service, month=month, served=500, offered=0
    )
    value = _row(world.body, "digital_take_up").current
    assert value.n == 1000 and value.value == pytest.approx(0.3)


def test_r30_counts_services_meeting_all_six_and_says_each(world):  # R30
    from tests.factories import ServiceFactory

    ServiceFactory.create(
        body=world.body,
        is_electronic=True,
        is_proactive=True,
        one_window=True,
        waiting_days=0,
    )
    ServiceFactory.create(body=world.body, waiting_days=10, documents_to_bring="Паспорт")
    row = _row(world.body, "r30_all")
    assert row.current.n == 2 and row.current.value == pytest.approx(0.5)
    assert "Предоставляется проактивно — 1 из 2" in row.explanation
    assert "Не требует других услуг, разрешений и экспертиз — 2 из 2" in row.explanation
    past = dict((q.code, v) for q, v in row.values)["2026-Q3"]
    assert not past.measured  # a state cannot be read for a past quarter


def test_an_audience_preferring_paper_is_not_a_failing(world):  # R30, 004 §5.2.1
    from tests.factories import ServiceFactory

    ServiceFactory.create(
        body=world.body,
        offline_preferred=True,
        offline_reason="Опрос: 80 % приходят лично",
        is_proactive=True,
        one_window=True,
    )
    assert _row(world.body, "r30_all").current.value == pytest.approx(1.0)


def test_needs_met_of_the_bodys_life_situations(world):  # R4
    from registry.models import Need
    from tests.factories import LifeSituationFactory

    ours = LifeSituationFactory.create(owner_body=world.body, status="published")
    theirs = LifeSituationFactory.create(owner_body=world.other_body, status="published")
    draft = LifeSituationFactory.create(owner_body=world.body)  # promised to no one yet
    Need.objects.create(life_situation=draft, title="Черновик", status="cannot", reason="Нет")
    for status in ("met", "met", "in_work", "cannot"):
        Need.objects.create(life_situation=ours, title="Нужда", status=status, reason="Нет мест")
    Need.objects.create(life_situation=theirs, title="Чужая", status="cannot", reason="Нет")
    row = _row(world.body, "needs_met")
    assert row.current.n == 4 and row.current.value == pytest.approx(0.5)
    assert row.explanation == (
        "Удовлетворяются — 2, в работе — 1, не могут быть удовлетворены — 1."
    )


def test_segments_with_a_final_profile_and_their_respondents(world):  # R6, R7
    from segments.models import Segment

    for i, status in enumerate(("final", "draft", "draft")):
        Segment.objects.create(
            body=world.body,
            code=f"S{i}",
            slug=f"s-{i}",
            name=f"Сегмент {i}",
            target="direction",
            direction="support",
            status=status,
        )
    row = _row(world.body, "segments_final")
    assert row.current.n == 3 and row.current.value == pytest.approx(1 / 3)
    assert "Итоговых профилей — 1 из 3" in row.explanation
    assert "сегментов без респондентов — 3" in row.explanation


def test_a_body_with_nothing_to_count_says_so(world):
    for code in ("r30_all", "needs_met", "segments_final", "digital_take_up"):
        row = _row(world.body, code)
        assert row.now[1] == "мало данных" and row.explanation == ""
