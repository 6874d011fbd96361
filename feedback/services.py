"""The body's writes of the feedback loop (R18–R21): rating points, exclusions, volumes
served, cases, "you said — we did" and a comment made a need. Views, the API, the demo and
the bench call these. A rating itself is taken by ``feedback.intake``, the aggregates are
kept by ``feedback.rollup``, webhooks by ``feedback.webhooks``."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require_editor
from accounts.models import Body, User
from audit.services import audit_record
from feedback import framing, intake, rollup
from feedback.actions import Action
from feedback.models import Case, Change, Rating, RatingPoint, Volume
from feedback.privacy import depersonalise
from lib import public_cache
from registry.models import ClientKind, LifeSituation, Service, Touchpoint

# --- rating points ------------------------------------------------------------------


@transaction.atomic
def point_create(
    *,
    actor: User,
    subject: intake.Subject,
    touchpoint: Touchpoint | None = None,
    place: str = "",
    client_kind: str = ClientKind.CITIZEN,
    frame_origins: str | None = None,
) -> RatingPoint:
    """A short link (and its QR code, widget and kiosk) for rating ``subject``.

    The widget may be shown on ``frame_origins`` (one a line); by default on the body's
    own sites — the touchpoint's address and the body's website."""
    body = intake.subject_body(subject)
    require_editor(actor, body.pk, field="service")
    intake.check_touchpoint(subject, touchpoint)
    if client_kind not in ClientKind.values:
        raise ValidationError({"client_kind": _("Неизвестный вид клиентов.")})
    if frame_origins is None:
        frame_origins = framing.default_origins(touchpoint.url if touchpoint else "", body.website)
    point = RatingPoint(
        body=body,
        touchpoint=touchpoint,
        place=place.strip()[:100],
        client_kind=client_kind,
        frame_origins=framing.origins_clean(frame_origins),
        code=secrets.token_urlsafe(6).replace("-", "x").replace("_", "y").lower(),
        **intake.subject_fields(subject),
    )
    point.save()
    audit_record(actor=actor, action=Action.RATING_POINT_CREATE, obj=point, body=body)
    return point


@transaction.atomic
def point_frame_origins_set(*, actor: User, point: RatingPoint, frame_origins: str) -> RatingPoint:
    """The sites that may show the point's widget (clickjacking guard, see ``framing``);
    an empty list leaves it to this server's own pages. Audited."""
    require_editor(actor, point.body_id, field="frame_origins")
    cleaned = framing.origins_clean(frame_origins)
    locked = RatingPoint.objects.select_for_update().get(pk=point.pk)
    before, locked.frame_origins = locked.frame_origins, cleaned
    locked.save(update_fields=["frame_origins"])
    audit_record(
        actor=actor,
        action=Action.RATING_POINT_FRAME_ORIGINS,
        obj=locked,
        body=locked.body,
        changes={"frame_origins": [before, cleaned]},
    )
    return locked


# --- moderation -------------------------------------------------------------------------


@transaction.atomic
def rating_exclude(*, actor: User, rating: Rating, reason: str) -> Rating:
    """Exclude a rating from the figures with a reason (it is never deleted; audited)."""
    require_editor(actor, rating.body_id, field="rating")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Напишите, почему оценка исключается.")})
    rollup.lock()  # else a rollup running now could add the rating after we read `rolled`
    locked = Rating.objects.select_for_update().get(pk=rating.pk)
    if locked.excluded:
        raise ValidationError({"rating": _("Оценка уже исключена.")})
    if locked.rolled:  # taken out of its aggregate while it still counts
        rollup.subtract(Rating.objects.filter(pk=locked.pk))
    public_cache.bump("ratings")  # out of the published figures too (ADR 0014)
    locked.excluded, locked.excluded_reason = True, reason[:300]
    locked.excluded_by, locked.excluded_at = actor, timezone.now()
    locked.save(update_fields=["excluded", "excluded_reason", "excluded_by", "excluded_at"])
    audit_record(
        actor=actor,
        action=Action.RATING_EXCLUDE,
        obj=locked,
        body=locked.body,
        changes={"excluded": [False, True], "reason": ["", locked.excluded_reason]},
    )
    return locked


# --- volumes, cases, changes ------------------------------------------------------------


