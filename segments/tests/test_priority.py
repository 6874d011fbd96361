"""Which segments to study first (R8): the score from its inputs and the body's weights."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from segments import selectors, services
from segments.priority import rank, weights_for


@pytest.fixture
def two_segments(world, segment):
    services.segment_update(
        actor=world.analyst,
        segment=segment,
        reason="статистика 2026",
        capacity=1000,
        capacity_source="body_statistics",
        capacity_as_of=dt.date(2026, 1, 1),
        satisfaction=Decimal(3),
        satisfaction_source="survey",
        uniqueness=5,
        uniqueness_source="complaints",
        entitled_count=1000,
        applicants_count=600,
    )
    other = services.segment_create(
        actor=world.analyst,
        body=world.body,
        code="1.2",
        name="Пенсионеры в городе",
        target="direction",
        direction="services",
        capacity=10,
        capacity_source="rosstat",
        satisfaction=Decimal(2),
        satisfaction_source="reviews",
    )
    segment.refresh_from_db()
    return segment, other


def test_score_is_the_weighted_sum_of_its_inputs(world, two_segments):  # R8
    a, b = two_segments
    ranking = rank([a, b], weights_for(None))
    assert [p.segment for p in ranking] == [a, b]
    # A: 30·1 + 30·0.5 + 15·1 + 15·0.4 + 10·0 = 66; B: 30·log(11)/log(1001) + 30·0.75
    assert ranking[0].score == 66.0
    assert ranking[1].score == 32.9
    terms = {t.name: t for t in ranking[0].terms}
    assert terms["blind_zone"].share == pytest.approx(0.4)
    assert terms["capacity"].source == "Внутренняя статистика органа"
    assert terms["capacity"].as_of == "01.01.2026"
    assert ranking[0].missing == ["Экспертная позиция органа"]


def test_changing_the_weights_reorders_the_ranking(world, two_segments):  # R8
    services.weights_update(
        actor=world.analyst,
        body=world.body,
        capacity=0,
        satisfaction=100,
        uniqueness=0,
        blind_zone=0,
        expert=0,
    )
    ranking = selectors.priority_ranking(body_id=world.body.pk)
    assert [p.segment.code for p in ranking] == ["1.2", "1.1"]
    assert [p.score for p in ranking] == [75.0, 50.0]


def test_capacity_change_moves_the_segment_in_the_ranking(world, two_segments):  # R8
    _a, b = two_segments
    before = {p.segment.code: p.score for p in selectors.priority_ranking(body_id=world.body.pk)}
    services.segment_update(actor=world.analyst, segment=b, reason="Росстат", capacity=100000)
    after = {p.segment.code: p.score for p in selectors.priority_ranking(body_id=world.body.pk)}
    assert after["1.2"] == 52.5 > before["1.2"]
    assert after["1.1"] == 54.0 < before["1.1"]


def test_unknown_inputs_do_not_raise_a_segment(world, segment):  # R8
    (only,) = rank([segment], weights_for(None))
    assert only.score == 0
    assert len(only.missing) == 5


def test_all_zero_weights_are_refused(world):  # R8
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.weights_update(
            actor=world.analyst,
            body=world.body,
            capacity=0,
            satisfaction=0,
            uniqueness=0,
            blind_zone=0,
            expert=0,
        )


def _capacity_points(ranking) -> dict[str, float]:
    return {
        p.segment.code: next(t.points for t in p.terms if t.name == "capacity") for p in ranking
    }


def test_the_body_may_make_the_narrowest_segment_the_priority(world, two_segments):  # R8, seed 000
    """«Приоритетный сегмент по ёмкости может быть, как наиболее массовым, так и наиболее
    узким»: the body chooses; the explanation says which and whose choice it was."""
    services.weights_update(
        actor=world.analyst, body=world.body, capacity=100, satisfaction=0, uniqueness=0,
        blind_zone=0, expert=0,
    )  # fmt: skip
    larger = selectors.priority_ranking(body_id=world.body.pk)
    assert [p.segment.code for p in larger] == ["1.1", "1.2"]  # 1 000 people above 10
    services.weights_update(actor=world.analyst, body=world.body, capacity_direction="smaller")
    smaller = selectors.priority_ranking(body_id=world.body.pk)
    assert [p.segment.code for p in smaller] == ["1.2", "1.1"]
    assert _capacity_points(smaller) == pytest.approx(
        {"1.1": 0.0, "1.2": 100 - _capacity_points(larger)["1.2"]}
    )
    term = next(t for t in smaller[0].terms if t.name == "capacity")
    assert "чем уже сегмент, тем выше приоритет (выбор органа)" in term.raw


def test_a_segment_may_choose_for_itself(world, two_segments):  # R8, seed 000
    a, _b = two_segments
    services.segment_update(
        actor=world.analyst, segment=a, reason="узкая группа", capacity_direction="smaller"
    )
    ranking = selectors.priority_ranking(body_id=world.body.pk)
    terms = {p.segment.code: next(t for t in p.terms if t.name == "capacity") for p in ranking}
    assert terms["1.1"].share == 0.0 and "(выбрано для сегмента)" in terms["1.1"].raw
    assert "чем больше сегмент, тем выше приоритет (выбор органа)" in terms["1.2"].raw


def test_a_direction_that_is_not_one_of_the_two_is_refused(client, world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.weights_update(actor=world.analyst, body=world.body, capacity_direction="wider")
    assert "capacity_direction" in refused.value.message_dict
    client.force_login(world.analyst)
    page = client.post(
        "/kabinet/segments/weights/",
        {"capacity_direction": "wider", "capacity": 30, "satisfaction": 30, "uniqueness": 15,
         "blind_zone": 15, "expert": 10},
    )  # fmt: skip
    assert page.status_code == 200 and 'href="#id_capacity_direction' in page.content.decode()
    assert selectors.capacity_direction_of_body(body_id=world.body.pk) == "larger"
