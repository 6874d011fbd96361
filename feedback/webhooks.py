"""Webhooks (R20): a body's systems hear of new ratings and cases. Deliveries are queued
in the rating's own transaction and sent by the ``feedback.webhooks`` job, HMAC-signed,
at least once with a stable id, retried with back-off; the address must be https in
production and never the server's own network, checked when saved and before each call."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import urllib.request
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require_editor
from accounts.models import Body, User
from audit.services import audit_record
from feedback import instrument
from feedback.actions import Action
from feedback.models import Delivery, Rating, Verdict, Webhook
from lib import safe_url
from lib.claim import claim


def listening(body: Body) -> list[Webhook]:
    """The body's active webhooks (read before a rating's write lock is taken)."""
    return list(Webhook.objects.filter(body=body, is_active=True))


def queue(hooks: list[Webhook], rating: Rating, *, case_opened: bool) -> None:
    """Delivery rows for the body's webhooks that want a new rating or case (the payload
    is built only when some webhook listens)."""
    if not hooks:
        return
    events = [(str(Webhook.Event.RATING), rating_payload(rating))]
    if case_opened:
        events.append((str(Webhook.Event.CASE), {"rating": rating.pk}))
    deliveries = [
        Delivery(webhook=hook, event=event, payload=payload)
        for hook in hooks
        for event, payload in events
        if event in hook.events
    ]
    if deliveries:
        Delivery.objects.bulk_create(deliveries)


def rating_payload(rating: Rating) -> dict[str, Any]:
    """What webhooks and the API say about a rating: no personal data."""
    return {
        "id": rating.pk,
        "instrument": rating.instrument,
        "body": rating.body_id,
        "service": rating.service_id,
        "life_situation": rating.life_situation_id,
        "touchpoint": rating.touchpoint_id,
        "channel": rating.channel,
        "csat": rating.csat,
        "ces": rating.ces,
        "loyal": rating.loyal,
        "drivers": list(instrument.drivers_from_mask(rating.drivers)),
        "control": rating.control,
        "has_comment": bool(rating.comment),
        "verified": rating.verdict == Verdict.VERIFIED,
        "created_at": rating.created_at.isoformat(),
    }


@transaction.atomic
def webhook_create(*, actor: User, body: Body, url: str, events: list[str]) -> Webhook:
    """A webhook of ``body`` for the ``events`` chosen, with a secret of its own to sign
    with; the address is checked (``check_url``) before it is saved. Audited."""
    require_editor(actor, body.pk, field="url")
    try:
        check_url(url)
    except safe_url.UnsafeUrl as exc:
        raise ValidationError({"url": str(exc)}) from None
    unknown = set(events) - set(Webhook.Event.values)
    if unknown or not events:
        raise ValidationError({"events": _("Выберите события: rating.created, case.opened.")})
    hook = Webhook.objects.create(body=body, url=url, events=events, secret=secrets.token_hex(32))
    audit_record(actor=actor, action=Action.WEBHOOK, obj=hook, body=body)
    return hook


def check_url(url: str) -> None:
    """https only in production, and never to the server's own network: checked when a
    webhook is saved and again before each call, after DNS resolution."""
    safe_url.check(
        url,
        https_only=settings.FEEDBACK_WEBHOOK_HTTPS_ONLY,
        allow_private=settings.FEEDBACK_WEBHOOK_ALLOW_PRIVATE,
    )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect could lead to an internal address the check never saw: not followed."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 of "<timestamp>.<body>", as the ``X-KC-Signature`` header carries it."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def deliveries_run(
    *, now: dt.datetime | None = None, limit: int = 100, timeout: float = 5.0
) -> int:
    """Send due webhook deliveries. Each is claimed with a lease first (a worker killed
    mid-call loses its lease and another sends it again: at least once, with a stable
    ``X-KC-Delivery`` id for the receiver to drop repeats). Failures back off."""
    now = now or timezone.now()
    lease = now + dt.timedelta(seconds=60)
    due = list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .exclude(claimed_until__gt=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in due:
        free = Delivery.objects.filter(pk=pk, status=Delivery.Status.PENDING).exclude(
            claimed_until__gt=now
        )
        if not claim(free, claimed_until=lease, attempts=F("attempts") + 1):
            continue
        delivery = Delivery.objects.select_related("webhook").get(pk=pk)
        data = json.dumps(
            {"event": delivery.event, "delivery": delivery.pk, "data": delivery.payload},
            ensure_ascii=False,
        ).encode()
        timestamp = str(int(now.timestamp()))
        request = urllib.request.Request(  # noqa: S310 - the body's own https endpoint
            delivery.webhook.url,
            data=data,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "X-KC-Event": delivery.event,
                "X-KC-Delivery": str(delivery.pk),
                "X-KC-Timestamp": timestamp,
                "X-KC-Signature": sign(delivery.webhook.secret, timestamp, data),
            },
        )
        try:
            check_url(delivery.webhook.url)  # the name may resolve elsewhere now
            opener = urllib.request.build_opener(_NoRedirect)
            with opener.open(request, timeout=timeout) as response:  # nosec B310
                ok = 200 <= response.status < 300
                error = "" if ok else f"HTTP {response.status}"
        except Exception as exc:
            ok, error = False, str(exc)[:300]
        if ok:
            Delivery.objects.filter(pk=pk).update(
                status=Delivery.Status.DELIVERED, delivered_at=timezone.now(), last_error=""
            )
            sent += 1
        else:
            attempts = delivery.attempts
            failed = attempts >= settings.FEEDBACK_WEBHOOK_ATTEMPTS
            Delivery.objects.filter(pk=pk).update(
                status=Delivery.Status.FAILED if failed else Delivery.Status.PENDING,
                next_attempt_at=now + dt.timedelta(seconds=30 * 2 ** min(attempts, 10)),
                claimed_until=None,
                last_error=error,
            )
    return sent
