"""Writes of indicators: a body's own targets and who answers for each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Body, Role, User
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
            if not low <= value <= high or (d.unit == "days" and value < 1):
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


#: Days a body has to act on a shortcoming an indicator opened.
SHORTCOMING_DAYS = 30


def alerts_open(*, now: dt.datetime | None = None) -> int:
    """The runner's round (issue 21): for every body, each indicator whose last finished
    quarter fell beyond its interval or missed its target twice running opens one
    shortcoming — the unique row claims it, so a round run again opens nothing more —
    owned by the indicator's owner, due in 30 days; the body's heads and the owner are
    mailed."""
    from django.db import IntegrityError

    from indicators import selectors
    from indicators.models import Shortcoming

    now = now or timezone.now()
    today = timezone.localdate(now)
    opened = 0
    for body in selectors.bodies():
        for row in selectors.body_indicators(body, quarters=3, until=today):
            alert = selectors.alert_of(row)
            if alert is None:
                continue
            quarter, reason, summary = alert
            try:
                with transaction.atomic():
                    shortcoming = Shortcoming.objects.create(
                        body=body,
                        code=row.definition.code,
                        version=row.definition.version,
                        quarter=quarter.code,
                        reason=reason,
                        summary=summary[:300],
                        owner=row.owner,
                        opened_at=now,
                        due_on=today + dt.timedelta(days=SHORTCOMING_DAYS),
                    )
                    audit_record(
                        actor=None,
                        action=Action.SHORTCOMING_OPEN,
                        obj=shortcoming,
                        body=body,
                        changes={
                            "code": row.definition.code,
                            "quarter": quarter.code,
                            "reason": reason,
                        },
                    )
                    _tell(shortcoming, row.owner)
            except IntegrityError:  # opened already for this quarter
                continue
            opened += 1
    return opened


def _tell(shortcoming: Any, owner: User | None) -> None:
    from functools import partial

    from django.conf import settings
    from django.urls import reverse

    from mailings.services import mail_send

    emails = set(
        User.objects.filter(body_id=shortcoming.body_id, role=Role.HEAD, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if owner is not None and owner.email and owner.is_active:
        emails.add(owner.email)
    subject = _("Показатель требует внимания: {summary}").format(summary=shortcoming.summary)
    body = _("{reason}. {summary}\nСрок: {due}.\n{url}").format(
        reason=shortcoming.get_reason_display().capitalize(),
        summary=shortcoming.summary,
        due=shortcoming.due_on.strftime("%d.%m.%Y"),
        url=settings.SITE_URL + reverse("indicators:shortcoming", kwargs={"pk": shortcoming.pk}),
    )
    for email in sorted(emails):
        transaction.on_commit(
            partial(mail_send, email=email, topic="indicators_alerts", subject=subject, body=body),
            robust=True,
        )


@transaction.atomic
def shortcoming_close(*, actor: User, shortcoming: Any, done: str) -> Any:
    """The body says what it did; the shortcoming is closed (audited)."""
    from indicators.models import Shortcoming

    if not can(actor, Cap.APPROVE_REPORT, shortcoming.body_id):
        raise ValidationError({"done": _("Закрывает руководитель или аналитик органа.")})
    locked = Shortcoming.objects.select_for_update().get(pk=shortcoming.pk)
    if locked.closed_at is not None:
        raise ValidationError({"done": _("Недостаток уже закрыт.")})
    text = done.strip()
    if not text:
        raise ValidationError({"done": _("Напишите, что сделали.")})
    if len(text) > 2000:
        raise ValidationError({"done": _("Не больше 2000 знаков.")})
    locked.done, locked.closed_at, locked.closed_by = text, timezone.now(), actor
    locked.save(update_fields=["done", "closed_at", "closed_by"])
    audit_record(
        actor=actor,
        action=Action.SHORTCOMING_CLOSE,
        obj=locked,
        body=locked.body,
        changes={"done": text},
    )
    return locked
