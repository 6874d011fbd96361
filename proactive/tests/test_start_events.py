"""Start events from the registry (issue 23): the kinds of life event systems may report
are the start events of the registry's life situations, which the life situation's body
names in the browser — not a list of five in code (R16)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from proactive import services
from proactive.models import EventSource, LifeEvent, Trigger
from proactive.tests.fixtures import BORN, SNILS

pytestmark = pytest.mark.django_db

PAGE = "/kabinet/proaktiv/events/"


@pytest.fixture
def moving(world):
    """A published life situation of our body without a start event yet."""
    from registry import services as registry
    from tests.factories import ServiceFactory

    ls = registry.life_situation_create(
        actor=world.analyst, owner_body=world.body, title="Переезд", slug="pereezd",
        start_event="Смена места жительства", final_result="Всё оформлено", time_bound_days=30,
    )  # fmt: skip
    registry.step_add(
        actor=world.analyst, life_situation=ls, service=ServiceFactory.create(body=world.body)
    )
    registry.life_situation_publish(actor=world.analyst, life_situation=ls)
    return ls


def _add(client: Any, moving: Any, **changes: Any) -> Any:
    data = {"title": "Изменилось место жительства", "kind": "address_changed"}
    return client.post(PAGE, data | {"life_situation": moving.pk} | changes)


def test_an_editor_adds_a_start_event_and_a_system_reports_it(
    client, world, birth, moving, post_event
):  # R16
    client.force_login(world.analyst)
    assert _add(client, moving).status_code == 302
    trigger = Trigger.objects.get(kind="address_changed")
    assert (trigger.title, trigger.life_situation) == ("Изменилось место жительства", moving)
    assert AuditEvent.objects.filter(action="proactive.start_event").exists()
    page = client.get(PAGE).content.decode()
    assert "Изменилось место жительства" in page and "<code>address_changed</code>" in page
    # Not yet marked as the body's source: a system's report is refused, naming the kind.
    refused = post_event(kind="address_changed", key="k-1")
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "kind"
    assert "Изменилось место жительства" in refused.json()["detail"][0]["message"]
    services.event_sources_set(
        actor=None, body=world.body, kinds=["birth_registered", "address_changed"]
    )
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=moving
    )
    taken = post_event(kind="address_changed", key="k-2")
    assert taken.status_code == 202
    event = LifeEvent.objects.get(pk=taken.json()["id"])
    assert event.life_situation == moving and event.status == "done"
    client.force_login(world.citizen)  # the new kind started its situation for the client
    cabinet = client.get("/kabinet/proaktiv/").content.decode()
    assert "Изменилось место жительства" in cabinet and "/situations/pereezd/" in cabinet


def test_every_problem_is_named_at_its_field_and_nothing_is_saved(client, world, birth, moving):
    from registry import services as registry

    draft = registry.life_situation_create(
        actor=world.analyst, owner_body=world.body, title="Черновик", slug="chernovik",
        start_event="Событие", final_result="Итог", time_bound_days=30,
    )  # fmt: skip
    theirs = registry.life_situation_create(
        actor=world.other_analyst, owner_body=world.other_body, title="Чужая", slug="chuzhaya",
        start_event="Событие", final_result="Итог", time_bound_days=30,
    )  # fmt: skip
    client.force_login(world.analyst)
    before = Trigger.objects.count()
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({"kind": "Address Changed"}, "kind", "строчных латинских букв"),
        ({"kind": "birth_registered"}, "kind", "уже занят событием «Зарегистрировано рождение"),
        ({"title": "   "}, "title", "Назовите событие"),
        ({"life_situation": draft.pk}, "life_situation", "Выберите жизненную ситуацию вашего"),
        ({"life_situation": theirs.pk}, "life_situation", "Выберите жизненную ситуацию вашего"),
    ]
    for changes, field, message in cases:
        page = _add(client, moving, **changes)
        html = page.content.decode()
        assert page.status_code == 422 and message in html, changes
        assert f'href="#id_{field}"' in html  # the summary leads to the field
    both = _add(client, moving, kind="X", title="")
    assert both.content.decode().count('class="govuk-error-message"') == 2  # all at once
    assert Trigger.objects.count() == before


def test_a_used_code_stays_but_its_name_and_situation_may_change(
    client, world, birth, moving, post_event
):  # R16
    post_event()
    trigger = Trigger.objects.get(kind="birth_registered")
    client.force_login(world.analyst)
    url = f"{PAGE}{trigger.pk}/"
    data = {"title": "Родился ребёнок", "kind": "child_born", "life_situation": moving.pk}
    refused = client.post(url, data)
    assert refused.status_code == 422 and "Код не меняется" in refused.content.decode()
    saved = client.post(url, data | {"kind": "birth_registered"})
    assert saved.status_code == 302
    trigger.refresh_from_db()
    assert (trigger.title, trigger.life_situation) == ("Родился ребёнок", moving)
    # The event already stored keeps the situation it started.
    assert LifeEvent.objects.get().life_situation == birth
    assert "Удалить нельзя" in client.get(f"{url}delete/").content.decode()
    assert client.post(f"{url}delete/").status_code == 302
    assert Trigger.objects.filter(pk=trigger.pk).exists()


def test_an_unused_start_event_is_deleted_after_asking_with_its_sources(client, world, moving):
    client.force_login(world.analyst)
    _add(client, moving)
    trigger = Trigger.objects.get(kind="address_changed")
    services.event_sources_set(actor=None, body=world.body, kinds=["address_changed"])
    url = f"{PAGE}{trigger.pk}/delete/"
    asked = client.get(url).content.decode()
    assert "Удалить событие «Изменилось место жительства»?" in asked
    assert Trigger.objects.filter(pk=trigger.pk).exists()  # asking deletes nothing
    assert client.post(url).status_code == 302
    assert not Trigger.objects.filter(pk=trigger.pk).exists()
    assert not EventSource.objects.filter(kind="address_changed").exists()


def test_another_bodys_start_event_is_listed_but_not_editable(client, world, birth):
    trigger = Trigger.objects.get(kind="birth_registered")
    client.force_login(world.other_analyst)
    page = client.get(PAGE).content.decode()
    assert "Зарегистрировано рождение ребёнка" in page
    assert f"{PAGE}{trigger.pk}/" not in page
    assert client.get(f"{PAGE}{trigger.pk}/").status_code == 404
    assert client.post(f"{PAGE}{trigger.pk}/delete/").status_code == 404
    assert Trigger.objects.filter(pk=trigger.pk).exists()


def test_the_api_lists_the_kinds_and_refuses_an_unknown_one_naming_the_field(
    client, world, birth, post_event
):
    kinds = client.get("/api/v1/event-kinds").json()
    assert kinds == [
        {
            "kind": "birth_registered",
            "title": "Зарегистрировано рождение ребёнка",
            "life_situation": "rozhdenie",
            "life_situation_title": "Рождение ребёнка",
            "body": world.body.short_name,
            "about": "citizen",
        }
    ]
    for kind, says in [
        ("volcano_erupted", "нет жизненной ситуации"),
        ("Not A Code", "строчные латинские буквы"),
    ]:
        response = post_event(kind=kind, key=f"k-{kind}")
        assert response.status_code == 422, kind
        [error] = response.json()["detail"]
        assert error["field"] == "kind" and says in error["message"], error
    assert not LifeEvent.objects.exists()


def test_an_event_keeps_the_situation_it_was_received_for(world, birth, moving, post_event):  # R16
    """Re-pointing a start event moves the events to come, not one already received and
    still waiting for the runner; and an event whose start event is gone is done, not
    retried for ever."""
    from proactive.scenario import events_sweep

    waiting = post_event(sweep=False)
    moving.refresh_from_db()
    trigger = Trigger.objects.get(kind="birth_registered")
    services.trigger_save(
        actor=world.analyst, body=world.body, trigger=trigger, kind="birth_registered",
        title=trigger.title, life_situation=moving,
    )  # fmt: skip
    events_sweep()
    event = LifeEvent.objects.get(pk=waiting.json()["id"])
    assert event.life_situation == birth and event.status == "no_consent"  # birth, not moving
    orphan = LifeEvent.objects.create(
        body=world.body, system=world.system, kind="gone_kind", snils=SNILS, occurred_on=BORN
    )
    events_sweep()
    orphan.refresh_from_db()
    assert orphan.status == "done" and orphan.life_situation is None


def test_a_code_reported_about_citizens_does_not_become_a_businesss(
    world, birth, opening_a_business
):  # R16
    trigger = Trigger.objects.get(kind="birth_registered")  # marked by our body's systems
    opening_a_business.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.trigger_save(
            actor=world.analyst, body=world.body, trigger=trigger, kind="birth_registered",
            title=trigger.title, life_situation=opening_a_business,
        )  # fmt: skip
    assert "о гражданах" in str(refused.value.message_dict["life_situation"])


def test_other_bodies_marks_keep_the_code_and_the_event(client, world, birth):
    trigger = Trigger.objects.get(kind="birth_registered")
    services.event_sources_set(actor=None, body=world.other_body, kinds=["birth_registered"])
    client.force_login(world.analyst)
    renamed = client.post(
        f"{PAGE}{trigger.pk}/",
        {"title": trigger.title, "kind": "child_born", "life_situation": birth.pk},
    )
    assert renamed.status_code == 422 and "системы других органов" in renamed.content.decode()
    client.post(f"{PAGE}{trigger.pk}/delete/")
    assert Trigger.objects.filter(pk=trigger.pk).exists()
    assert EventSource.objects.filter(body=world.other_body, kind="birth_registered").exists()


def test_a_new_code_does_not_inherit_marks_left_by_an_old_one(client, world, moving):
    EventSource.objects.create(body=world.other_body, kind="address_changed")  # left over
    client.force_login(world.analyst)
    _add(client, moving)
    assert not EventSource.objects.filter(kind="address_changed").exists()


def test_an_unpublished_situation_takes_no_events(world, birth, post_event):  # R3
    from registry.models import LifeSituation

    LifeSituation.objects.filter(pk=birth.pk).update(status=LifeSituation.Status.ARCHIVED)
    refused = post_event()
    assert refused.status_code == 422
    assert "снята с публикации" in refused.json()["detail"][0]["message"]
    assert not LifeEvent.objects.exists()


def test_another_bodys_draft_start_event_is_not_listed(client, world, birth):
    from registry.models import LifeSituation

    LifeSituation.objects.filter(pk=birth.pk).update(status=LifeSituation.Status.ARCHIVED)
    client.force_login(world.other_analyst)
    assert "<code>birth_registered</code>" not in client.get(PAGE).content.decode()
    client.force_login(world.analyst)  # its own body still sees it
    assert "<code>birth_registered</code>" in client.get(PAGE).content.decode()
