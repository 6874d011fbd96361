"""Recording audit events. Called by every service that writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from accounts.models import Body, User
from audit.models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of ``fields`` of ``obj`` in a JSON-friendly form, for diffing."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as ``{field: [old, new]}``."""
    return {
        key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)
    }


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    body: Body | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. Must run inside the transaction of the write it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside the writing transaction")
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=(actor.display_name if actor else "система"),
        body=body,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes={k: _plain(v) for k, v in (changes or {}).items()},
    )
