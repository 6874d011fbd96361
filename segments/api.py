"""Segments API: a body's segments, their profiles and the priority ranking (R5–R9).

Segments are the body's working material, so every endpoint needs a key or a session
of the body's staff; handlers call the same services and access helpers as the pages.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accounts.access import request_user
from accounts.api_auth import key_or_session
from accounts.models import Scope
from lib.schema_types import Id, LongText, ShortText, Slug
from registry import selectors as registry_selectors
from segments import access, rules, selectors, services
from segments.forms import MAX_PERSONS
from segments.models import Attribute, Segment

router = Router(tags=["segments"])
#: A key needs the «segments» scope; a signed-in person, the page rules.
api_auth = key_or_session(Scope.SEGMENTS)

TargetLiteral = Literal["life_situation", "service", "direction"]
DirectionLiteral = Literal[
    "services", "support", "control", "functions", "appeals", "information", "internal"
]
ChannelLiteral = Literal[
    "portal",
    "mobile_app",
    "social_network",
    "messenger",
    "chatbot",
    "voice_assistant",
    "call_centre",
    "reception",
    "one_window",
    "long_stay",
]


class AttributeOut(Schema):
    code: str
    name: str
    source_kind: str
    source_note: str
    is_special: bool
    shared: bool
    values: list[str]
    multiple: bool = Field(..., description="Можно задать несколько значений")


class AttributeValueOut(Schema):
    code: str
    name: str
    value: str = Field(..., description="Значения через «; »")
    values: list[str]
    is_special: bool


class HypothesisOut(Schema):
    id: int
    kind: str
    statement: str
    status: str
    evidence: str


class TermOut(Schema):
    name: str
    label: str
    value: str
    source: str
    as_of: str
    share: float | None
    weight: int
    points: float


class PriorityOut(Schema):
    place: int
    score: float
    terms: list[TermOut]
    missing: list[str]


class RankingOut(PriorityOut):
    segment: str
    code: str
    name: str


class SegmentSummary(Schema):
    slug: str
    code: str
    name: str
    status: str
    attribute_count: int
    is_potential: bool
    score: float
    place: int


class SegmentOut(Schema):
    slug: str
    code: str
    name: str
    body: str
    description: str
    target: str
    life_situation: str | None
    service: str | None
    direction: str
    is_potential: bool
    status: str
    review_reason: str
    version: int
    problems: list[str] = Field(..., description="Почему профиль ещё не может быть итоговым")
    attributes: list[AttributeValueOut]
    journey_features: str
    typical_problems: str
    needs: str
    preferred_channels: list[str]
    preferred_touchpoints: list[int]
    personalisation_plan: str
    hypotheses: list[HypothesisOut]
    respondent_count: int
    priority: PriorityOut


class SegmentIn(Schema):
    code: ShortText = Field(..., min_length=1, max_length=20)
    name: ShortText = Field(..., min_length=3, max_length=200)
    target: TargetLiteral
    life_situation: Slug | None = Field(None, description="Адрес жизненной ситуации")
    service: Slug | None = Field(None, description="Код услуги или функции")
    direction: DirectionLiteral | None = None
    is_potential: bool = False
    description: LongText = ""


class SegmentPatch(Schema):
    reason: ShortText = Field(..., min_length=1, description="Почему меняется профиль (R9)")
    name: ShortText | None = Field(None, min_length=3, max_length=200)
    description: LongText | None = None
    is_potential: bool | None = None
    journey_features: LongText | None = None
    typical_problems: LongText | None = None
    needs: LongText | None = None
    preferred_channels: list[ChannelLiteral] | None = Field(None, max_length=10)
    preferred_touchpoints: list[Id] | None = Field(None, max_length=50)
    personalisation_plan: LongText | None = None
    capacity: int | None = Field(None, ge=0, le=MAX_PERSONS)
    capacity_source: Literal["body_statistics", "rosstat"] | None = None
    capacity_as_of: dt.date | None = None
    capacity_direction: Literal["", "larger", "smaller"] | None = Field(
        None, description="larger / smaller: как ёмкость влияет на приоритет; пусто — как у органа"
    )
    satisfaction: Decimal | None = Field(None, ge=1, le=5, max_digits=3, decimal_places=2)
    satisfaction_source: Literal["survey", "interview", "focus_group", "reviews"] | None = None
    satisfaction_as_of: dt.date | None = None
    uniqueness: int | None = Field(None, ge=1, le=5)
    uniqueness_source: Literal["complaints", "interviews", "open_sources"] | None = None
    uniqueness_as_of: dt.date | None = None
    entitled_count: int | None = Field(None, ge=0, le=MAX_PERSONS)
    applicants_count: int | None = Field(None, ge=0, le=MAX_PERSONS)
    blind_zone_as_of: dt.date | None = None
    expert_priority: int | None = Field(None, ge=1, le=5)
    expert_note: ShortText | None = None


class AttributeValueIn(Schema):
    """One value, or several where the catalogue allows (``multiple``); each one of the
    attribute's allowed values (dashes, case and ё aside)."""

    value: ShortText | None = Field(None, min_length=1, max_length=200)
    values: list[Annotated[ShortText, Field(min_length=1, max_length=200)]] | None = Field(
        None, min_length=1, max_length=50
    )


