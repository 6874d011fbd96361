"""Proactive delivery API (R15–R17): systems report life events with an Idempotency-Key;
clients manage consents and answer offers. Handlers call the same services as the pages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Header, Router, Schema, Status
from pydantic import AfterValidator, StringConstraints
from pydantic import ValidationError as PydanticValidationError

from accounts.access import request_user
from accounts.api_auth import key_or_session
from accounts.models import Scope
from lib.api_errors import Error, django_errors, error, pydantic_errors
from lib.schema_types import ShortText, Slug, _no_nul
from proactive import access, selectors, services
from proactive.models import Channel, Consent, LifeEvent, Offer
from registry import selectors as registry_selectors

router = Router(tags=["proactive"])
#: A key needs the «life_events» scope; a signed-in person, the page rules.
api_auth = key_or_session(Scope.LIFE_EVENTS)


def _kind_code(value: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9_]{2,29}", value):
        raise ValueError(
            "Код события — строчные латинские буквы, цифры и «_». Коды: GET /api/v1/event-kinds."
        )
    return value


#: The code of a start event (``GET /event-kinds``); the kinds are the registry's data.
KindCode = Annotated[
    str,
    AfterValidator(_kind_code),
    Field(
        description="Код стартового события из GET /api/v1/event-kinds",
        json_schema_extra={"pattern": "^[a-z][a-z0-9_]{2,29}$"},
    ),
]


DetailKey = Annotated[str, StringConstraints(min_length=1, max_length=60), AfterValidator(_no_nul)]


class LifeEventIn(Schema):
    kind: KindCode
    snils: ShortText = Field(
        "",
        max_length=14,
        description="СНИЛС гражданина, 11 цифр (или ИНН — одно из двух)",
    )
    inn: ShortText = Field(
        "",
        max_length=15,
        description="ИНН организации (10 цифр) или ИП (12 цифр), если событие о бизнесе",
    )
    occurred_on: dt.date
    details: dict[DetailKey, ShortText] = Field(default_factory=dict, max_length=20)


class LifeEventOut(Schema):
    """What the reporting system learns of its event: that it was taken and whether it has
    been handled — never whether the person is a user of the platform, consented or got
    offers (152-ФЗ: those are the person's business, not the sender's)."""

    id: int
    kind: str
    status: Literal["accepted", "processed"]
    occurred_on: dt.date
    received_at: dt.datetime


_IN_PROGRESS = {LifeEvent.Status.PENDING, LifeEvent.Status.PROCESSING}
#: An event reads «processed» no sooner than this after it arrived, whatever it took: how
#: long the processing took told whether the person uses the platform and consented.
REPORTED_AFTER = dt.timedelta(minutes=5)


def _event_out(event: LifeEvent) -> dict[str, Any]:
    # once processed, processed for good: an event taken again after its client confirmed
    # a СНИЛС must not tell the sender so (152-ФЗ)
    done = event.processed_at is not None or event.status not in _IN_PROGRESS
    shown = done and event.received_at <= timezone.now() - REPORTED_AFTER
    return {
        "id": event.pk,
        "kind": event.kind,
        "status": "processed" if shown else "accepted",
        "occurred_on": event.occurred_on,
        "received_at": event.received_at,
    }


@router.post(
    "/life-events",
    auth=api_auth,
    response={200: LifeEventOut, 202: LifeEventOut, 400: Error, 409: Error, 422: Error},
    summary="Сообщить о жизненном событии",
    description=(
        "Нужен заголовок Idempotency-Key (черновик IETF): повтор с тем же ключом возвращает "
        "первый ответ и ничего не создаёт; другой запрос с тем же ключом — 422; повтор, пока "
        "первый ещё обрабатывается, — 409; без ключа — 400. То же событие (вид, человек или "
        "организация, дата), уже сообщённое органом под другим ключом, — 200 с первым "
        "событием: ничего не создаётся, клиенту ничего не сообщается второй раз. "
        "Событие обрабатывается после "
        "ответа: клиент с подтверждённым СНИЛС и согласием получает готовые предложения. "
        "Событие о человеке называет его СНИЛС, о бизнесе — ИНН организации или ИП (одно из "
        "двух; контрольные цифры проверяются). Ответ одинаков для любого номера: статус "
        "accepted или processed, без сведений о клиенте. Система сообщает только события, "
        "источником которых администратор органа отметил её орган."
    ),
)
def post_life_event(
    request: HttpRequest,
    payload: LifeEventIn,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),  # type: ignore[type-arg]
) -> Any:
    system = access.get_event_poster(request.user)
    if idempotency_key and any(ord(ch) < 32 for ch in idempotency_key):
        return error(422, "Idempotency-Key", "В ключе недопустимые управляющие символы.")
    if not idempotency_key or not idempotency_key.strip():
        return error(
            400, "Idempotency-Key", "Нужен заголовок Idempotency-Key: уникальный ключ запроса."
        )
    if len(idempotency_key) > 255:
        return error(422, "Idempotency-Key", "Ключ длиннее 255 знаков.")

    def run() -> tuple[int, dict[str, Any]]:
        received = services.event_receive(
            system=system,
            kind=payload.kind,
            snils=payload.snils,
            inn=payload.inn,
            occurred_on=payload.occurred_on,
            details=payload.details,
        )
        return (200 if received.already_known else 202), _stored_out(received)

    try:
        status, body = services.idempotent(
            system=system, key=idempotency_key.strip(), payload=payload.dict(), run=run
        )
    except services.IdempotencyMismatch:
        return error(422, "Idempotency-Key", "С этим ключом уже пришёл другой запрос.")
    except services.IdempotencyConflict:
        return error(
            409, "Idempotency-Key", "Запрос с этим ключом ещё обрабатывается: повторите позже."
        )
    return Status(status, body)


def _stored_out(event: LifeEvent) -> dict[str, Any]:
    """The answer kept under an Idempotency-Key. The runner processes the event within
    seconds; the answer says only «accepted»."""
    return {
        **_event_out(event),
        "received_at": event.received_at.isoformat(),
        "occurred_on": event.occurred_on.isoformat(),
    }


def _plain_key(value: str) -> str:
    if any(ord(ch) < 32 for ch in value):
        raise ValueError("В ключе недопустимые управляющие символы.")
    return value


IdempotencyKeyText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=255),
    AfterValidator(_plain_key),
]


class LifeEventItemIn(LifeEventIn):
    idempotency_key: IdempotencyKeyText = Field(
        ..., description="Уникальный ключ события, как заголовок Idempotency-Key"
    )


class LifeEventBatchIn(Schema):
    events: list[Any] = Field(
        ...,
        min_length=1,
        max_length=services.BATCH_MAX,
        description=("До 1 000 событий; каждое — как тело POST /life-events и его idempotency_key"),
    )


class ItemError(Schema):
    field: str
    message: str


class LifeEventItemOut(Schema):
    index: int
    idempotency_key: str | None
    result: Literal["accepted", "replayed", "refused"]
    event: LifeEventOut | None
    errors: list[ItemError]


class LifeEventBatchOut(Schema):
    accepted: int
    replayed: int
    refused: int
    events: list[LifeEventItemOut]


@router.post(
    "/life-events/batch",
    auth=api_auth,
    response={200: LifeEventBatchOut, 422: Error},
    summary="Сообщить о многих жизненных событиях за один вызов",
    description=(
        "Реестр передаёт события пакетом, до 1 000 за вызов. У каждого события свой "
        "idempotency_key (как заголовок Idempotency-Key у POST /life-events, общий с ним): "
        "событие принято (accepted), уже было с тем же ключом и тем же содержанием или "
        "то же событие (вид, человек или организация, дата) уже сообщено органом — "
        "повтор, ничего не создано (replayed), или отклонено с полем и причиной (refused; "
        "ключ остаётся свободным). Отклонённое событие не мешает остальным. Ответ по каждому "
        "событию — в том же порядке."
    ),
)
def post_life_events_batch(request: HttpRequest, payload: LifeEventBatchIn) -> dict[str, Any]:
    system = access.get_event_poster(request.user)
    results: list[dict[str, Any] | None] = []
    items: list[tuple[str, dict[str, Any]]] = []
    keys: list[str | None] = []
    for raw in payload.events:
        key = raw.get("idempotency_key") if isinstance(raw, dict) else None
        keys.append(key.strip() if isinstance(key, str) else None)
        if not isinstance(raw, dict):
            errors = [
                {"field": "event", "message": "Событие — объект с полями, как у POST /life-events."}
            ]
            results.append({"result": "refused", "event": None, "errors": errors})
            continue
        try:
            item = LifeEventItemIn.model_validate(raw)
        except PydanticValidationError as exc:
            results.append({"result": "refused", "event": None, "errors": pydantic_errors(exc)})
            continue
        results.append(None)
        items.append((item.idempotency_key, item.dict(exclude={"idempotency_key"})))
    done = iter(
        services.events_receive_many(
            system=system, items=items, answer=_stored_out, refused=django_errors
        )
    )
    answers = [r if r is not None else next(done) for r in results]
    out = [{"index": i, "idempotency_key": keys[i], **answer} for i, answer in enumerate(answers)]
    return {
        "accepted": sum(a["result"] == "accepted" for a in answers),
        "replayed": sum(a["result"] == "replayed" for a in answers),
        "refused": sum(a["result"] == "refused" for a in answers),
        "events": out,
    }


class EventKindOut(Schema):
    kind: str = Field(description="код, который система сообщает в поле kind")
    title: str
    life_situation: str = Field(description="код жизненной ситуации, которую событие начинает")
    life_situation_title: str
    body: str = Field(description="орган жизненной ситуации")
    about: Literal["citizen", "business"] = Field(
        description="о ком событие: о гражданине (СНИЛС) или о бизнесе (ИНН)"
    )


@router.get(
    "/event-kinds",
    auth=None,
    response=list[EventKindOut],
    summary="Стартовые события: о каких событиях можно сообщать",
    description=(
        "Стартовые события опубликованных жизненных ситуаций реестра. Их ведёт орган, "
        "которому принадлежит жизненная ситуация. Система органа сообщает только те, "
        "источником которых администратор органа отметил её орган."
    ),
)
def list_event_kinds(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "kind": t.kind,
            "title": t.title,
            "life_situation": t.life_situation.slug,
            "life_situation_title": t.life_situation.title,
            "body": t.life_situation.owner_body.short_name,
            "about": "business" if t.life_situation.for_business else "citizen",
        }
        for t in selectors.published_triggers()
    ]


@router.get(
    "/life-events/{event_id}",
    auth=api_auth,
    response=LifeEventOut,
    summary="Событие и его обработка",
)
def get_life_event(request: HttpRequest, event_id: int) -> dict[str, Any]:
    return _event_out(access.get_event_for_read(request.user, event_id))


class ConsentIn(Schema):
    life_situation: Slug | None = None
    service: Slug | None = None


class ConsentOut(Schema):
    id: int
    life_situation: str | None
    service: str | None
    given_at: dt.datetime
    given_via: str
    revoked_at: dt.datetime | None


def _consent_out(c: Consent) -> dict[str, Any]:
    return {
        "id": c.pk,
        "life_situation": c.life_situation.slug if c.life_situation else None,
        "service": c.service.slug if c.service else None,
        "given_at": c.given_at,
        "given_via": c.given_via,
        "revoked_at": c.revoked_at,
    }


@router.get("/consents", auth=api_auth, response=list[ConsentOut], summary="Мои согласия")
def list_consents(request: HttpRequest) -> list[dict[str, Any]]:
    client = access.get_client(request.user)
    return [
        _consent_out(c)
        for c in Consent.objects.filter(client=client).select_related("life_situation", "service")
    ]


@router.post(
    "/consents",
    auth=api_auth,
    response={201: ConsentOut},
    summary="Дать согласие на проактивные услуги",
)
def post_consent(request: HttpRequest, payload: ConsentIn) -> Status[dict[str, Any]]:
    client = access.get_client(request.user)
    life_situation = service = None
    if payload.life_situation:
        life_situation = registry_selectors.published_life_situation(payload.life_situation)
    if payload.service:
        service = registry_selectors.service_by_slug(payload.service)
    consent = services.consent_give(
        actor=client, client=client, via=Channel.API, life_situation=life_situation, service=service
    )
    return Status(201, _consent_out(consent))


@router.delete(
    "/consents/{consent_id}", auth=api_auth, response=ConsentOut, summary="Отозвать согласие"
)
def delete_consent(request: HttpRequest, consent_id: int) -> dict[str, Any]:
    consent = access.get_consent_for_client(request.user, consent_id)
    services.consent_revoke(actor=request_user(request), consent=consent, via=Channel.API)
    consent.refresh_from_db()
    return _consent_out(consent)


class ReasonOut(Schema):
    code: str
    condition: str
    passed: bool
    data: list[str]
    legal_basis: str
    remedy: str


class OfferOut(Schema):
    id: int
    service: str
    life_situation: str
    status: str
    summary: str
    reasons: list[ReasonOut]
    form_fields: list[dict[str, Any]]


def _offer_out(o: Offer) -> dict[str, Any]:
    return {
        "id": o.pk,
        "service": o.service.slug,
        "life_situation": o.life_situation.slug,
        "status": o.status,
        "summary": o.summary,
        "reasons": o.reasons,
        "form_fields": o.form_fields,
    }


@router.get("/offers", auth=api_auth, response=list[OfferOut], summary="Мои предложения")
def list_offers(request: HttpRequest) -> list[dict[str, Any]]:
    client = access.get_client(request.user)
    return [
        _offer_out(o)
        for o in selectors.offers_of(client).select_related("service", "life_situation")
    ]


@router.post(
    "/offers/{offer_id}/confirm",
    auth=api_auth,
    response=OfferOut,
    summary="Подтвердить в один клик",
)
def confirm_offer(request: HttpRequest, offer_id: int) -> dict[str, Any]:
    offer = access.get_offer_for_client(request.user, offer_id)
    return _offer_out(services.offer_confirm(actor=request_user(request), offer=offer))
