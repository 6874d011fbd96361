from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from registry import services
from registry.models import LifeSituation, LifeSituationVersion, Need
from tests.factories import ServiceFactory

if TYPE_CHECKING:
    from conftest import World


def _create(world: World, **overrides: Any) -> LifeSituation:
    fields: dict[str, Any] = {
        "actor": world.analyst,
        "owner_body": world.body,
        "title": "Выход на пенсию",
        "start_event": "Достижение пенсионного возраста",
        "final_result": "Пенсия назначена",
        "time_bound_days": 30,
    }
    fields.update(overrides)
    return services.life_situation_create(**fields)


def test_life_situation_without_start_event_is_refused_with_a_clear_message(world):  # R1
    with pytest.raises(ValidationError) as exc:
        _create(world, start_event="  ")
    assert "стартовое событие" in exc.value.message_dict["start_event"][0]
    assert not LifeSituation.objects.exists()


def test_life_situation_without_final_result_is_refused(world):  # R1
    with pytest.raises(ValidationError) as exc:
        _create(world, final_result="")
    assert "конечный ценный результат" in exc.value.message_dict["final_result"][0]


def test_life_situation_needs_a_client_kind(world):  # R1
    with pytest.raises(ValidationError) as exc:
        _create(world, for_citizens=False)
    assert "for_citizens" in exc.value.message_dict


def test_analyst_cannot_create_for_another_body(world):
    with pytest.raises(ValidationError):
        _create(world, owner_body=world.other_body)


def test_create_records_an_audit_event_with_the_fields(world):
    ls = _create(world)
    event = AuditEvent.objects.get(action="life_situation.create")
    assert event.actor == world.analyst
    assert event.body == world.body
    assert event.object_id == str(ls.pk)
    assert event.changes["start_event"] == "Достижение пенсионного возраста"


def test_update_audits_only_the_changed_fields(world):
    ls = _create(world)
    services.life_situation_update(actor=world.analyst, life_situation=ls, time_bound_days=45)
    event = AuditEvent.objects.get(action="life_situation.update")
    assert event.changes == {"time_bound_days": [30, 45]}


def test_cyrillic_title_gives_a_latin_slug(world):
    assert _create(world).slug == "vykhod-na-pensiiu"
    assert _create(world).slug == "vykhod-na-pensiiu-2"


def test_unmeetable_need_without_reason_is_refused(world):  # R4
    ls = _create(world)
    with pytest.raises(ValidationError) as exc:
        services.need_add(
            actor=world.analyst,
            life_situation=ls,
            title="Пенсия без стажа",
            status=Need.Status.CANNOT,
            reason=" ",
        )
    assert "почему" in exc.value.message_dict["reason"][0].lower()
    assert not Need.objects.exists()


def test_need_with_reason_is_audited(world):  # R4
    ls = _create(world)
    services.need_add(
        actor=world.analyst,
        life_situation=ls,
        title="Пенсия без стажа",
        status=Need.Status.CANNOT,
        reason="Закон требует 15 лет стажа.",
    )
    assert AuditEvent.objects.filter(action="need.create").count() == 1


def test_steps_are_ordered_and_can_be_moved_and_removed(world):  # R1
    ls = _create(world)
    a, b, c = (ServiceFactory.create(body=world.body) for _ in range(3))
    for s in (a, b, c):
        services.step_add(actor=world.analyst, life_situation=ls, service=s)
    step_c = ls.steps.get(service=c)
    services.step_move(actor=world.analyst, life_situation=ls, step_id=step_c.pk, offset=-1)
    assert [s.service for s in ls.steps.order_by("position")] == [a, c, b]
    services.step_remove(actor=world.analyst, life_situation=ls, step_id=ls.steps.get(service=a).pk)
    assert [(s.position, s.service) for s in ls.steps.order_by("position")] == [(1, c), (2, b)]
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("life_situation.step_add") == 3
    assert "life_situation.step_move" in actions and "life_situation.step_remove" in actions


def test_the_same_service_cannot_be_a_step_twice(world):
    ls = _create(world)
    service = ServiceFactory.create(body=world.body)
    services.step_add(actor=world.analyst, life_situation=ls, service=service)
    with pytest.raises(ValidationError) as exc:
        services.step_add(actor=world.analyst, life_situation=ls, service=service)
    assert "service" in exc.value.message_dict


