from typing import Any

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from journeys import selectors, services
from journeys.compare import compare
from journeys.models import JourneyMap, Stage
from journeys.tests.conftest import stage_fields
from registry.models import Need


def _snapshot(pk: int) -> dict[str, Any]:
    journey_map = selectors.map_detail(pk)
    assert journey_map is not None
    return selectors.snapshot(journey_map)


def test_stage_without_goal_or_actions_is_refused_naming_the_lane(world, birth_map):  # R11
    with pytest.raises(ValidationError) as caught:
        services.stage_create(
            actor=world.analyst, journey_map=birth_map, title="Пустой", goal=" ", actions=""
        )
    assert set(caught.value.message_dict) == {"goal", "actions"}
    assert "цель клиента" in caught.value.message_dict["goal"][0].lower()
    assert birth_map.stages.count() == 5  # nothing half-written


def test_map_is_for_one_segment_and_one_subject(world, published_situation, place):  # R12
    with pytest.raises(ValidationError) as caught:
        services.map_create(
            actor=world.analyst,
            body=world.body,
            title="",
            variant="онлайн",
            segment=place.segment,
            life_situation=published_situation,
            service=place.reg,
        )
    assert "service" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.map_create(
            actor=world.analyst,
            body=world.body,
            title="",
            variant="онлайн",
            segment=place.other_segment,
            service=place.reg,
        )
    assert "segment" in caught.value.message_dict
    assert not JourneyMap.objects.exists()


def test_to_be_is_made_from_as_is_and_stays_linked(world, birth_map):  # R12
    to_be = services.map_make_to_be(actor=world.analyst, journey_map=birth_map)
    assert to_be.kind == "to_be" and to_be.base_id == birth_map.pk
    assert to_be.segment_id == birth_map.segment_id and to_be.variant == birth_map.variant
    origins = list(to_be.stages.order_by("order").values_list("origin__title", flat=True))
    assert origins == list(birth_map.stages.order_by("order").values_list("title", flat=True))
    with pytest.raises(ValidationError):  # only an AS IS map gives a TO BE map
        services.map_make_to_be(actor=world.analyst, journey_map=to_be)


def test_comparison_counts_added_removed_changed_and_removed_pains(world, birth_map, place):
    to_be = services.map_make_to_be(actor=world.analyst, journey_map=birth_map)
    stages = {s.title: s for s in to_be.stages.all()}
    # Proactive delivery: the client no longer applies nor waits blind.
    services.stage_delete(actor=world.analyst, stage=stages["Ждёт решения"])
    services.stage_update(
        actor=world.analyst,
        stage=stages["Подаёт на пособие"],
        title="Подтверждает предложение в один клик",
        emotion=1,
        pains="",
        minutes=5,
    )
    services.stage_update(
        actor=world.analyst,
        stage=stages["Узнаёт о выплатах"],
        emotion_score=4,
        pains="Непонятно, что положено",
    )
    services.stage_create(
        actor=world.analyst,
        journey_map=to_be,
        position=2,
        **stage_fields("Получает уведомление о праве", emotion=1),
    )
    before = _snapshot(birth_map.pk)
    after = _snapshot(to_be.pk)
    result = compare(before["stages"], after["stages"])
    statuses = {row.title: row.status for row in result.rows}
    assert statuses == {
        "Узнаёт о выплатах": "changed",
        "Получает уведомление о праве": "added",
        "Регистрирует рождение": "same",
        "Подтверждает предложение в один клик": "changed",
        "Ждёт решения": "removed",
        "Получает выплату": "same",
    }
    assert (result.added, result.removed, result.changed) == (1, 1, 2)
    assert [row.title for row in result.rows][3:5] == [
        "Подтверждает предложение в один клик",
        "Ждёт решения",
    ]  # dropped stage stays in place
    deltas = {row.title: row.emotion_delta for row in result.rows}
    assert deltas["Подтверждает предложение в один клик"] == 2  # 2 (negative) → 4 (positive)
    assert deltas["Узнаёт о выплатах"] == 2  # 2 → a finer 4
    assert result.pains_removed == [
        "Информация разбросана",
        "Нужно заново вводить данные",
        "Долгое ожидание",
        "Нет статуса заявления",
    ]
    assert (result.before.stages, result.after.stages) == (5, 5)
    assert result.before.minutes == 300
    assert result.after.minutes == 60 + 60 + 5 + 60  # the new stage states no time
    assert (result.before.touchpoints, result.after.touchpoints) == (2, 2)


def test_reorder_and_delete_renumber_the_stages(world, birth_map):
    stages = list(birth_map.stages.order_by("order"))
    services.stage_move(actor=world.analyst, stage=stages[2], offset=-1)
    titles = list(birth_map.stages.order_by("order").values_list("title", flat=True))
    assert titles[1:3] == ["Подаёт на пособие", "Регистрирует рождение"]
    with pytest.raises(ValidationError):
        services.stage_move(actor=world.analyst, stage=stages[0], offset=-1)
    services.stage_delete(actor=world.analyst, stage=stages[0])
    assert list(birth_map.stages.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4]


