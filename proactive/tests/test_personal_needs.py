"""Personal needs from the typical needs (R16): every service of the life situation ends
in an offer, a granted function, a refusal with its reasons, or — where no rule decides it
yet — where and how to apply in the ordinary way; a need still being designed is said so,
one that cannot be met shows its published reason. Never a silent skip."""

from __future__ import annotations

import pytest

from proactive import services
from proactive.models import Offer
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def birth_with_more(world, birth):
    """«Рождение ребёнка» with a service no rule decides and a need still being designed."""
    from registry import services as registry

    extra = ServiceFactory.create(
        body=world.body,
        slug="registraciya-rebenka",
        title="Регистрация ребёнка по месту жительства",
        documents_to_bring="Паспорт родителя и свидетельство о рождении",
        apply_url="https://www.gosuslugi.ru/600",
    )
    registry.step_add(actor=world.analyst, life_situation=birth, service=extra)
    registry.need_add(
        actor=world.analyst, life_situation=birth, title="Няня на несколько часов", status="in_work"
    )
    registry.life_situation_publish(actor=world.analyst, life_situation=birth)
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    return birth


def test_every_service_of_the_situation_ends_somewhere(  # R16
    client, world, birth_with_more, post_event
):
    post_event()
    statuses = {o.service.slug: o.status for o in Offer.objects.filter(client=world.citizen)}
    assert statuses["registraciya-rebenka"] == Offer.Status.APPLY
    steps = birth_with_more.steps.values_list("service__slug", flat=True)
    # Each service has its outcome, but the certificate the state's data say the client
    # already has: what the client already got is not offered again (R16, the history).
    assert set(statuses) == set(steps) - {"materinskiy-kapital"}
    assert list(statuses.values()).count(Offer.Status.APPLY) == 1  # the rest decided by rules

    client.force_login(world.citizen)
    cabinet = client.get("/kabinet/proaktiv/").content.decode()
    assert (
        "«Регистрация ребёнка по месту жительства»: подайте заявление обычным порядком" in cabinet
    )
    assert "над этим работаем" in cabinet and "Няня на несколько часов" in cabinet
    assert "Место в яслях с рождения" in cabinet  # cannot be met, with its reason
    offer = Offer.objects.get(service__slug="registraciya-rebenka")
    page = client.get(f"/kabinet/proaktiv/offers/{offer.pk}/").content.decode()
    assert "Паспорт родителя и свидетельство о рождении" in page
    assert 'href="https://www.gosuslugi.ru/600"' in page


def test_the_same_event_again_points_to_the_application_once(  # R16, R17
    world, birth_with_more, post_event
):
    post_event(key="key-1")
    post_event(key="key-2")  # the registry retries under a fresh key
    assert Offer.objects.filter(service__slug="registraciya-rebenka").count() == 1


def test_the_figures_count_services_without_a_rule_apart(  # R16
    client, world, birth_with_more, post_event
):
    """The body sees which services its clients were sent to apply for in the ordinary
    way — where a rule is missing — and these do not count in the time to an offer."""
    from django.utils import timezone

    from proactive.selectors import figures_for_body

    post_event()
    figures = figures_for_body(body_id=world.body.pk, now=timezone.now())
    rows = {r["service__title"]: r for r in figures.offers_by_service}
    assert rows["Регистрация ребёнка по месту жительства"]["to_apply"] == 1
    assert rows["Регистрация ребёнка по месту жительства"]["minutes"] is None
    assert rows["Пособие при рождении"]["to_apply"] == 0