def test_publishing_without_steps_is_refused(world):
    ls = _create(world)
    with pytest.raises(ValidationError) as exc:
        services.life_situation_publish(actor=world.analyst, life_situation=ls)
    assert "шаг" in exc.value.messages[0]


def test_publish_creates_versions_and_clients_see_only_published(published_situation, world):  # R3
    ls = published_situation
    services.life_situation_update(actor=world.analyst, life_situation=ls, title="Рождение малыша")
    current = LifeSituationVersion.objects.public().get(life_situation=ls)
    assert current.number == 1 and current.snapshot["title"] == "Рождение ребёнка"
    services.life_situation_publish(
        actor=world.analyst, life_situation=ls, comment="Новое название"
    )
    versions = list(ls.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert [v.is_current for v in versions] == [False, True]
    assert versions[1].snapshot["title"] == "Рождение малыша"
    assert AuditEvent.objects.filter(action="life_situation.publish").count() == 2


def test_publishing_nothing_new_is_refused(published_situation, world):
    with pytest.raises(ValidationError):
        services.life_situation_publish(actor=world.analyst, life_situation=published_situation)


def test_archived_situation_leaves_the_public_catalogue(published_situation, world):
    services.life_situation_archive(actor=world.analyst, life_situation=published_situation)
    assert not LifeSituationVersion.objects.public().exists()
    assert published_situation.versions.count() == 1


def test_staleness_after_a_year_is_flagged_and_review_clears_it(world, time_machine):  # R3
    time_machine.move_to("2025-01-10 10:00 +03:00")
    ls = _create(world)
    time_machine.move_to("2026-02-01 10:00 +03:00")
    ls.refresh_from_db()
    assert ls.is_stale
    services.life_situation_mark_reviewed(actor=world.analyst, life_situation=ls)
    ls.refresh_from_db()
    assert not ls.is_stale


def test_service_keeps_kind_and_owner_and_r30_checklist(world):  # R2, R30
    service = services.service_create(
        actor=world.analyst,
        body=world.body,
        title="Назначение пенсии",
        kind="service",
        is_electronic=True,
        documents_to_bring="Трудовая книжка",
        waiting_days=10,
    )
    checklist = {str(c.label): c for c in service.r30_checklist()}
    assert checklist["Доступна в электронном виде"].state == "yes"
    assert checklist["Не нужно приносить документы, которые есть у государства"].state == "no"
    waiting = checklist["Ожидание стремится к нулю"]  # the seed's words (004 §5.2)
    assert waiting.state == "no" and waiting.note == "сейчас — 10 дней"
    assert AuditEvent.objects.filter(action="service.create", body=world.body).exists()


def test_an_audience_that_prefers_another_format_is_the_exception_r30_allows(
    client, world
):  # R30, 004 §5.2.1
    service = services.service_create(
        actor=world.analyst, body=world.body, title="Выдача слуховых аппаратов",
        offline_preferred=True,
        offline_reason="Опрос 2026: 84 % получателей старше 75 лет выбирают приём в МФЦ.",
        waiting_days=3, waiting_target_days=2,
    )  # fmt: skip
    checklist = {str(c.label): c for c in service.r30_checklist()}
    electronic = checklist["Доступна в электронном виде"]
    assert electronic.state == "exception" and electronic.met
    assert "84 %" in str(electronic.note)
    assert checklist["Ожидание стремится к нулю"].note == "сейчас — 3 дня; цель органа — 2 дня"
    page = client.get(f"/services/{service.slug}/").content.decode()
    assert "kc-checklist__exception" in page and "исключение" in page
    assert "цель органа — 2 дня" in page


def test_an_exception_needs_its_reason_and_is_not_for_an_electronic_service(world):  # R30
    with pytest.raises(ValidationError) as missing:
        services.service_create(
            actor=world.analyst, body=world.body, title="Без причины", offline_preferred=True
        )
    assert "offline_reason" in missing.value.message_dict
    with pytest.raises(ValidationError) as moot:
        services.service_create(
            actor=world.analyst, body=world.body, title="Уже электронная", is_electronic=True,
            offline_preferred=True, offline_reason="Пожилые",
        )  # fmt: skip
    assert "offline_preferred" in moot.value.message_dict


def test_in_person_touchpoint_needs_an_address(world):
    with pytest.raises(ValidationError) as exc:
        services.touchpoint_create(
            actor=world.analyst, body=world.body, kind="one_window", title="МФЦ на Ленина"
        )
    assert "address" in exc.value.message_dict
