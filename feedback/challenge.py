"""ALTCHA proof of work for anonymous ratings: self-hosted, no third party, no cookies.

The page fetches a signed challenge, the browser spends ``ALTCHA_COST`` PBKDF2 rounds on
it in a worker, and the server checks the signature, the expiry and the solution, and
that the same challenge is not used twice (its key is kept until the challenge expires)."""

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


def _used_key(solved: altcha.Payload) -> str:
    """What makes a challenge used, whatever the encoding of the payload that carried it.

    The salt is random per challenge and covered by the signature, and the signature is
    compared exactly, so both are canonical: whitespace or key order in the JSON, line
    breaks in the base64, another counter that also solves it, another ``time`` — none
    changes this key. (Hashing the payload as sent let each re-encoding pass again.)"""
    canonical = f"{solved.challenge.parameters.salt}|{solved.challenge.signature}".lower()
    return "altcha:" + hashlib.sha256(canonical.encode()).hexdigest()[:56]


def identity(payload: str) -> str | None:
    """The challenge a payload answers, canonically (see ``_used_key``), without checking
    it: an anonymous caller's Idempotency-Key is scoped to this, so two visitors who send
    the same key never meet. None for a payload that does not decode."""
    if not payload or len(payload) > 4000:
        return None
    try:
        return _used_key(altcha.Payload.from_base64(payload))
    except Exception:
        return None


def verify(payload: str) -> bool:
    """True once for a correctly solved, unexpired challenge of ours."""
    if not payload or len(payload) > 4000:
        return False
    try:
        solved = altcha.Payload.from_base64(payload)
        result = altcha.verify_solution(solved, settings.ALTCHA_HMAC_KEY)
    except Exception:
        return False
    if not result.verified:
        return False
    try:
        with transaction.atomic():
            RateBucket.objects.create(
                key=_used_key(solved), window_end=timezone.now() + LIFETIME, count=1
            )
    except IntegrityError:
        return False  # replayed
    return True
