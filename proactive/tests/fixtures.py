"""Fixtures of proactive delivery, shared with the browser tests (registered in conftest.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

SNILS = "11223344595"
# Relative to today, so the six-month window of the birth allowance never runs out.
TODAY = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0)
BORN = TODAY.date() - dt.timedelta(days=15)


@pytest.fixture
def birth(world):
    """«Рождение ребёнка» with the five demo services, a trigger, and a citizen whose
    state data show a third child born this month and an income above the minimum."""
    from proactive.models import StateRecord, Trigger
    from proactive.services import client_profile_set, client_profile_verify, event_sources_set
    from registry import services as registry
    from tests.factories import ServiceFactory

    ls = registry.life_situation_create(
        actor=world.analyst,
        owner_body=world.body,
        title="Рождение ребёнка",
        slug="rozhdenie",
        start_event="Рождение ребёнка",
        final_result="Семья получила выплаты",
        time_bound_days=60,
    )
    for slug, title in [
        ("posobie-pri-rozhdenii", "Пособие при рождении"),
        ("edinoe-posobie", "Единое пособие"),
        ("materinskiy-kapital", "Материнский капитал"),
        ("regionalnyy-kapital", "Региональный капитал"),
        ("ocheredy-sad", "Очередь в детский сад"),
    ]:
        registry.step_add(
            actor=world.analyst,
            life_situation=ls,
            service=ServiceFactory.create(body=world.body, slug=slug, title=title),
        )
    registry.need_add(
        actor=world.analyst,
        life_situation=ls,
        title="Место в яслях с рождения",
        status="cannot",
        reason="Ясли принимают детей с двух месяцев: встаньте в очередь сейчас.",
    )
    registry.life_situation_publish(actor=world.analyst, life_situation=ls)
    Trigger.objects.create(
        kind="birth_registered", title="Зарегистрировано рождение ребёнка", life_situation=ls
    )
    client_profile_set(actor=None, user=world.citizen, snils=SNILS)
    client_profile_verify(actor=world.servant, user=world.citizen, snils=SNILS, via="operator")
    event_sources_set(actor=None, body=world.body, kinds=["birth_registered"])
    for source, name, value in [
        ("civil_registry", "newborn_birth_date", BORN.isoformat()),
        ("civil_registry", "child_order", 3),
        ("tax", "income_per_person", 25_000),
        ("pension_fund", "has_maternity_certificate", True),
    ]:
        StateRecord.objects.create(source=source, snils=SNILS, name=name, value=value, as_of=BORN)
    ls.refresh_from_db()
    return ls


@pytest.fixture
def post_event(client, world):
    def post(key="key-1", snils=SNILS, occurred_on=None, kind="birth_registered", sweep=True):
        occurred_on = occurred_on or BORN.isoformat()
        extra = {"HTTP_X_API_KEY": world.system_key}
        if key is not None:
            extra["HTTP_IDEMPOTENCY_KEY"] = key
        response = client.post(
            "/api/v1/life-events",
            {"kind": kind, "snils": snils, "occurred_on": occurred_on},
            content_type="application/json",
            **extra,
        )
        if sweep:
            from proactive.services import events_sweep

            events_sweep()  # what the runner's proactive.events job does within seconds
        return response

    return post


@pytest.fixture
def opening_a_business(world):
    """A published life situation for businesses only, beside «Рождение ребёнка»."""
    from registry import services as registry
    from tests.factories import ServiceFactory

    ls = registry.life_situation_create(
        actor=world.analyst,
        owner_body=world.body,
        title="Открытие ИП",
        slug="otkrytie-ip",
        start_event="Регистрация ИП",
        final_result="ИП зарегистрирован и получил поддержку",
        time_bound_days=30,
        for_citizens=False,
        for_business=True,
    )
    for body in (world.body, world.other_body):
        registry.step_add(
            actor=world.analyst, life_situation=ls, service=ServiceFactory.create(body=body)
        )
    registry.life_situation_publish(actor=world.analyst, life_situation=ls)
    return ls
