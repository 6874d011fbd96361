"""The intake of ratings (R18, R19): how far a rating is trusted and whether it is taken
at all — the rate limits, the ALTCHA proof of work, the honeypot, which systems may rate
what (one window), one-time invitations — and the one insert that stores it (ADR 0009).

Every channel (the hosted page, the QR link, the kiosk, the widget's frame, operator
entry, the API) hands over what it received; nothing else writes a rating."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
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
from feedback import analysis, instrument, webhooks
from feedback.instrument import Answers
from feedback.models import Case, Channel, Invitation, RateBucket, Rating, RatingPoint
from lib import snils as snils_lib
from lib.claim import claim
from registry.models import ClientKind, LifeSituation, Service, Touchpoint

Subject = Service | LifeSituation


def subject_fields(subject: Subject) -> dict[str, Any]:
    """The model fields that name ``subject``: a service or a whole life situation."""
    if isinstance(subject, Service):
        return {"service": subject, "life_situation": None}
    return {"service": None, "life_situation": subject}


def subject_body(subject: Subject) -> Body:
    """The body whose figures a rating of ``subject`` enters."""
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


def check_touchpoint(subject: Subject, touchpoint: Touchpoint | None) -> None:
    """Where a subject may be rated (R19, one window): a life situation may span bodies;
    a service is rated at its own body's touchpoints and at any one-window centre (МФЦ),
    which serve every body. A rating point is made only where its ratings will be taken."""
    if (
        touchpoint is not None
        and isinstance(subject, Service)
        and touchpoint.body_id != subject.body_id
        and touchpoint.kind != Touchpoint.Kind.ONE_WINDOW
    ):
        raise ValidationError(
            {"touchpoint": _("Эту услугу не предоставляют в выбранной точке взаимодействия.")}
        )


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
    check_touchpoint(subject, touchpoint)
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
        **subject_fields(subject),
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
    check_touchpoint(subject, touchpoint)
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
        **subject_fields(subject),
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
