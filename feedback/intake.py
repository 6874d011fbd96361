"""The intake of ratings (R18, R19): how far a rating is trusted and whether it is taken
at all — the rate limits, the ALTCHA proof of work, the honeypot, which systems may rate
what (one window), one-time invitations — and the one insert that stores it (ADR 0009).

Every channel — the hosted page, the QR link, the kiosk, the widget's frame, operator entry,
the API — hands what it received (an ``Arrival``) to ``rating_receive``: the gate
(``verdict_for``) decides, once for all of them, and the insert (``rating_store``) writes.
No channel decides a verdict of its own."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import AnyUser, refuse_forbidden, require, require_editor, security_log
from accounts.models import Body, Role, User
from accounts.roles import Cap, can, is_internal_client
from feedback import analysis, challenge, instrument, webhooks
from feedback.instrument import Answers
from feedback.models import (
    Case,
    Channel,
    Invitation,
    RateBucket,
    Rating,
    RatingPoint,
    Verdict,
)
from lib import snils as snils_lib
from lib.claim import claim
from registry.models import ClientKind, LifeSituation, Service, Touchpoint

Subject = Service | LifeSituation

#: External ids the product's own invitations use (``inbox:``, ``proactive:``).
RESERVED_PREFIXES = ("inbox:", "proactive:")


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
    """Delete the rate-limit windows and the used ALTCHA challenges whose time is over (the
    ``feedback.rate_buckets`` job). Returns how many."""
    deleted, _detail = RateBucket.objects.filter(window_end__lt=now or timezone.now()).delete()
    return deleted


# --- the gate -------------------------------------------------------------------------


@dataclass(frozen=True)
class Arrival:
    """What a channel received with a rating, before anything is decided about it."""

    channel: str
    #: The client's address: anonymous ratings are counted against its rate limit.
    address: str = ""
    #: The ALTCHA solution sent with the rating.
    altcha: str = ""
    #: Whether the field people never see was filled in (the hosted forms).
    honeypot: bool = False
    #: The widget's frame: whether its script saw the form in front of the client.
    seen: bool = False
    #: The one-time invitation the rating answers (looked up by ``invitation_for_token``).
    invitation: Invitation | None = None
    #: Who called the API: a system by its key, a signed-in person, or nobody.
    caller: AnyUser | None = None
    #: The member of staff who heard the rating (operator entry).
    entered_by: User | None = None


class Reason(StrEnum):
    """Why the gate did not take a rating; each channel words it for its own readers."""

    TOO_MANY = "too_many"  # the address is over its rate limit
    NOT_SEEN = "not_seen"  # the widget's form was hidden or covered when it was sent
    NOT_HUMAN = "not_human"  # no correctly solved, unused ALTCHA challenge


class Rejected(Exception):
    """The gate did not take the rating, for ``reason``."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(reason)
        self.reason = reason


#: The rate limit's scope per channel: the API counts apart from the pages, and a kiosk
#: serves a whole office from one address (its higher limit, ``rate_limited``).
_SCOPES: dict[str, str] = {Channel.KIOSK: "kiosk", Channel.API: "api"}


def system_of(caller: AnyUser | None) -> User | None:
    """The caller if it is a body's integration system (by its key): its ratings are
    trusted, for what ``system_may_rate`` lets it rate."""
    if isinstance(caller, User) and can(caller, Cap.INTEGRATE, caller.body_id):
        return caller
    return None


def verdict_for(arrival: Arrival, subject: Subject, touchpoint: Touchpoint | None) -> str:
    """Whether a rating is taken and how far it is trusted (R19): decided here once for
    every channel. Raises ``Rejected`` (or a 403 for a system rating what it may not).

    - An invitation's rating is verified: no rate limit, no challenge (the invitation is
      used up when the rating is stored).
    - Operator entry is trusted, from staff who may enter ratings for the subject's body.
    - A system's rating is trusted, of its own body's services and, for an МФЦ's system,
      of any service delivered at one of its centres (one window).
    - Anyone else is counted against the address's rate limit first. A filled honeypot is
      then kept as such (never counted) and spends nothing; a widget's form must have been
      seen; the ALTCHA solution is spent last, so no refusal before it wastes it."""
    system = system_of(arrival.caller)
    if arrival.invitation is None and arrival.entered_by is None and system is None:
        scope = _SCOPES.get(arrival.channel, "rate")
        if rate_limited(arrival.address, scope=scope):
            raise Rejected(Reason.TOO_MANY)
    if arrival.honeypot:
        return Verdict.HONEYPOT
    if arrival.invitation is not None:
        return Verdict.VERIFIED
    if arrival.entered_by is not None:
        require(arrival.entered_by, Cap.ENTER_RATINGS, "feedback:operator",
                subject_body(subject).pk, field="point")  # fmt: skip
        return Verdict.TRUSTED
    if system is not None:
        if not system_may_rate(system, subject, touchpoint):
            raise refuse_forbidden(
                system,
                "rating for another body",
                field="service",
                message=_(
                    "Система органа передаёт оценки услуг своего органа, а система МФЦ — и "
                    "услуг других органов, оказанных в её центре (укажите touchpoint этого "
                    "центра)."
                ),
            )
        return Verdict.TRUSTED
    if arrival.channel == Channel.WIDGET and not arrival.seen:
        raise Rejected(Reason.NOT_SEEN)
    if not challenge.verify(arrival.altcha):
        raise Rejected(Reason.NOT_HUMAN)
    return Verdict.CHALLENGE


