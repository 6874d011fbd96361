"""Seed and read the rollup kill test's own database (run inside `manage.py shell`)."""

from __future__ import annotations

from django.db.models import Sum


def seed(count: int = 300) -> int:
    from accounts.models import Body
    from feedback.models import Channel, Rating, Verdict
    from registry.models import Service

    body = Body.objects.create(slug="kill", name="Орган", short_name="Орган")
    service = Service.objects.create(body=body, slug="kill-service", title="Услуга")
    Rating.objects.bulk_create(
        Rating(
            instrument="2026.1",
            body=body,
            service=service,
            channel=Channel.API,
            client_kind="citizen",
            csat=1 + i % 5,
            verdict=Verdict.TRUSTED,
        )
        for i in range(count)
    )
    return count


def state() -> str:
    """ "<ratings counted in the aggregates>|<Σ scores there>|<ratings not rolled yet>"."""
    from feedback.models import MonthlyAggregate, Rating

    sums = MonthlyAggregate.objects.aggregate(n=Sum("n"), total=Sum("csat_sum"))
    return f"{sums['n'] or 0}|{sums['total'] or 0}|{Rating.objects.filter(rolled=False).count()}"