class HypothesisIn(Schema):
    kind: Literal["journey", "channel"]
    statement: ShortText = Field(..., min_length=5, max_length=500)


class HypothesisCheckIn(Schema):
    status: Literal["proposed", "confirmed", "rejected"]
    evidence: LongText = ""


class BodyFilter(Schema):
    body: Slug | None = Field(None, description="Код органа; по умолчанию — орган вызывающего")


_TEXT_FIELDS = {
    "description",
    "journey_features",
    "typical_problems",
    "needs",
    "personalisation_plan",
    "capacity_source",
    "capacity_direction",
    "satisfaction_source",
    "uniqueness_source",
    "expert_note",
}


def _segment_out(fresh: Segment) -> dict[str, Any]:
    """The profile as the API shows it; ``fresh`` is loaded by the access helper after any write."""
    place, _total, priority = selectors.segment_priority(segment=fresh)
    return {
        "slug": fresh.slug,
        "code": fresh.code,
        "name": fresh.name,
        "body": fresh.body.slug,
        "description": fresh.description,
        "target": fresh.target,
        "life_situation": fresh.life_situation.slug if fresh.life_situation else None,
        "service": fresh.service.slug if fresh.service else None,
        "direction": fresh.direction,
        "is_potential": fresh.is_potential,
        "status": fresh.status,
        "review_reason": fresh.review_reason,
        "version": fresh.version,
        "problems": rules.profile_problems(fresh),
        "attributes": [
            {
                "code": a.attribute.code,
                "name": a.attribute.name,
                "value": "; ".join(a.values),  # as stored, whatever the caller's language
                "values": a.values,
                "is_special": a.attribute.is_special,
            }
            for a in fresh.attributes.all()
        ],
        "journey_features": fresh.journey_features,
        "typical_problems": fresh.typical_problems,
        "needs": fresh.needs,
        "preferred_channels": fresh.preferred_channels,
        "preferred_touchpoints": [t.pk for t in fresh.preferred_touchpoints.all()],
        "personalisation_plan": fresh.personalisation_plan,
        "hypotheses": list(fresh.hypotheses.all()),
        "respondent_count": len(fresh.respondents.all()),
        "priority": _priority_out(place, priority),
    }


def _priority_out(place: int, priority: Any) -> dict[str, Any]:
    return {
        "place": place,
        "score": priority.score,
        "missing": priority.missing,
        "terms": [
            {
                "name": t.name,
                "label": t.label,
                "value": t.raw,
                "source": t.source,
                "as_of": t.as_of,
                "share": t.share,
                "weight": t.weight,
                "points": round(t.points, 2),
            }
            for t in priority.terms
        ],
    }


