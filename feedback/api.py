"""Feedback API (R18–R20): ratings from chat-bots, apps and other systems, one-time
invitations, volumes served, and published aggregates. Same services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Header, Router, Schema, Status
from ninja.decorators import decorate_view

from accounts.api_auth import caller, key_or_session
from accounts.models import Body, Scope, User
from feedback import access, challenge, instrument, intake, qr, selectors, services, webhooks
from feedback.models import Channel, Invitation, Rating
from feedback.stats import PUBLISH_MIN
from lib.api_errors import Error, error
from lib.client_ip import client_ip
from lib.public_cache import cached_public
from lib.schema_types import Id, LongText, ShortText, Slug
from registry import selectors as registry_selectors

router = Router(tags=["ratings"])
#: A key needs the «ratings» scope; a signed-in person, the page rules.
api_auth = key_or_session(Scope.RATINGS)


def _subject(service: str | None, life_situation: str | None) -> intake.Subject:
    """The rated subject by code. Only published life situations are rated or shown: a
    draft is "not found", as in the registry."""
    if bool(service) == bool(life_situation):
        raise ValidationError({"service": "Укажите либо service, либо life_situation."})
    if service:
        return registry_selectors.service_by_slug(service)
    return registry_selectors.published_life_situation(life_situation or "")


def _touchpoint(pk: int | None) -> registry_selectors.Touchpoint | None:
    if pk is None:
        return None
    return registry_selectors.touchpoints_by_ids([pk], field="touchpoint")[0]


class RatingIn(Schema):
    service: Slug | None = Field(None, description="Код услуги (или life_situation)")
    life_situation: Slug | None = Field(None, description="Код жизненной ситуации")
    touchpoint: Id | None = Field(None, description="Точка взаимодействия")
    invitation: ShortText | None = Field(None, description="Токен одноразового приглашения")
    csat: int = Field(..., description="Удовлетворённость, 1–5")
    ces: int | None = Field(None, description="Лёгкость, 1–5")
    loyal: bool | None = Field(None, description="Воспользуется ли снова")
    drivers: list[ShortText] = Field(default_factory=list, max_length=20)
    control: dict[ShortText, int] = Field(default_factory=dict, max_length=10)
    comment: LongText = ""
    contact_email: ShortText = ""
    language: Literal["ru", "en"] = "ru"
    client_kind: Literal["citizen", "business", "internal"] = Field(
        "citizen",
        description=(
            "Кто оценивает. internal (госслужащий) — только от системы органа с ключом API; "
            "госслужащий, вошедший в Клиентоцентр, — всегда internal"
        ),
    )
    altcha: str | None = Field(None, max_length=4000, description="Решение ALTCHA (без ключа API)")


class RatingOut(Schema):
    id: int
    instrument: str
    body: int
    service: int | None
    life_situation: int | None
    touchpoint: int | None
    channel: str
    csat: int
    ces: int | None
    loyal: bool | None
    drivers: list[str]
    control: dict[str, int]
    has_comment: bool
    verified: bool
    created_at: str


@router.post(
    "/ratings",
    auth=None,
    response={
        200: RatingOut,
        201: RatingOut,
        400: Error,
        403: Error,
        410: Error,
        422: Error,
        429: Error,
    },
    summary="Принять оценку",
    description=(
        "Один метод для всех каналов (R19): CSAT 1–5, CES 1–5, лояльность, причины из "
        "кодификатора, «Ваш контроль» для офисов. Системы органа — с X-API-Key; без ключа "
        "нужно решение ALTCHA (GET /o/challenge/) и действует ограничение частоты. "
        "Заголовок Idempotency-Key: повтор с тем же ключом вернёт первую оценку (200) и "
        "ничего не добавит. Оценка по приглашению (invitation) считается подтверждённой; "
        "второй раз приглашение не принимается (410)."
    ),
)
def post_rating(
    request: HttpRequest,
    payload: RatingIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),  # type: ignore[type-arg]
) -> Any:
    who = caller(request, Scope.RATINGS)
    key = _scoped_key(who, idempotency_key, payload.altcha or "")
    if key and Rating.objects.filter(idempotency_key=key).exists():  # a retry: rare
        replay = Rating.objects.select_related("touchpoint", "service", "life_situation")
        return _replayed(replay.get(idempotency_key=key), payload)
    invitation: Invitation | None = None
    if payload.invitation:
        try:
            invitation = intake.invitation_for_token(payload.invitation)
        except ValidationError as exc:
            return error(410, "invitation", exc.message_dict["invitation"][0])
        subject: intake.Subject = invitation.service or invitation.life_situation  # type: ignore[assignment]
        touchpoint = invitation.touchpoint
    else:
        subject = _subject(payload.service, payload.life_situation)
        touchpoint = _touchpoint(payload.touchpoint)
    if payload.contact_email:
        try:
            validate_email(payload.contact_email)
        except ValidationError:
            raise ValidationError({"contact_email": "Неверный адрес почты."}) from None
    client_kind = intake.client_kind_claimed(who, payload.client_kind)
    arrival = intake.Arrival(
        channel=Channel.API,
        address=client_ip(request),
        altcha=payload.altcha or "",
        invitation=invitation,
        caller=who,
    )
    try:
        rating, created = intake.rating_receive(
            arrival=arrival,
            subject=subject,
            answers=_answers(payload, touchpoint),
            touchpoint=touchpoint,
            client_kind=client_kind,
            language=payload.language,
            contact_email=payload.contact_email,
            idempotency_key=key,
        )
    except intake.Rejected as exc:
        if exc.reason == intake.Reason.TOO_MANY:
            return error(429, "", "Слишком много оценок с этого адреса. Повторите позже.")
        raise ValidationError(
            {"altcha": "Нужно решение ALTCHA: получите задачу в GET /o/challenge/."}
        ) from None
    if not created:  # the same key arrived meanwhile from a parallel retry
        return _replayed(rating, payload)
    return Status(201, webhooks.rating_payload(rating))


def _scoped_key(who: User | AnonymousUser, header: str | None, altcha: str) -> str | None:
    """The Idempotency-Key, scoped to its caller so two callers' keys never meet: a system
    or a signed-in person by their account; an anonymous caller by the challenge they
    solved (without one, the header is ignored — anonymous visitors share no namespace)."""
    if header is None:
        return None
    if not header.strip() or len(header) > 80 or any(ord(c) < 32 for c in header):
        raise ValidationError({"Idempotency-Key": "Ключ — от 1 до 80 видимых знаков."})
    if isinstance(who, User):
        return f"{who.pk}:{header.strip()}"
    solved = challenge.identity(altcha)
    return f"anon:{solved[7:19]}:{header.strip()}" if solved else None


def _answers(
    payload: RatingIn, touchpoint: registry_selectors.Touchpoint | None
) -> instrument.Answers:
    return instrument.check(
        csat=payload.csat, ces=payload.ces, loyal=payload.loyal, drivers=payload.drivers,
        control=payload.control or None, comment=payload.comment,
        in_person=bool(touchpoint and touchpoint.kind in touchpoint.IN_PERSON_KINDS),
    )  # fmt: skip


def _replayed(rating: Rating, payload: RatingIn) -> Any:
    """A retry answers with the first rating; the same key with other answers is a 422
    (as for life events: the key names one request)."""
    same_subject = payload.invitation or (
        (payload.service or None) == (rating.service.slug if rating.service else None)
        and (payload.life_situation or None)
        == (rating.life_situation.slug if rating.life_situation else None)
    )
    if not same_subject or not intake.rating_repeats(rating, _answers(payload, rating.touchpoint)):
        return error(422, "Idempotency-Key", "С этим ключом уже пришла другая оценка.")
    return Status(200, webhooks.rating_payload(rating))


class InvitationIn(Schema):
    service: Slug | None = None
    life_situation: Slug | None = None
    touchpoint: Id | None = None
    segment: Id | None = Field(None, description="Сегмент клиента, если известен")
    client_snils: ShortText | None = Field(
        None,
        description=(
            "СНИЛС клиента: оценка будет связана с клиентом, только если он дал согласие "
            "на проактивные услуги; иначе ссылка анонимная. Ответ в обоих случаях одинаков."
        ),
    )
    external_id: ShortText = Field("", max_length=100, description="Номер заявления в системе")
    days: int = Field(30, ge=1, le=180, description="Сколько дней ссылка действует")


class InvitationOut(Schema):
    id: int
    url: str
    qr_svg_url: str
    expires_at: dt.datetime


@router.post(
    "/rating-invitations",
    auth=api_auth,
    response={201: InvitationOut, 403: Error, 422: Error},
    summary="Одноразовая ссылка для оценки",
    description=(
        "Система, предоставившая услугу, получает ссылку (и QR) для клиента. Оценка по ней "
        "считается подтверждённой; повторно ссылка не принимается."
    ),
)
def post_invitation(request: HttpRequest, payload: InvitationIn) -> Any:
    actor = request.user
    assert isinstance(actor, User)
    subject = _subject(payload.service, payload.life_situation)
    access.require_settings_writer(actor, intake.subject_body(subject).pk, "service")
    invitation, token = intake.invitation_create(
        actor=actor,
        subject=subject,
        touchpoint=_touchpoint(payload.touchpoint),
        client_snils=payload.client_snils,
        segment_id=payload.segment,
        external_id=payload.external_id,
        days=payload.days,
    )
    return Status(
        201,
        {"id": invitation.pk, **qr.invitation_links(token), "expires_at": invitation.expires_at},
    )


class VolumeIn(Schema):
    touchpoint: Id
    service: Slug | None = None
    month: dt.date = Field(..., description="Любой день месяца")
    served: int = Field(..., ge=0, le=2_147_483_647)
    offered: int = Field(..., ge=0, le=2_147_483_647)


class VolumeOut(Schema):
    id: int
    month: str
    served: int
    offered: int


class FigureOut(Schema):
    """A group of ratings: hidden (``suppressed``, no figures) under the publication
    minimum; otherwise the means and shares with their 95 % intervals."""

    key: int | str | None
    label: str
    n: int | None
    suppressed: bool
    csat: float | None = None
    csat_ci: list[float | None] | None = None
    satisfied_share: float | None = None
    satisfied_ci: list[float | None] | None = None
    ces: float | None = None
    ces_n: int | None = None
    loyalty_share: float | None = None
    loyalty_n: int | None = None
    drivers: dict[str, int] | None = None


class PublishedOut(Schema):
    instrument: str
    period: list[str]
    min_n: int
    total: FigureOut
    groups: list[FigureOut]


@router.post(
    "/rating-volumes",
    auth=api_auth,
    response={200: VolumeOut, 403: Error, 422: Error},
    summary="Сколько клиентов обслужено и приглашено оценить",
)
def post_volume(request: HttpRequest, payload: VolumeIn) -> dict[str, Any]:
    actor = request.user
    assert isinstance(actor, User)
    touchpoint = _touchpoint(payload.touchpoint)
    assert touchpoint is not None
    access.require_settings_writer(actor, touchpoint.body_id, "touchpoint")
    service = registry_selectors.service_by_slug(payload.service) if payload.service else None
    volume = services.volume_record(
        actor=actor, touchpoint=touchpoint, service=service, month=payload.month,
        served=payload.served, offered=payload.offered,
    )  # fmt: skip
    return {
        "id": volume.pk,
        "month": volume.month.isoformat(),
        "served": volume.served,
        "offered": volume.offered,
    }


@router.get(
    "/ratings/published",
    response={200: PublishedOut, 422: Error},
    summary="Опубликованные итоги оценок",
    description=(
        "Итоги за 12 месяцев; группы меньше 10 оценок скрыты (suppressed). Ответ из общего "
        "кэша, обновляется сразу после сводки оценок или исключения; ETag и 304."
    ),
)
@decorate_view(cached_public("ratings", "registry"))
def get_published(
    request: HttpRequest,
    service: Slug | None = None,
    life_situation: Slug | None = None,
    body: int | None = None,
    by: Literal["touchpoint", "channel", "month", "service"] | None = None,
) -> dict[str, Any]:
    filters = selectors.Filters()
    if service or life_situation:
        subject = _subject(service, life_situation)
        if service:  # _subject took either a service's code or a life situation's
            filters.service_id = subject.pk
        else:
            filters.life_situation_id = subject.pk
    if body is not None:
        filters.body_id = get_object_or_404(Body, pk=body).pk
    selectors.published_period(filters)
    total = selectors.total(filters)
    groups = selectors.grouped(filters, by) if by else []
    return {
        "instrument": instrument.VERSION,
        "period": [f"{month:%Y-%m}" for month in selectors.months_back(selectors.PUBLIC_MONTHS)],
        "min_n": PUBLISH_MIN,
        "total": total.as_dict(publish=True),
        "groups": [g.as_dict(publish=True) for g in groups],
    }


class ScaleOut(Schema):
    question: str
    labels: dict[int, str] = {}


class DriverOut(Schema):
    code: str
    good: str
    bad: str


class ControlOut(Schema):
    code: str
    label: str


class InstrumentOut(Schema):
    version: str
    csat: ScaleOut
    ces: ScaleOut
    loyalty: ScaleOut
    drivers: list[DriverOut]
    control: list[ControlOut]
    low_score: int


@router.get(
    "/ratings/instrument",
    response=InstrumentOut,
    summary="Анкета: вопросы, шкалы и кодификатор причин",
)
def get_instrument(request: HttpRequest) -> dict[str, Any]:
    return {
        "version": instrument.VERSION,
        "csat": {
            "question": str(instrument.CSAT_QUESTION),
            "labels": {k: str(v) for k, v in instrument.CSAT_LABELS.items()},
        },
        "ces": {
            "question": str(instrument.CES_QUESTION),
            "labels": {k: str(v) for k, v in instrument.CES_LABELS.items()},
        },
        "loyalty": {"question": str(instrument.LOYALTY_QUESTION)},
        "drivers": [
            {"code": d.code, "good": str(d.good), "bad": str(d.bad)} for d in instrument.DRIVERS
        ],
        "control": [{"code": c, "label": str(label)} for c, label in instrument.CONTROL_CRITERIA],
        "low_score": instrument.LOW_SCORE,
    }