def test_duplicate_copies_every_lane_and_link(world, birth_map, place):
    copy = services.map_duplicate(actor=world.analyst, journey_map=birth_map)
    assert copy.pk != birth_map.pk and copy.status == "draft"
    original = _snapshot(birth_map.pk)["stages"]
    copied = _snapshot(copy.pk)["stages"]
    drop = {"id", "origin"}
    assert [{k: v for k, v in s.items() if k not in drop} for s in copied] == [
        {k: v for k, v in s.items() if k not in drop} for s in original
    ]


def test_versions_freeze_the_map_and_compare_by_stage(world, birth_map):
    first = services.map_publish(actor=world.analyst, journey_map=birth_map)
    stage = birth_map.stages.get(title="Ждёт решения")
    services.stage_update(actor=world.analyst, stage=stage, emotion=0, pains="")
    second = services.version_save(actor=world.analyst, journey_map=birth_map, note="после пилота")
    assert (first.number, second.number) == (1, 2)
    assert first.snapshot["stages"][3]["emotion"] == -1  # the first version did not move
    result = compare(first.snapshot["stages"], second.snapshot["stages"], link="id")
    assert [row.title for row in result.rows if row.status == "changed"] == ["Ждёт решения"]


def test_another_body_cannot_change_a_map_and_the_write_is_audited(world, birth_map):
    stage = birth_map.stages.first()
    with pytest.raises(ValidationError):
        services.stage_update(actor=world.other_analyst, stage=stage, title="Чужое")
    services.stage_update(actor=world.analyst, stage=stage, title="Узнаёт о праве")
    event = AuditEvent.objects.filter(action="journey.stage_update").latest("id")
    assert event.actor == world.analyst
    assert event.changes["title"] == ["Узнаёт о выплатах", "Узнаёт о праве"]


def test_recommendation_becomes_a_need_being_worked_on(world, birth_map):
    stage = birth_map.stages.get(title="Ждёт решения")
    need = services.recommendation_to_need(
        actor=world.analyst, stage=stage, title="Показывать статус заявления"
    )
    assert need.status == Need.Status.IN_WORK
    assert need.life_situation_id == birth_map.life_situation_id


def test_single_service_map_stages_are_that_service(world, place):
    journey_map = services.map_create(
        actor=world.analyst,
        body=world.body,
        title="",
        segment=place.segment,
        variant="лично",
        service=place.reg,
    )
    stage = services.stage_create(
        actor=world.analyst, journey_map=journey_map, **stage_fields("Приходит в ЗАГС")
    )
    assert list(stage.services.all()) == [place.reg]
    with pytest.raises(ValidationError) as caught:
        services.stage_update(actor=world.analyst, stage=stage, services=[place.posobie])
    assert "services" in caught.value.message_dict
    assert Stage.objects.get(pk=stage.pk).services.get() == place.reg


def test_a_map_holds_at_most_thirty_stages(world, birth_map):
    """A map past a screen and an A3 sheet took 77 s to render as PDF (200 stages)."""
    have = birth_map.stages.count()
    for n in range(services.MAX_STAGES - have):
        services.stage_create(
            actor=world.analyst, journey_map=birth_map, **stage_fields(f"Этап {n}")
        )
    with pytest.raises(ValidationError, match="уже 30 этапов"):
        services.stage_create(actor=world.analyst, journey_map=birth_map, **stage_fields("Лишний"))
    assert birth_map.stages.count() == services.MAX_STAGES


def test_a_lane_longer_than_the_limit_is_refused_naming_it(world, birth_map):
    with pytest.raises(ValidationError) as exc:
        services.stage_create(
            actor=world.analyst, journey_map=birth_map, **stage_fields("Ждёт", pains="боль " * 500)
        )
    assert set(exc.value.message_dict) == {"pains"}


def test_only_a_to_be_map_says_what_will_change(world, birth_map):
    with pytest.raises(ValidationError) as refused:
        services.map_update(actor=world.analyst, journey_map=birth_map, public_changes="Иначе")
    assert "public_changes" in refused.value.message_dict


def test_a_text_differing_only_in_line_ends_is_not_a_change() -> None:  # R12
    """Issue 16: a TO BE stage saved from the browser (CRLF) was reported as changed."""
    from journeys.compare import compare

    before = [{"id": 1, "title": "Узнать", "pains": "Долго\nНепонятно", "minutes": 30}]
    after = [
        {"id": 2, "origin": 1, "title": "Узнать ", "pains": "Долго\r\nНепонятно  ", "minutes": 30}
    ]
    assert compare(before, after).rows[0].status == "same"
    after[0]["minutes"] = 20
    assert compare(before, after).rows[0].fields == ["minutes"]
