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


def intake_seed() -> str:
    """A body, a service and an integration system; the system's API key."""
    from accounts.models import Body, Role, User
    from accounts.services import api_key_issue
    from registry.models import Service

    body = Body.objects.create(slug="kill", name="Орган", short_name="Орган")
    Service.objects.create(body=body, slug="kill-service", title="Услуга")
    system = User.objects.create(username="kill-ais", role=Role.SYSTEM, body=body)
    return api_key_issue(actor=None, system=system, name="kill test")[1]


def stored_keys() -> str:
    """The Idempotency-Keys of the stored ratings, comma-separated (caller scope removed)."""
    from feedback.models import Rating

    keys = []
    for key in Rating.objects.values_list("idempotency_key", flat=True):
        assert key is not None, "every rating of the kill test is sent with a key"
        keys.append(key.split(":", 1)[1])
    return ",".join(keys)
