"""Demo indicators: Минсоцзащиты's own target for satisfaction, with its analyst as the
owner, and the shortcomings the indicators open on the demo's data. Idempotent."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from accounts.models import Body, User
from indicators import services


@transaction.atomic
def load_indicators() -> None:
    body = Body.objects.get(slug="minsoc")
    head = User.objects.get(username="head")
    analyst = User.objects.get(username="analyst")
    services.targets_set(
        actor=head,
        body_id=body.pk,
        targets={
            "satisfaction": (Decimal("0.7"), analyst),
            "appeals_in_term": (None, analyst),
        },
    )
    services.alerts_open()
