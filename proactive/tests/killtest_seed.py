"""Data for the kill test, created in the worker's own database by a subprocess."""

from __future__ import annotations

import datetime as dt


def seed() -> int:
    from django.utils import timezone

    from accounts.models import Body, Role, User
    from proactive import services
    from proactive.models import LifeEvent, StateRecord, Trigger
    from registry import services as registry
    from registry.models import Service

    body = Body.objects.create(name="Министерство (тест)", short_name="Минтест", slug="mintest")
    analyst = User.objects.create(username="a", role=Role.ANALYST, body=body)
    system = User.objects.create(username="s", role=Role.SYSTEM, body=body)
    citizen = User.objects.create(username="c", role=Role.CITIZEN, email="c@example.test")
    ls = registry.life_situation_create(
        actor=analyst,
        owner_body=body,
        title="Рождение ребёнка",
        slug="rozhdenie",
        start_event="Рождение",
        final_result="Выплаты",
        time_bound_days=60,
    )
    for slug in ["posobie-pri-rozhdenii", "edinoe-posobie", "regionalnyy-kapital", "ocheredy-sad"]:
        service = Service.objects.create(body=body, slug=slug, title=slug)
        registry.step_add(actor=analyst, life_situation=ls, service=service)
    registry.life_situation_publish(actor=analyst, life_situation=ls)
    Trigger.objects.create(kind="birth_registered", title="Рождение", life_situation=ls)
    services.client_profile_set(actor=None, user=citizen, snils="11223344595")
    services.client_profile_verify(actor=None, user=citizen, snils="11223344595", via="operator")
    born = timezone.localdate() - dt.timedelta(days=5)
    for source, name, value in [
        ("civil_registry", "newborn_birth_date", born.isoformat()),
        ("civil_registry", "child_order", 3),
        ("tax", "income_per_person", 10_000),
    ]:
        StateRecord.objects.create(
            source=source, snils="11223344595", name=name, value=value, as_of=born
        )
    services.consent_give(actor=citizen, client=citizen, via="cabinet", life_situation=ls)
    event = LifeEvent.objects.create(
        body=body, system=system, kind="birth_registered", snils="11223344595", occurred_on=born
    )
    return event.pk


def state(event_id: int) -> str:
    from proactive.models import LifeEvent, Offer

    event = LifeEvent.objects.get(pk=event_id)
    per_service = sorted(Offer.objects.filter(event=event).values_list("service__slug", flat=True))
    return f"{event.status}|{len(per_service)}|{len(set(per_service))}|{event.attempts}"


def seed_batch(count: int) -> str:
    """``seed`` plus ``count - 1`` more citizens with their events: a batch for one worker."""
    from accounts.models import Role, User
    from lib.snils import check_number
    from proactive import services
    from proactive.models import LifeEvent, StateRecord
    from registry.models import LifeSituation

    first = seed()
    template = LifeEvent.objects.get(pk=first)
    ls = LifeSituation.objects.get(slug="rozhdenie")
    ids = [first]
    for n in range(count - 1):
        nine = f"{300_000_000 + n:09d}"
        number = f"{nine}{check_number(nine) % 100:02d}"
        citizen = User.objects.create(username=f"c{n}", role=Role.CITIZEN, email=f"c{n}@x.test")
        services.client_profile_set(actor=None, user=citizen, snils=number)
        services.client_profile_verify(actor=None, user=citizen, snils=number, via="operator")
        services.consent_give(actor=citizen, client=citizen, via="cabinet", life_situation=ls)
        for record in StateRecord.objects.filter(snils="11223344595"):
            record.pk, record.snils = None, number
            record.save()
        event = LifeEvent.objects.create(
            body=template.body,
            system=template.system,
            kind="birth_registered",
            snils=number,
            occurred_on=template.occurred_on,
        )
        ids.append(event.pk)
    return ",".join(map(str, ids))


def batch_state(ids: str) -> str:
    """«status|offers|distinct (event, service)|attempts» of each event, joined by spaces."""
    return " ".join(state(int(pk)) for pk in ids.split(","))
