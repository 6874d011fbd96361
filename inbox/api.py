"""Inbox API (R22, R23): other systems post what clients wrote and read the status; any
system checks a text's readability. Handlers call the same services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator, StringConstraints

from accounts.access import request_user
from accounts.api_auth import key_allows, key_or_session
from accounts.models import Scope
from accounts.roles import Cap
from inbox import access, selectors, services
from inbox.models import Channel, Item, Kind
from inbox.models import Status as ItemStatus
from lib.schema_types import ShortText, Slug, _no_nul
from readability.checker import MAX_CHARS, Thresholds, check
from readability.indices import Indices
from registry import selectors as registry_selectors

router = Router(tags=["appeals"])

KindLiteral = Literal["appeal", "comment", "mention", "message", "chatbot"]
ChannelLiteral = Literal[
    "portal", "widget", "vk", "ok", "telegram", "max", "chatbot", "email", "other"
]
StatusLiteral = Literal["new", "in_work", "answered", "private", "closed"]
ItemText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000),
    AfterValidator(_no_nul),
]
CheckedText = Annotated[str, StringConstraints(max_length=MAX_CHARS), AfterValidator(_no_nul)]

assert set(KindLiteral.__args__) == set(Kind.values)  # type: ignore[attr-defined]
assert set(ChannelLiteral.__args__) == set(Channel.values)  # type: ignore[attr-defined]
assert set(StatusLiteral.__args__) == set(ItemStatus.values)  # type: ignore[attr-defined]


class AppealIn(Schema):
    kind: KindLiteral = Field(description="Вид: обращение, комментарий, упоминание, сообщение")
    channel: ChannelLiteral
    text: ItemText
    external_id: ShortText = Field(
        "", max_length=120, description="Номер во внешней системе: повтор не создаёт дубль"
    )
    author_name: ShortText = Field("", max_length=200)
    author_contact: ShortText = Field("", max_length=200, description="E-mail — туда уйдёт ответ")
    url: ShortText = Field("", max_length=500)
    received_at: dt.datetime | None = None
    life_situation: Slug | None = None
    service: Slug | None = None
    client_snils: ShortText = Field(
        "",
        max_length=20,
        description=(
            "СНИЛС автора, если система знает его точно (вход через Госуслуги): обращение "
            "и ответ появятся в истории клиента в его кабинете"
        ),
    )


class AppealOut(Schema):
    id: int
    body: str
    kind: str
    channel: str
    status: str
    category: str | None
    received_at: dt.datetime
    due_at: dt.datetime
    answered_at: dt.datetime | None
    answered_in_time: bool | None
    overdue: bool


class AppealDetailOut(AppealOut):
    text: str | None
    author_name: str | None
    author_contact: str | None
    answer: str | None


class AppealFilter(Schema):
    status: StatusLiteral | None = None
    overdue: bool = False
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=1_000_000)


def _out(item: Item) -> dict[str, Any]:
    return {
        "id": item.pk,
        "body": item.body.slug,
        "kind": item.kind,
        "channel": item.channel,
        "status": item.status,
        "category": item.category.name if item.category else None,
        "received_at": item.received_at,
        "due_at": item.due_at,
        "answered_at": item.answered_at,
        "answered_in_time": item.answered_in_time,
        "overdue": item.is_open and item.due_at < timezone.now(),
    }


@router.post(
    "/appeals",
    auth=key_or_session(Scope.APPEALS_SUBMIT),
    response={200: AppealOut, 201: AppealOut},
    summary="Принять обращение, комментарий или упоминание",
    description=(
        "Срок ответа считается по виду (R22: 2 часа на обращение и комментарий под "
        "официальным постом, 4 часа на упоминание; орган может задать свои). Категория и "
        "исполнитель — по ключевым словам. Повтор с тем же external_id и каналом возвращает "
        "первое обращение с кодом 200."
    ),
)
def post_appeal(request: HttpRequest, payload: AppealIn) -> Status[dict[str, Any]]:
    user = request_user(request)
    body = access.get_body_for(
        user, Cap.INBOX_POST, message=_("Обращения передают системы органа и его сотрудники.")
    )
    life_situation = service = None
    if payload.life_situation:
        life_situation = registry_selectors.life_situation_visible_to(
            payload.life_situation, body_id=user.body_id
        )
    if payload.service:
        service = registry_selectors.service_by_slug(payload.service)
    if payload.client_snils.strip() and not (
        getattr(request, "api_key", None) is not None
        and key_allows(request, Scope.APPEALS_IDENTIFIED)
    ):
        raise ValidationError(
            {
                "client_snils": _(
                    "Ключу системы не дано право передавать СНИЛС автора. Его даёт "
                    "администратор органа, если система проверяет вход через Госуслуги."
                )
            }
        )
    data = payload.dict(exclude={"life_situation", "service"})
    item, created = services.item_receive(
        actor=user, received_by=body, life_situation=life_situation, service=service, **data
    )
    item = selectors.item_detail(pk=item.pk) or item
    return Status(201 if created else 200, _out(item))


@router.get(
    "/appeals",
    auth=key_or_session(Scope.APPEALS_READ),
    response=list[AppealOut],
    summary="Обращения органа",
)
def list_appeals(request: HttpRequest, filters: Query[AppealFilter]) -> list[dict[str, Any]]:
    user = request_user(request)
    body = access.get_body_for_read(user)
    items = selectors.items_for_body(
        body_id=body.pk,
        status=filters.status or "",
        due="overdue" if filters.overdue else "",
    )
    return [_out(i) for i in items[filters.offset : filters.offset + filters.limit]]


@router.get(
    "/appeals/{item_id}",
    auth=key_or_session(Scope.APPEALS_READ, Scope.APPEALS_SUBMIT),
    response=AppealDetailOut,
    summary="Одно обращение",
)
def get_appeal(request: HttpRequest, item_id: int) -> dict[str, Any]:
    """Staff of the answering body (and its keys with «appeals_read») see the text, the
    author and the answer; the system that posted it sees the status only."""
    user = request_user(request)
    key_reads = key_allows(request, Scope.APPEALS_READ)
    item, full = access.get_item_for_status(user, item_id, key_reads=key_reads)
    return {
        **_out(item),
        "text": item.text if full else None,
        "author_name": item.author_name if full else None,
        "author_contact": item.author_contact if full else None,
        "answer": (item.answer_text or None) if full else None,
    }


class ThresholdsIn(Schema):
    min_reading_ease: float = Field(30.0, ge=-200, le=200)
    max_grade: float = Field(12.0, ge=0, le=50)
    max_sentence_words: int = Field(25, ge=3, le=500)
    max_flags_per_100_words: float = Field(6.0, ge=0, le=100)


class ReadabilityIn(Schema):
    text: CheckedText
    thresholds: ThresholdsIn | None = None


class FlagOut(Schema):
    kind: str
    label: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str


class ReadabilityOut(Schema):
    indices: Indices
    flags_per_100_words: float
    passes: bool
    problems: list[str]
    flags: list[FlagOut]


@router.post(
    "/readability",
    auth=key_or_session(Scope.READABILITY),
    response=ReadabilityOut,
    summary="Проверить понятность текста",
    description=(
        "Индексы (Флеш в адаптации Оборневой, класс по Флешу–Кинкейду plainrussian, LIX, длина "
        "предложений, доля длинных слов) и замечания к стилю с позициями в тексте. Пороги — "
        "по умолчанию или свои; problems пуст, если текст их проходит."
    ),
)
def post_readability(request: HttpRequest, payload: ReadabilityIn) -> dict[str, Any]:
    thresholds = Thresholds(**payload.thresholds.dict()) if payload.thresholds else None
    return check(payload.text, thresholds).as_dict()
