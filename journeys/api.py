"""Journey maps API (R11–R13): a body's maps and their stages, the AS IS / TO BE
comparison and the live ratings per stage. Maps are the body's working material: every
endpoint needs a key or a session of its staff; handlers call the same services and
access helpers as the pages."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from accounts.access import request_user
from accounts.api_auth import key_or_session
from accounts.models import Scope
from journeys import access, selectors, services
from journeys.compare import compare
from journeys.models import JourneyMap, Stage
from lib.schema_types import Id, LongText, ShortText, Slug
from registry import selectors as registry_selectors
from segments import selectors as segments_selectors

router = Router(tags=["journeys"])
#: A key needs the «journeys» scope; a signed-in person, the page rules.
api_auth = key_or_session(Scope.JOURNEYS)


class StageOut(Schema):
    id: int
    order: int
    title: str
    goal: str
    actions: str
    expectations: str
    emotion: int
    emotion_score: int | None
    score: int
    pains: str
    positives: str
    recommendations: str
    advice: str
    touchpoints: list[int]
    services: list[str]
    minutes: int | None
    cost: Decimal | None
    origin: int | None


class MapOut(Schema):
    id: int
    title: str
    kind: Literal["as_is", "to_be"]
    status: Literal["draft", "published"]
    segment: str
    variant: str
    service: str | None
    life_situation: str | None
    base: int | None
    stages: list[StageOut]


class MapIn(Schema):
    title: ShortText = ""
    segment: Slug = Field(..., description="Код (slug) сегмента органа")
    variant: ShortText = Field(..., description="Вариант процесса, например «онлайн»")
    service: Slug | None = Field(None, description="Код услуги — или life_situation")
    life_situation: Slug | None = Field(None, description="Адрес жизненной ситуации")


class MapPatch(Schema):
    title: ShortText | None = None
    segment: Slug | None = None
    variant: ShortText | None = None


class StageIn(Schema):
    title: ShortText
    goal: LongText = Field(..., description="Цель клиента (обязательно, R11)")
    actions: LongText = Field(..., description="Действия клиента (обязательно, R11)")
    expectations: LongText = ""
    emotion: Literal[-1, 0, 1] = 0
    emotion_score: int | None = Field(None, ge=1, le=5)
    pains: LongText = ""
    positives: LongText = ""
    recommendations: LongText = ""
    advice: LongText = Field("", description="Что сделать на этапе — текст для граждан")
    touchpoints: list[Id] = Field(default_factory=list, max_length=50)
    services: list[Slug] | None = Field(None, max_length=50)
    minutes: int | None = Field(None, ge=0, le=525_600)
    cost: Decimal | None = Field(None, ge=0, lt=Decimal(10) ** 10, decimal_places=2)
    position: int | None = Field(None, ge=1, description="Место этапа, с 1; по умолчанию — в конец")


class StagePatch(Schema):
    title: ShortText | None = None
    goal: LongText | None = None
    actions: LongText | None = None
    expectations: LongText | None = None
    emotion: Literal[-1, 0, 1] | None = None
    emotion_score: int | None = Field(None, ge=1, le=5)
    pains: LongText | None = None
    positives: LongText | None = None
    recommendations: LongText | None = None
    advice: LongText | None = None
    touchpoints: list[Id] | None = Field(None, max_length=50)
    services: list[Slug] | None = Field(None, max_length=50)
    minutes: int | None = Field(None, ge=0, le=525_600)
    cost: Decimal | None = Field(None, ge=0, lt=Decimal(10) ** 10, decimal_places=2)


def _stage_out(stage: Stage) -> dict[str, Any]:
    return {
        "id": stage.pk,
        "order": stage.order,
        "title": stage.title,
        "goal": stage.goal,
        "actions": stage.actions,
        "expectations": stage.expectations,
        "emotion": stage.emotion,
        "emotion_score": stage.emotion_score,
        "score": stage.score,
        "pains": stage.pains,
        "positives": stage.positives,
        "recommendations": stage.recommendations,
        "advice": stage.advice,
        "touchpoints": [t.pk for t in stage.touchpoints.all()],
        "services": [s.slug for s in stage.services.all()],
        "minutes": stage.minutes,
        "cost": stage.cost,
        "origin": stage.origin_id,
    }


def _map_out(journey_map: JourneyMap) -> dict[str, Any]:
    """A loaded map (``selectors.map_detail`` or ``maps_with_stages``) as the API shows it."""
    return {
        "id": journey_map.pk,
        "title": journey_map.title,
        "kind": journey_map.kind,
        "status": journey_map.status,
        "segment": journey_map.segment.slug,
        "variant": journey_map.variant,
        "service": journey_map.service.slug if journey_map.service else None,
        "life_situation": journey_map.life_situation.slug if journey_map.life_situation else None,
        "base": journey_map.base_id,
        "stages": [_stage_out(s) for s in journey_map.stages.all()],
    }


def _read(user: Any, pk: int) -> dict[str, Any]:
    return _map_out(access.get_map_for_read(user, pk))


def _touchpoints(ids: list[int] | None) -> list[registry_selectors.Touchpoint] | None:
    return None if ids is None else registry_selectors.touchpoints_by_ids(ids)


def _services(slugs: list[str] | None) -> list[registry_selectors.Service] | None:
    return None if slugs is None else registry_selectors.services_by_slugs(slugs)


@router.get("/journey-maps", response=list[MapOut], auth=api_auth, summary="Карты пути органа")
def list_maps(request: HttpRequest) -> list[dict[str, Any]]:
    user = request_user(request)
    body = access.get_body_for_read(user)
    return [_map_out(m) for m in selectors.maps_with_stages(body.pk)]


@router.post(
    "/journey-maps", response={201: MapOut}, auth=api_auth, summary="Создать карту AS IS (R12)"
)
def create_map(request: HttpRequest, payload: MapIn) -> Status[dict[str, Any]]:
    user = request_user(request)
    body = access.get_body_for_write(user)
    service = life_situation = None
    if payload.service:
        service = registry_selectors.service_by_slug(payload.service)
    if payload.life_situation:
        life_situation = registry_selectors.life_situation_visible_to(
            payload.life_situation, body_id=body.pk
        )
    journey_map = services.map_create(
        actor=user,
        body=body,
        title=payload.title,
        segment=segments_selectors.segment_of_body(payload.segment, body_id=body.pk),
        variant=payload.variant,
        service=service,
        life_situation=life_situation,
    )
    return Status(201, _read(user, journey_map.pk))


@router.get("/journey-maps/{pk}", response=MapOut, auth=api_auth, summary="Карта с этапами")
def get_map(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _read(request_user(request), pk)


@router.patch(
    "/journey-maps/{pk}",
    response=MapOut,
    auth=api_auth,
    summary="Изменить название, сегмент или вариант",
)
def patch_map(request: HttpRequest, pk: int, payload: MapPatch) -> dict[str, Any]:
    user = request_user(request)
    journey_map = access.get_map_for_write(user, pk)
    data = payload.dict(exclude_unset=True)
    if "segment" in data:
        data["segment"] = segments_selectors.segment_of_body(
            data["segment"] or "", body_id=journey_map.body_id
        )
    for name in ("title", "variant"):
        if name in data and data[name] is None:
            raise ValidationError({name: "Это поле не может быть пустым."})
    services.map_update(actor=user, journey_map=journey_map, **data)
    return _read(user, pk)


@router.post(
    "/journey-maps/{pk}/to-be",
    response={201: MapOut},
    auth=api_auth,
    summary="Сделать карту TO BE из AS IS",
)
def make_to_be(request: HttpRequest, pk: int) -> Status[dict[str, Any]]:
    user = request_user(request)
    to_be = services.map_make_to_be(actor=user, journey_map=access.get_map_for_write(user, pk))
    return Status(201, _read(user, to_be.pk))


@router.post(
    "/journey-maps/{pk}/publish",
    response=MapOut,
    auth=api_auth,
    summary="Опубликовать (карта жизненной ситуации — на её публичной странице)",
)
def publish_map(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = request_user(request)
    services.map_publish(actor=user, journey_map=access.get_map_for_write(user, pk))
    return _read(user, pk)


class TotalsOut(Schema):
    stages: int
    touchpoints: int
    minutes: int | None
    cost: Decimal | None


class StageChangeOut(Schema):
    title: str
    status: Literal["added", "removed", "changed", "same"]
    fields: list[str]
    emotion_before: int | None
    emotion_after: int | None
    emotion_delta: int | None
    pains_removed: list[str]


class ComparisonOut(Schema):
    as_is: int
    to_be: int
    added: int
    removed: int
    changed: int
    before: TotalsOut
    after: TotalsOut
    pains_removed: list[str]
    stages: list[StageChangeOut]


class OverlayOut(Schema):
    stage: int
    title: str
    emotion_score: int
    n: int
    csat: float | None
    contradicts: bool


@router.get(
    "/journey-maps/{pk}/comparison",
    auth=api_auth,
    response=ComparisonOut,
    summary="TO BE против AS IS: этапы добавлены, убраны, изменены; эмоции, боли, итоги",
)
def comparison(request: HttpRequest, pk: int) -> dict[str, Any]:
    user = request_user(request)
    to_be = access.get_map_for_read(user, pk)
    if to_be.base_id is None:
        raise ValidationError({"id": "Это карта AS IS: сравнение строится для карты TO BE."})
    as_is = access.get_map_for_read(user, to_be.base_id)
    result = compare(selectors.snapshot(as_is)["stages"], selectors.snapshot(to_be)["stages"])
    return {
        "as_is": as_is.pk,
        "to_be": to_be.pk,
        "added": result.added,
        "removed": result.removed,
        "changed": result.changed,
        "before": asdict(result.before),
        "after": asdict(result.after),
        "pains_removed": result.pains_removed,
        "stages": [
            {
                "title": row.title,
                "status": row.status,
                "fields": row.fields,
                "emotion_before": row.before["score"] if row.before else None,
                "emotion_after": row.after["score"] if row.after else None,
                "emotion_delta": row.emotion_delta,
                "pains_removed": row.pains_removed,
            }
            for row in result.rows
        ],
    }


class OverlayQuery(Schema):
    months: int = Field(12, ge=1, le=24, description="За сколько последних месяцев оценки")


@router.get(
    "/journey-maps/{pk}/overlay",
    auth=api_auth,
    response=list[OverlayOut],
    summary="Оценки клиентов по этапам: CSAT, n, расхождение с картой",
)
def overlay(request: HttpRequest, pk: int, query: Query[OverlayQuery]) -> list[dict[str, Any]]:
    journey_map = access.get_map_for_read(request_user(request), pk)
    found = selectors.overlay(journey_map, query.months)
    rows = []
    for stage in journey_map.stages.all():
        rating = found[stage.pk]
        mean = rating.figures.csat.mean
        rows.append(
            {
                "stage": stage.pk,
                "title": stage.title,
                "emotion_score": stage.score,
                "n": rating.n,
                "csat": round(mean, 2) if rating.shown and mean is not None else None,
                "contradicts": rating.contradicts,
            }
        )
    return rows


@router.post(
    "/journey-maps/{pk}/stages",
    response={201: StageOut},
    auth=api_auth,
    summary="Добавить этап (цель и действия обязательны, R11)",
)
def add_stage(request: HttpRequest, pk: int, payload: StageIn) -> Status[dict[str, Any]]:
    user = request_user(request)
    journey_map = access.get_map_for_write(user, pk)
    data = payload.dict()
    stage = services.stage_create(
        actor=user,
        journey_map=journey_map,
        touchpoints=_touchpoints(data.pop("touchpoints")),
        services=_services(data.pop("services")),
        position=data.pop("position"),
        **data,
    )
    fresh = access.get_stage_for_write(user, pk, stage.pk)
    return Status(201, _stage_out(fresh))


@router.patch(
    "/journey-maps/{pk}/stages/{stage_pk}",
    response=StageOut,
    auth=api_auth,
    summary="Изменить этап (любые линии карты)",
)
def patch_stage(
    request: HttpRequest, pk: int, stage_pk: int, payload: StagePatch
) -> dict[str, Any]:
    user = request_user(request)
    stage = access.get_stage_for_write(user, pk, stage_pk)
    data = payload.dict(exclude_unset=True)
    for name in ("title", "goal", "actions", "emotion"):
        if name in data and data[name] is None:
            raise ValidationError({name: "Это поле не может быть пустым."})
    for name in ("expectations", "pains", "positives", "recommendations", "advice"):
        if name in data and data[name] is None:
            data[name] = ""
    touchpoints = _touchpoints(data.pop("touchpoints", None))
    linked = _services(data.pop("services", None))
    services.stage_update(actor=user, stage=stage, touchpoints=touchpoints, services=linked, **data)
    return _stage_out(access.get_stage_for_write(user, pk, stage_pk))


@router.delete(
    "/journey-maps/{pk}/stages/{stage_pk}",
    response={204: None},
    auth=api_auth,
    summary="Удалить этап",
)
def delete_stage(request: HttpRequest, pk: int, stage_pk: int) -> Status[None]:
    user = request_user(request)
    services.stage_delete(actor=user, stage=access.get_stage_for_write(user, pk, stage_pk))
    return Status(204, None)
