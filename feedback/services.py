"""Every write of the feedback loop (R18–R21). Views, the API, the demo and the bench call
these; nothing else writes ratings, aggregates, cases or changes."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import AnyUser, require_editor, security_log
from accounts.models import Body, User
from accounts.roles import is_internal_client
from audit.services import audit_record
from feedback import analysis, framing, instrument, rollup, webhooks
from feedback.actions import Action
from feedback.instrument import Answers
from feedback.models import (
    Case,
    Change,
    Channel,
    Invitation,
    RateBucket,
    Rating,
    RatingPoint,
    Volume,
)
from feedback.privacy import depersonalise
from lib import snils as snils_lib
from lib.claim import claim
from registry.models import ClientKind, LifeSituation, Service, Touchpoint

log = logging.getLogger(__name__)

Subject = Service | LifeSituation


def _subject_fields(subject: Subject) -> dict[str, Any]:
    if isinstance(subject, Service):
        return {"service": subject, "life_situation": None}
    return {"service": None, "life_situation": subject}


def subject_body(subject: Subject) -> Body:
    return subject.body if isinstance(subject, Service) else subject.owner_body


def system_may_rate(system: User, subject: Subject, touchpoint: Touchpoint | None) -> bool:
    """Which services a body's system may send ratings of (R19, one window): its own body's;
    and a one-window centre's (МФЦ) system also any body's service delivered at one of its
    own centres — the registry has every МФЦ serve every body."""
    if system.body_id == subject_body(subject).pk:
        return True
    return (
        touchpoint is not None
        and touchpoint.kind == Touchpoint.Kind.ONE_WINDOW
        and touchpoint.body_id == system.body_id
    )


def _check_touchpoint(subject: Subject, touchpoint: Touchpoint | None) -> None:
    # A life situation may span bodies; a service is rated at its own body's touchpoints
    # and at any one-window centre (МФЦ), which serve every body.
    if (
        touchpoint is not None
        and isinstance(subject, Service)
        and touchpoint.body_id != subject.body_id
        and touchpoint.kind != Touchpoint.Kind.ONE_WINDOW
    ):
        raise ValidationError(
            {"touchpoint": _("Эту услугу не предоставляют в выбранной точке взаимодействия.")}
        )


# --- rating points ------------------------------------------------------------------


@transaction.atomic
def point_create(
    *,
    actor: User,
    subject: Subject,
    touchpoint: Touchpoint | None = None,
    place: str = "",
    client_kind: str = ClientKind.CITIZEN,
    frame_origins: str | None = None,
) -> RatingPoint:
    """A short link (and its QR code, widget and kiosk) for rating ``subject``.

    The widget may be shown on ``frame_origins`` (one a line); by default on the body's
    own sites — the touchpoint's address and the body's website."""
    body = subject_body(subject)
    require_editor(actor, body.pk, field="service")
    _check_touchpoint(subject, touchpoint)
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
        **_subject_fields(subject),
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


# --- abuse resistance ---------------------------------------------------------------


def rate_limited(address: str, *, scope: str = "rate", now: dt.datetime | None = None) -> bool:
    """Count one submission from ``address``; True when it is over the limit for the window.

    The address is kept only as a keyed hash inside a bucket that is deleted when its
    window ends (152-ФЗ: no IP addresses beyond what rate limiting needs). A kiosk serves a
    whole office from one address, so its scope has the higher kiosk limit."""
    limit, seconds = (
        settings.FEEDBACK_KIOSK_RATE_LIMIT if scope == "kiosk" else settings.FEEDBACK_RATE_LIMIT
    )
    now = now or timezone.now()
    start = int(now.timestamp()) // seconds * seconds
    key = hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}|{address}|{start}".encode(), hashlib.sha256
    ).hexdigest()
    window_end = dt.datetime.fromtimestamp(start + seconds, tz=dt.UTC)
    with transaction.atomic():
        updated = RateBucket.objects.filter(key=key).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateBucket.objects.create(key=key, window_end=window_end, count=1)
            except IntegrityError:
                RateBucket.objects.filter(key=key).update(count=F("count") + 1)
        count = RateBucket.objects.filter(key=key).values_list("count", flat=True).first() or 0
    return count > limit


def rate_buckets_purge(now: dt.datetime | None = None) -> int:
    deleted, _detail = RateBucket.objects.filter(window_end__lt=now or timezone.now()).delete()
    return deleted


# --- intake ---------------------------------------------------------------------------


def client_kind_of(user: AnyUser, point: RatingPoint | None) -> str:
    """Who rates (R18): a civil servant acting within his powers is an internal client
    (seed 000; the same servant in the client capacity is an external one); anyone else
    the kind the rating point was made for, a citizen without one."""
    if is_internal_client(user):
        return ClientKind.INTERNAL
    return point.client_kind if point else ClientKind.CITIZEN


def rating_submit(
    *,
    subject: Subject,
    answers: Answers,
    channel: str,
    verdict: str,
    touchpoint: Touchpoint | None = None,
    point: RatingPoint | None = None,
    client_kind: str = ClientKind.CITIZEN,
    language: str = "ru",
    contact_email: str = "",
    client: User | None = None,
    segment_id: int | None = None,
    invitation: Invitation | None = None,
    entered_by: User | None = None,
    idempotency_key: str | None = None,
) -> tuple[Rating, bool]:
    """Store one rating, whatever the channel (R19). Returns (rating, created).

    The same ``idempotency_key`` returns the first rating and stores nothing (a client
    that retries after a lost answer never rates twice). A low score with a comment
    opens a case (R20); webhooks are queued in the same transaction."""
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Неизвестный канал.")})
    _check_touchpoint(subject, touchpoint)
    body = subject_body(subject)
    rating = Rating(
        instrument=instrument.VERSION,
        body=body,
        touchpoint=touchpoint,
        point=point,
        channel=channel,
        client_kind=client_kind,
        csat=answers.csat,
        ces=answers.ces,
        loyal=answers.loyal,
        drivers=answers.drivers_mask,
        control=dict(answers.control),
        comment=answers.comment,
        tone=analysis.tone(answers.comment),
        language=language[:8],
        contact_email=contact_email.strip()[:254],
        client=client,
        segment_id=segment_id,
        invitation=invitation,
        entered_by=entered_by,
        verdict=verdict,
        idempotency_key=idempotency_key or None,
        **_subject_fields(subject),
    )
    hooks = webhooks.listening(body)  # read before the write lock
    try:
        with transaction.atomic():
            if invitation is not None:
                unused = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True)
                if not claim(unused, used_at=timezone.now()):
                    raise ValidationError({"invitation": _("По этой ссылке уже оценили. Спасибо!")})
            rating.save()
            if rating.counts:
                opened = answers.csat < instrument.LOW_SCORE and bool(answers.comment)
                if opened:
                    Case.objects.create(
                        rating=rating,
                        body=body,
                        due_at=rating.created_at + dt.timedelta(days=settings.FEEDBACK_CASE_DAYS),
                    )
                webhooks.queue(hooks, rating, case_opened=opened)
    except IntegrityError:
        if idempotency_key:
            existing = Rating.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing, False
        raise
    return rating, True


def rating_repeats(rating: Rating, answers: Answers) -> bool:
    """Whether ``answers`` are the ones ``rating`` stored (a retry, not another rating)."""
    return (
        rating.csat == answers.csat
        and rating.ces == answers.ces
        and rating.loyal == answers.loyal
        and rating.drivers == answers.drivers_mask
        and rating.control == dict(answers.control)
        and rating.comment == answers.comment
    )


# --- invitations ----------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    subject: Subject,
    touchpoint: Touchpoint | None = None,
    client: User | None = None,
    client_snils: str | None = None,
    segment_id: int | None = None,
    external_id: str = "",
    days: int | None = None,
) -> tuple[Invitation, str]:
    """A one-time link for the client who just got ``subject``; returns (invitation, token).

    With ``client_snils`` the rating is tied to the client only if a valid consent to
    proactive services covers the subject (R15); otherwise the link is anonymous. The caller
    is told the same either way, after its own rights were checked, so the endpoint cannot
    be used to learn who consented (a consent to «Рождение ребёнка» tells of a birth)."""
    body = subject_body(subject)
    require_editor(actor, body.pk, field="service")
    _check_touchpoint(subject, touchpoint)
    if client_snils:
        client = _consenting_client(actor, client_snils, subject)
    if segment_id is not None:
        from segments.models import Segment

        if not Segment.objects.filter(pk=segment_id, body=body).exists():
            raise ValidationError({"segment": _("У органа нет такого сегмента.")})
    token = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        token_hash=_token_hash(token),
        body=body,
        touchpoint=touchpoint,
        client=client,
        segment_id=segment_id,
        external_id=external_id[:100],
        created_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=days or settings.FEEDBACK_INVITATION_DAYS),
        **_subject_fields(subject),
    )
    return invitation, token


def _consenting_client(actor: User, snils: str, subject: Subject) -> User | None:
    from proactive.selectors import consenting_client

    digits = snils_lib.clean(snils, field="client_snils")
    client = (
        consenting_client(digits, service=subject)
        if isinstance(subject, Service)
        else consenting_client(digits, life_situation=subject)
    )
    security_log.info(
        "invitation by snils actor=%s snils=%s linked=%s",
        actor.pk,
        snils_lib.masked(digits),
        client is not None,
    )
    return client


def invitation_for_token(token: str) -> Invitation:
    """The invitation behind a link; a clear error if it is unknown, used or expired."""
    invitation = (
        Invitation.objects.select_related("service", "life_situation", "touchpoint", "body")
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if invitation is None:
        raise ValidationError({"invitation": _("Ссылка для оценки не найдена.")})
    if invitation.used_at is not None:
        raise ValidationError({"invitation": _("По этой ссылке уже оценили. Спасибо!")})
    if invitation.expires_at < timezone.now():
        raise ValidationError({"invitation": _("Срок действия ссылки для оценки истёк.")})
    return invitation


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
    subject: Subject,
    said: str,
    did: str,
    done_on: dt.date,
    rating_ids: list[int] | None = None,
) -> Change:
    """A "you said — we did" entry (R20), linked to the ratings behind it."""
    body = subject_body(subject)
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
        **_subject_fields(subject),
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