@transaction.atomic
def volume_record(
    *,
    actor: User,
    touchpoint: Touchpoint,
    month: dt.date,
    served: int,
    offered: int,
    service: Service | None = None,
) -> Volume:
    """Clients served and offered the rating in a month (replaces an earlier figure)."""
    require_editor(actor, touchpoint.body_id, field="touchpoint")
    if served < 0 or offered < 0:
        raise ValidationError({"served": _("Числа не могут быть отрицательными.")})
    if offered > served:
        raise ValidationError({"offered": _("Предложили оценить больше людей, чем обслужили.")})
    month = month.replace(day=1)
    volume, _created = Volume.objects.update_or_create(
        touchpoint=touchpoint,
        service=service,
        month=month,
        defaults={
            "body_id": touchpoint.body_id,
            "served": served,
            "offered": offered,
            "updated_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action=Action.VOLUME,
        obj=volume,
        body=touchpoint.body,
        changes={"served": [None, served], "offered": [None, offered]},
    )
    return volume


@transaction.atomic
def volumes_import(*, actor: User, body: Body, rows: list[dict[str, Any]]) -> int:
    """The checked rows of a volumes file (``feedback.volumes_import.parse``), all or none:
    each replaces the month's earlier figure of its touchpoint and service, audited."""
    for row in rows:
        if row["touchpoint"].body_id != body.pk:
            raise ValidationError({"file": _("Точка другого органа.")})
        volume_record(actor=actor, **row)
    return len(rows)


@transaction.atomic
def case_close(*, actor: User, case: Case, finding: str, answer: str = "") -> Case:
    """Record what the body found and did; mail the answer when the client left an address."""
    require_editor(actor, case.body_id, field="case")
    finding, answer = finding.strip(), answer.strip()
    if not finding:
        raise ValidationError({"finding": _("Напишите, что выяснили и что сделали.")})
    locked = Case.objects.select_for_update().select_related("rating").get(pk=case.pk)
    if locked.status != Case.Status.OPEN:
        raise ValidationError({"case": _("Разбор уже закрыт.")})
    if answer and not locked.rating.contact_email:
        raise ValidationError({"answer": _("Клиент не оставил адреса: ответить некуда.")})
    locked.finding, locked.answer = finding, answer
    locked.status = Case.Status.ANSWERED if answer else Case.Status.CLOSED
    locked.closed_by, locked.closed_at = actor, timezone.now()
    locked.save()
    audit_record(
        actor=actor,
        action=Action.CASE_CLOSE,
        obj=locked,
        body=locked.body,
        changes={"status": [Case.Status.OPEN, locked.status]},
    )
    if answer:
        from mailings.services import mail_send

        email = locked.rating.contact_email
        transaction.on_commit(
            lambda: mail_send(
                email=email,
                topic="feedback_answer",
                subject=_("Ответ на вашу оценку"),
                body=answer,
            )
        )
    return locked


@transaction.atomic
def change_create(
    *,
    actor: User,
    subject: intake.Subject,
    said: str,
    did: str,
    done_on: dt.date,
    rating_ids: list[int] | None = None,
) -> Change:
    """A "you said — we did" entry (R20), linked to the ratings behind it."""
    body = intake.subject_body(subject)
    require_editor(actor, body.pk, field="service")
    errors = {}
    if not said.strip():
        errors["said"] = _("Напишите, что говорили клиенты.")
    if not did.strip():
        errors["did"] = _("Напишите, что изменили.")
    if errors:
        raise ValidationError(errors)
    change = Change.objects.create(
        body=body, said=said.strip(), did=did.strip(), done_on=done_on, created_by=actor,
        **intake.subject_fields(subject),
    )  # fmt: skip
    if rating_ids:
        ratings = list(Rating.objects.filter(pk__in=rating_ids, body=body))
        if len(ratings) != len(set(rating_ids)):
            raise ValidationError({"ratings": _("Часть оценок не найдена среди оценок органа.")})
        change.ratings.set(ratings)
    audit_record(actor=actor, action=Action.CHANGE, obj=change, body=body)
    return change


def comment_to_need(
    *, actor: User, rating: Rating, life_situation: LifeSituation, title: str
) -> Any:
    """Turn a comment into a typical need of a life situation, "being worked on" (R21)."""
    from registry.models import Need
    from registry.services import need_add

    require_editor(actor, rating.body_id, field="rating")
    require_editor(actor, life_situation.owner_body_id, field="life_situation")
    return need_add(
        actor=actor,
        life_situation=life_situation,
        title=title or depersonalise(rating.comment)[:300],  # a need is published
        status=Need.Status.IN_WORK,
        services=[rating.service] if rating.service else None,
    )
