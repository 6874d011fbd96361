"""A backlog for two runners side by side (run inside `manage.py shell`)."""

from __future__ import annotations

EVENTS = 40
RATINGS = 600


def seed() -> str:
    import datetime as dt

    from feedback.tests.killtest_seed import seed as seed_ratings
    from proactive.models import LifeEvent
    from proactive.tests.killtest_seed import seed as seed_event

    first = LifeEvent.objects.get(pk=seed_event())
    LifeEvent.objects.bulk_create(
        LifeEvent(
            body=first.body,
            system=first.system,
            kind=first.kind,
            snils=first.snils,
            occurred_on=first.occurred_on - dt.timedelta(days=day),  # one event a day (R16)
        )
        for day in range(1, EVENTS)
    )
    seed_ratings(RATINGS)
    return "ok"


def state() -> str:
    """«<events waiting>|<events taken more than once>|<offers>|<distinct offers>» and the
    rollup's «<ratings counted>|<Σ scores>|<not rolled>»."""
    from feedback.tests.killtest_seed import state as ratings
    from proactive.models import LifeEvent, Offer

    events = LifeEvent.objects.all()
    waiting = events.exclude(status=LifeEvent.Status.DONE).count()
    twice = events.filter(attempts__gt=1).count()
    offers = Offer.objects.values_list("event_id", "service_id")
    return f"{waiting}|{twice}|{len(offers)}|{len(set(offers))}|{ratings()}"