@router.get(
    "/segments",
    response=list[SegmentSummary],
    auth=api_auth,
    summary="Сегменты органа в порядке приоритета (R8)",
)
def list_segments(request: HttpRequest, filters: Query[BodyFilter]) -> list[dict[str, Any]]:
    body = access.get_named_body_for_read(request_user(request), filters.body)
    return [
        {
            "slug": p.segment.slug,
            "code": p.segment.code,
            "name": p.segment.name,
            "status": p.segment.status,
            "attribute_count": p.segment.attribute_count,  # type: ignore[attr-defined]
            "is_potential": p.segment.is_potential,
            "score": p.score,
            "place": place,
        }
        for place, p in enumerate(selectors.priority_ranking(body_id=body.pk), 1)
    ]


@router.get(
    "/segments/priority",
    response=list[RankingOut],
    auth=api_auth,
    summary="Рейтинг «что изучать первым» с разбором баллов (R8)",
)
def priority_ranking(request: HttpRequest, filters: Query[BodyFilter]) -> list[dict[str, Any]]:
    body = access.get_named_body_for_read(request_user(request), filters.body)
    return [
        {
            **_priority_out(place, p),
            "segment": p.segment.slug,
            "code": p.segment.code,
            "name": p.segment.name,
        }
        for place, p in enumerate(selectors.priority_ranking(body_id=body.pk), 1)
    ]


@router.get(
    "/segment-attributes",
    response=list[AttributeOut],
    auth=api_auth,
    summary="Каталог признаков: общий и органа (R5)",
)
def list_attributes(request: HttpRequest) -> list[dict[str, Any]]:
    actor = request_user(request)
    return [
        {
            "code": a.code,
            "name": a.name,
            "source_kind": a.source_kind,
            "source_note": a.source_note,
            "is_special": a.is_special,
            "shared": a.is_shared,
            "values": a.values,
            "multiple": a.multiple,
        }
        for a in selectors.attributes_for_body(body_id=actor.body_id)
    ]