def rating_receive(
    *,
    arrival: Arrival,
    subject: Subject,
    answers: Answers,
    touchpoint: Touchpoint | None = None,
    point: RatingPoint | None = None,
    client_kind: str = ClientKind.CITIZEN,
    language: str = "ru",
    contact_email: str = "",
    idempotency_key: str | None = None,
) -> tuple[Rating, bool]:
    """Take a rating from a channel (R19): the gate (``verdict_for``) decides whether it
    is taken and how far trusted, then ``rating_store`` stores it, tied to the invited
    client and segment if it answers an invitation. Returns (rating, created)."""
    verdict = verdict_for(arrival, subject, touchpoint)
    invitation = arrival.invitation
    invited = invitation.client if invitation else None
    if invited is not None and invited.role == Role.BUSINESS and client_kind == ClientKind.CITIZEN:
        client_kind = ClientKind.BUSINESS  # a business's representative invited by name (R18)
    return rating_store(
        subject=subject,
        answers=answers,
        channel=arrival.channel,
        verdict=verdict,
        touchpoint=touchpoint,
        point=point,
        client_kind=client_kind,
        language=language,
        contact_email=contact_email,
        client=invitation.client if invitation else None,
        segment_id=invitation.segment_id if invitation else None,
        invitation=invitation,
        entered_by=arrival.entered_by,
        idempotency_key=idempotency_key,
    )


def client_kind_of(user: AnyUser, point: RatingPoint | None) -> str:
    """Who rates (R18): a civil servant acting within his powers is an internal client
    (seed 000; the same servant in the client capacity is an external one); anyone else
    the kind the rating point was made for, a citizen without one."""
    if is_internal_client(user):
        return ClientKind.INTERNAL
    return point.client_kind if point else ClientKind.CITIZEN


def client_kind_claimed(caller: AnyUser, claimed: str) -> str:
    """Who rates through the API (R18), from the caller, not from what the payload says:
    a civil servant signed in and acting within his powers is an internal client whatever
    he sends; a body's system vouches for its own users and may say so; anyone else —
    an anonymous chat-bot, a citizen, a business — may say citizen or business, and a
    claim to be an internal client is a ValidationError naming ``client_kind`` (before
    the gate, so it spends no challenge)."""
    if is_internal_client(caller):
        return ClientKind.INTERNAL
    if claimed == ClientKind.INTERNAL and system_of(caller) is None:
        raise ValidationError(
            {
                "client_kind": _(
                    "Внутренний клиент — госслужащий, который вошёл в Клиентоцентр, или "
                    "система органа с ключом API; без них оценка — от гражданина или бизнеса."
                )
            }
        )
    return claimed


# --- the insert -----------------------------------------------------------------------


def rating_store(
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
    """Store one rating with the verdict the gate gave it (R19). Returns (rating, created).
    Channels call ``rating_receive``; this is for it, and for demo data and tests that
    need a rating of a given verdict.

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
    if external_id.startswith(RESERVED_PREFIXES):
        # the product's own deliveries (answers to appeals, proactive services) name their
        # invitations so; a system's may not, or its ratings would reach them
        raise ValidationError(
            {"external_id": _("Номер не может начинаться с «inbox:» или «proactive:».")}
        )
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


@dataclass(frozen=True)
class Delivery:
    """What the platform itself just delivered to a client: a proactive service confirmed,
    a function granted (``external_id`` names the delivery, once)."""

    subject: Subject
    #: None: the answer to an appeal by e-mail, whose author has no account here.
    client: User | None
    created_by_id: int
    external_id: str
    segment_id: int | None = None  # the rating moves the segment's satisfaction (R9)


def invitations_for_deliveries(deliveries: list[Delivery]) -> list[tuple[Delivery, str]]:
    """One-time links for clients the platform itself just served (seed 004 §5.1.6: every
    delivery asks for a rating), a runner's batch at once: one read of the links that
    exist, one insert. The client consented to proactive delivery of the subject (R15), so
    the rating is theirs and verified. One link per delivery: those made before are left
    out. Returns each new delivery with its token."""
    if not deliveries:
        return []
    taken = set(
        Invitation.objects.filter(
            external_id__in=[d.external_id[:100] for d in deliveries]
        ).values_list("body_id", "external_id")
    )
    made: list[tuple[Delivery, str]] = []
    rows: list[Invitation] = []
    expires = timezone.now() + dt.timedelta(days=settings.FEEDBACK_INVITATION_DAYS)
    for delivery in deliveries:
        body = subject_body(delivery.subject)
        key = (body.pk, delivery.external_id[:100])
        if key in taken:
            continue
        taken.add(key)
        token = secrets.token_urlsafe(24)
        rows.append(
            Invitation(
                token_hash=_token_hash(token), body=body, client=delivery.client,
                segment_id=delivery.segment_id, external_id=key[1],
                created_by_id=delivery.created_by_id, expires_at=expires,
                **subject_fields(delivery.subject),
            )
        )  # fmt: skip
        made.append((delivery, token))
    Invitation.objects.bulk_create(rows)
    return made


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("feedback:invited", args=[token])


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
