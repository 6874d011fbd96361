"""Writes of indicators: a body's own targets and who answers for each."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Body, User
from accounts.roles import Cap, can
from audit.services import audit_record
from indicators.actions import Action
from indicators.catalogue import BY_CODE
from indicators.models import Target


@transaction.atomic
def targets_set(
    *, actor: User, body_id: int, targets: dict[str, tuple[Decimal | None, User | None]]
) -> None:
    """The body's own targets (empty: the standard's, where there is one) and owners. A
    share is 0–100 %, a score 1–5, days more than 0. All or nothing."""
    if not can(actor, Cap.APPROVE_REPORT, body_id):
        raise ValidationError({"targets": _("Цели задаёт руководитель или аналитик органа.")})
    errors: dict[str, str] = {}
    for code, (value, owner) in targets.items():
        d = BY_CODE.get(code)
        if d is None:
            errors[code] = _("Нет такого показателя.")
            continue
        if value is not None:
            low, high = {"share": (0, 1), "score": (1, 5), "days": (0, 365)}[d.unit]
            if not low <= value <= high or (d.unit == "days" and value == 0):
                errors[f"target_{code}"] = {
                    "share": _("Цель — от 0 до 100 %."),
                    "score": _("Цель — от 1 до 5."),
                    "days": _("Цель — от 1 до 365 дней."),
                }[d.unit]
        if owner is not None and (owner.body_id != body_id or not owner.is_active):
            errors[f"owner_{code}"] = _("Ответственный — сотрудник вашего органа.")
    if errors:
        raise ValidationError(errors)
    before = {t.code: (t.value, t.owner_id) for t in Target.objects.filter(body_id=body_id)}
    changes: dict[str, Any] = {}
    for code, (value, owner) in targets.items():
        if before.get(code, (None, None)) == (value, owner.pk if owner else None):
            continue
        Target.objects.update_or_create(
            body_id=body_id,
            code=code,
            defaults={"value": value, "owner": owner, "updated_at": timezone.now()},
        )
        changes[code] = [
            [str(before[code][0]) if code in before else None, before.get(code, (None, None))[1]],
            [str(value) if value is not None else None, owner.pk if owner else None],
        ]
    if changes:
        body = Body.objects.get(pk=body_id)
        audit_record(actor=actor, action=Action.TARGET_SET, obj=body, body=body, changes=changes)