@router.get("/segments/{slug}", response=SegmentOut, auth=api_auth, summary="Профиль сегмента")
def get_segment(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    return _segment_out(access.get_segment_for_read(request_user(request), slug))


@router.post(
    "/segments", response={201: SegmentOut}, auth=api_auth, summary="Создать сегмент органа"
)
def create_segment(request: HttpRequest, payload: SegmentIn) -> Status[dict[str, Any]]:
    actor = request_user(request)
    body = access.get_body_for_write(
        actor, message=_("Сегменты создают аналитики и администраторы органа и его системы.")
    )
    life_situation = service = None
    if payload.target == "life_situation":
        life_situation = registry_selectors.life_situation_visible_to(
            payload.life_situation or "", body_id=actor.body_id
        )
    if payload.target == "service":
        service = registry_selectors.service_by_slug(payload.service or "")
    segment = services.segment_create(
        actor=actor,
        body=body,
        code=payload.code,
        name=payload.name,
        target=payload.target,
        life_situation=life_situation,
        service=service,
        direction=payload.direction or "",
        is_potential=payload.is_potential,
        description=payload.description,
    )
    return Status(201, _segment_out(access.get_segment_for_read(actor, segment.slug)))


@router.patch(
    "/segments/{slug}",
    response=SegmentOut,
    auth=api_auth,
    summary="Изменить профиль и данные приоритета (новая версия, R9)",
)
def patch_segment(request: HttpRequest, slug: Slug, payload: SegmentPatch) -> dict[str, Any]:
    actor = request_user(request)
    segment = access.get_segment_for_write(actor, slug)
    data = payload.dict(exclude_unset=True)
    reason = data.pop("reason")
    touchpoints = None
    if "preferred_touchpoints" in data:
        touchpoints = registry_selectors.touchpoints_by_ids(
            data.pop("preferred_touchpoints") or [], field="preferred_touchpoints"
        )
    if "name" in data and data["name"] is None:
        raise ValidationError({"name": "Название не может быть пустым."})
    # null clears a field: empty text for text fields, no value for figures and dates
    data = {k: ("" if v is None and k in _TEXT_FIELDS else v) for k, v in data.items()}
    if data.get("preferred_channels", []) is None:
        data["preferred_channels"] = []
    if data.get("is_potential", False) is None:
        data["is_potential"] = False
    segment = services.segment_update(
        actor=actor,
        segment=segment,
        reason=reason,
        preferred_touchpoints=touchpoints,
        **data,
    )
    return _segment_out(access.get_segment_for_read(actor, segment.slug))


def _attribute(segment: Segment, code: str) -> Attribute:
    attribute = (
        selectors.attributes_for_body(body_id=segment.body_id).filter(code=code).order_by("body")
    ).first()
    if attribute is None:
        raise ValidationError({"attribute": "Нет признака с таким кодом в каталоге."})
    return attribute


@router.put(
    "/segments/{slug}/attributes/{code}",
    response=SegmentOut,
    auth=api_auth,
    summary="Задать значение признака (R5, R6)",
)
def set_attribute(
    request: HttpRequest, slug: Slug, code: Slug, payload: AttributeValueIn
) -> dict[str, Any]:
    actor = request_user(request)
    segment = access.get_segment_for_write(actor, slug)
    services.segment_attribute_set(
        actor=actor,
        segment=segment,
        attribute=_attribute(segment, code),
        value=payload.value,
        values=payload.values,
    )
    return _segment_out(access.get_segment_for_read(actor, segment.slug))


@router.delete(
    "/segments/{slug}/attributes/{code}",
    response=SegmentOut,
    auth=api_auth,
    summary="Убрать признак из профиля",
)
def remove_attribute(request: HttpRequest, slug: Slug, code: Slug) -> dict[str, Any]:
    actor = request_user(request)
    segment = access.get_segment_for_write(actor, slug)
    services.segment_attribute_remove(
        actor=actor, segment=segment, attribute=_attribute(segment, code)
    )
    return _segment_out(access.get_segment_for_read(actor, segment.slug))


@router.post(
    "/segments/{slug}/hypotheses",
    response={201: SegmentOut},
    auth=api_auth,
    summary="Добавить гипотезу (R7)",
)
def add_hypothesis(
    request: HttpRequest, slug: Slug, payload: HypothesisIn
) -> Status[dict[str, Any]]:
    actor = request_user(request)
    segment = access.get_segment_for_write(actor, slug)
    services.hypothesis_add(
        actor=actor, segment=segment, kind=payload.kind, statement=payload.statement
    )
    return Status(201, _segment_out(access.get_segment_for_read(actor, segment.slug)))


@router.post(
    "/segments/{slug}/hypotheses/{hypothesis_id}",
    response=SegmentOut,
    auth=api_auth,
    summary="Отметить результат проверки гипотезы (R7)",
)
def check_hypothesis(
    request: HttpRequest, slug: Slug, hypothesis_id: int, payload: HypothesisCheckIn
) -> dict[str, Any]:
    actor = request_user(request)
    segment = access.get_segment_for_write(actor, slug)
    hypothesis = segment.hypotheses.filter(pk=hypothesis_id).first()
    if hypothesis is None:
        raise ValidationError({"hypothesis_id": "У сегмента нет такой гипотезы."})
    services.hypothesis_check(
        actor=actor, hypothesis=hypothesis, status=payload.status, evidence=payload.evidence
    )
    return _segment_out(access.get_segment_for_read(actor, segment.slug))


@router.post(
    "/segments/{slug}/finalise",
    response=SegmentOut,
    auth=api_auth,
    summary="Отметить профиль итоговым (R6, R7)",
)
def finalise_segment(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    actor = request_user(request)
    segment = access.get_segment_for_write(actor, slug)
    services.segment_finalise(actor=actor, segment=segment)
    return _segment_out(access.get_segment_for_read(actor, segment.slug))
