"""ALTCHA proof of work for anonymous ratings: self-hosted, no third party, no cookies.

The page fetches a signed challenge, the browser spends ``ALTCHA_COST`` PBKDF2 rounds on
it in a worker, and the server checks the signature, the expiry and the solution, and
that the same solution is not used twice (kept as a hash until the challenge expires)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import altcha
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from feedback.models import RateBucket

LIFETIME = dt.timedelta(minutes=20)


def new() -> dict[str, Any]:
    challenge = altcha.create_challenge(
        algorithm="PBKDF2/SHA-256",
        cost=settings.ALTCHA_COST,
        hmac_secret=settings.ALTCHA_HMAC_KEY,
        expires_at=timezone.now() + LIFETIME,
    )
    return dict(challenge.to_dict())


def verify(payload: str) -> bool:
    """True once for a correctly solved, unexpired challenge of ours."""
    if not payload or len(payload) > 4000:
        return False
    try:
        result = altcha.verify_solution(payload, settings.ALTCHA_HMAC_KEY)
    except Exception:
        return False
    if not result.verified:
        return False
    key = "altcha:" + hashlib.sha256(payload.encode()).hexdigest()[:56]
    try:
        with transaction.atomic():
            RateBucket.objects.create(key=key, window_end=timezone.now() + LIFETIME, count=1)
    except IntegrityError:
        return False  # replayed
    return True
