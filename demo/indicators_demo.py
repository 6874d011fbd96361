"""Demo indicators: Минсоцзащиты's own target for satisfaction (above what it reaches, so
one body misses its target), with its analyst as the owner; the shortcomings the
indicators open on the demo's data; last year's report approved and this year's a draft
with its plans. Idempotent."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Body, User
from indicators import selectors, services


@transaction.atomic
def load_indicators() -> None:
    body = Body.objects.get(slug="minsoc")
    head = User.objects.get(username="head")
    analyst = User.objects.get(username="analyst")
    services.targets_set(
        actor=head,
        body_id=body.pk,
        targets={
            "satisfaction": (Decimal("0.8"), analyst),
            "appeals_in_term": (None, analyst),
        },
    )
    _costs(body, head)
    services.alerts_open()
    services.values_keep()  # what the runner does every hour: the pages open fast
    year = timezone.localdate().year
    last = selectors.report_of(body, year - 1)
    if last is None or last.approved_at is None:
        services.report_plans_set(
            actor=head,
            body=body,
            year=year - 1,
            plans="Открыть запись на удобное время во всех офисах до 1 июля.\n"
            "Отвечать на обращения в соцсетях за 2 часа: дежурный по выходным.\n"
            "Переписать ответы-шаблоны простым языком и проверить каждый.",
        )
        services.report_approve(actor=head, body=body, year=year - 1)
    draft = selectors.report_of(body, year)
    if draft is None or draft.approved_at is None:
        services.report_plans_set(
            actor=head, body=body, year=year, plans="Сократить очередь в МФЦ до 15 минут."
        )


def _costs(body: Body, head: User) -> None:
    """What the body's services cost over the eight quarters: about 300–600 ₽ a client."""
    import random
    from decimal import Decimal

    from indicators.periods import last_quarters
    from registry.selectors import services_list

    if selectors.costs_of(body):
        return
    rng = random.Random(21)  # nosec B311 - demo data, not security
    rows = [
        (service, q.code, Decimal(rng.randrange(150_000, 900_000)))
        for service in services_list(body=body)
        for q in last_quarters(8)
    ]
    if rows:
        services.costs_set(actor=head, body=body, costs=rows)
