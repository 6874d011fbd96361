"""The registry API (django-ninja): public reads of what is published, and the
writes analysts and integration systems need. Handlers call the same services
and access helpers as the HTML views."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from accounts.access import request_user
from accounts.api_auth import caller, key_or_session
from accounts.models import Body, Scope, User
from lib.schema_types import LongText, ShortText, Slug
from registry import access, selectors, services
from registry.models import (
    DigitalService,
    LifeSituation,
    LifeSituationVersion,
    Need,
    Service,
    TimeZone,
    Touchpoint,
)
from registry.snapshots import build_snapshot

router = Router(tags=["registry"])
#: A key needs the «registry» scope; a signed-in person, the page rules.
api_auth = key_or_session(Scope.REGISTRY)

ClientKindLiteral = Literal["citizen", "business", "internal"]


class BodyOut(Schema):
    slug: str
    short_name: str
    name: str
    kind: str
    region: str
    website: str


class BodyRef(Schema):
    slug: str
    short_name: str
    name: str


class DigitalServiceRef(Schema):
    title: str
    url: str


class ServiceRef(Schema):
    slug: str
    title: str
    kind: str
    body: BodyRef
    is_electronic: bool
    is_proactive: bool
    waiting_days: int
    offline_preferred: bool = Field(
        False, description="не электронная: аудитория предпочитает другой формат (R30)"
    )
    waiting_target_days: int | None = Field(None, description="цель органа по сроку ожидания")
    digital_services: list[DigitalServiceRef]


class StepOut(Schema):
    position: int
    note: str
    service: ServiceRef


class NeedOut(Schema):
    id: int | None = Field(
        None, description="Номер потребности рабочей копии для PUT и DELETE; в версиях его нет"
    )
    title: str
    status: str
    reason: str
    services: list[str]


class LifeSituationOut(Schema):
    slug: str
    title: str
    summary: str
    start_event: str
    final_result: str
    time_bound_days: int
    client_kinds: list[str]
    owner_body: BodyRef
    last_reviewed_on: str
    steps: list[StepOut]
    needs: list[NeedOut]
    version: int | None = Field(None, description="Номер опубликованной версии")
    status: str = "published"


class LifeSituationSummary(Schema):
    slug: str
    title: str
    summary: str
    start_event: str
    client_kinds: list[str]
    owner_body: BodyRef
    steps_count: int
    version: int


class Page(Schema):
    count: int
    page: int
    page_size: int


class LifeSituationPage(Page):
    results: list[LifeSituationSummary]


class CatalogueFilter(Schema):
    q: ShortText = Field("", description="Поиск с учётом словоформ")
    client_kind: ClientKindLiteral | None = None
    body: Slug | None = Field(None, description="Код органа-участника")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(50, ge=1, le=200)


def _published_out(version: LifeSituationVersion) -> dict[str, Any]:
    return {**version.snapshot, "version": version.number, "status": "published"}


@router.get(
    "/life-situations", response=LifeSituationPage, summary="Опубликованные жизненные ситуации"
)
def list_life_situations(request: HttpRequest, filters: Query[CatalogueFilter]) -> dict[str, Any]:
    body = Body.objects.filter(slug=filters.body).first() if filters.body else None
    if filters.body and body is None:
        raise ValidationError({"body": "Нет органа с таким кодом."})
    versions = selectors.public_versions(
        query=filters.q, client_kind=filters.client_kind or "", body=body
    )
    count = versions.count()
    start = (filters.page - 1) * filters.page_size
    results = [
        {
            **{
                k: v.snapshot[k]
                for k in ("slug", "title", "summary", "start_event", "client_kinds", "owner_body")
            },
            "steps_count": len(v.snapshot["steps"]),
            "version": v.number,
        }
        for v in versions[start : start + filters.page_size]
    ]
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "results": results,
    }


@router.get(
    "/life-situations/{slug}",
    response=LifeSituationOut,
    summary="Жизненная ситуация: опубликованная версия или (для сотрудников органа) черновик",
)
def get_life_situation(request: HttpRequest, slug: Slug, draft: bool = False) -> dict[str, Any]:
    user = caller(request, Scope.REGISTRY, read=True)
    if draft:
        life_situation = access.get_draft_for_read(user, slug)
        return _draft_out(life_situation)
    version = selectors.public_version(slug=slug)
    if version is None:
        raise access.refuse_not_found(user, f"life_situation:{slug}")
    return _published_out(version)


def _draft_out(life_situation: LifeSituation) -> dict[str, Any]:
    fresh = selectors.life_situation_detail(slug=life_situation.slug)
    assert fresh is not None
    current = fresh.versions.filter(is_current=True).first()
    snapshot = build_snapshot(fresh)
    # the working copy's needs carry their ids, so that a change names the need itself
    ids = [need.pk for need in fresh.needs.all()]
    snapshot["needs"] = [{**n, "id": pk} for n, pk in zip(snapshot["needs"], ids, strict=True)]
    return {**snapshot, "version": current.number if current else None, "status": fresh.status}


class LifeSituationIn(Schema):
    owner_body: Slug | None = Field(
        None, description="Код органа; по умолчанию — орган вызывающего"
    )
    title: ShortText = Field(..., min_length=3)
    summary: LongText = ""
    start_event: ShortText
    final_result: ShortText
    time_bound_days: int = Field(..., ge=1, le=36500)
    client_kinds: list[ClientKindLiteral] = Field(["citizen"], min_length=1, max_length=3)
    slug: Slug | None = None


class LifeSituationPatch(Schema):
    title: ShortText | None = Field(None, min_length=3)
    summary: LongText | None = None
    start_event: ShortText | None = None
    final_result: ShortText | None = None
    time_bound_days: int | None = Field(None, ge=1, le=36500)
    client_kinds: list[ClientKindLiteral] | None = Field(None, min_length=1, max_length=3)


def _kinds(kinds: list[str]) -> dict[str, bool]:
    return {
        "for_citizens": "citizen" in kinds,
        "for_business": "business" in kinds,
        "for_internal": "internal" in kinds,
    }


def _creator(request: HttpRequest, what: str, body_slug: str | None) -> tuple[User, Body]:
    """The caller and the body a new registry object will belong to; 403 for non-editors."""
    actor = request_user(request)
    access.require_registrar(
        actor, what, _("Реестр меняют аналитики и администраторы органа и его системы.")
    )
    return actor, _owner_body(actor, body_slug)


def _owner_body(actor: User, slug: str | None) -> Body:
    if slug:
        body = Body.objects.filter(slug=slug).first()
        if body is None:
            raise ValidationError({"owner_body": "Нет органа с таким кодом."})
        return body
    if actor.body is None:
        raise ValidationError({"owner_body": "Укажите код органа."})
    return actor.body


@router.post(
    "/life-situations",
    response={201: LifeSituationOut},
    auth=api_auth,
    summary="Создать черновик жизненной ситуации",
)
def create_life_situation(request: HttpRequest, payload: LifeSituationIn) -> Status[dict[str, Any]]:
    actor, owner_body = _creator(request, "life_situation", payload.owner_body)
    life_situation = services.life_situation_create(
        actor=actor,
        owner_body=owner_body,
        title=payload.title,
        summary=payload.summary,
        start_event=payload.start_event,
        final_result=payload.final_result,
        time_bound_days=payload.time_bound_days,
        slug=payload.slug or "",
        **_kinds(list(payload.client_kinds)),
    )
    return Status(201, _draft_out(life_situation))


@router.patch(
    "/life-situations/{slug}",
    response=LifeSituationOut,
    auth=api_auth,
    summary="Изменить черновик (рабочую копию)",
)
def update_life_situation(
    request: HttpRequest, slug: Slug, payload: LifeSituationPatch
) -> dict[str, Any]:
    actor = request_user(request)
    life_situation = access.get_life_situation_for_write(actor, slug)
    fields = payload.dict(exclude_unset=True, exclude_none=True)
    kinds = fields.pop("client_kinds", None)
    if kinds is not None:
        fields.update(_kinds(kinds))
    services.life_situation_update(actor=actor, life_situation=life_situation, **fields)
    return _draft_out(life_situation)


class StepIn(Schema):
    service: Slug = Field(..., description="Код услуги или функции")
    note: ShortText = ""


@router.post(
    "/life-situations/{slug}/steps",
    response={201: LifeSituationOut},
    auth=api_auth,
    summary="Добавить шаг",
)
def add_step(request: HttpRequest, slug: Slug, payload: StepIn) -> Status[dict[str, Any]]:
    actor = request_user(request)
    life_situation = access.get_life_situation_for_write(actor, slug)
    service = Service.objects.select_related("body").filter(slug=payload.service).first()
    if service is None:
        raise ValidationError({"service": "Нет услуги или функции с таким кодом."})
    services.step_add(
        actor=actor, life_situation=life_situation, service=service, note=payload.note
    )
    return Status(201, _draft_out(life_situation))


@router.delete(
    "/life-situations/{slug}/steps/{position}",
    response=LifeSituationOut,
    auth=api_auth,
    summary="Удалить шаг по его номеру",
)
def remove_step(
    request: HttpRequest, slug: Slug, position: Annotated[int, Path(ge=1, le=1000)]
) -> dict[str, Any]:
    actor = request_user(request)
    life_situation = access.get_life_situation_for_write(actor, slug)
    step = get_object_or_404(life_situation.steps, position=position)
    services.step_remove(actor=actor, life_situation=life_situation, step_id=step.pk)
    return _draft_out(life_situation)


def _services_by_slugs(slugs: list[str]) -> list[Service]:
    """The services with these codes, every one of them, or a 422 naming ``services``."""
    found = list(Service.objects.filter(slug__in=slugs))
    missing = set(slugs) - {s.slug for s in found}
    if missing:
        raise ValidationError({"services": f"Нет услуг с кодами: {', '.join(sorted(missing))}."})
    return found


class NeedIn(Schema):
    title: ShortText = Field(..., min_length=3)
    status: Literal["met", "in_work", "cannot"]
    reason: LongText = ""
    services: list[Slug] = Field([], max_length=50)


@router.post(
    "/life-situations/{slug}/needs",
    response={201: LifeSituationOut},
    auth=api_auth,
    summary="Добавить типовую потребность",
)
def add_need(request: HttpRequest, slug: Slug, payload: NeedIn) -> Status[dict[str, Any]]:
    actor = request_user(request)
    life_situation = access.get_life_situation_for_write(actor, slug)
    found = _services_by_slugs(payload.services)
    services.need_add(
        actor=actor,
        life_situation=life_situation,
        title=payload.title,
        status=payload.status,
        reason=payload.reason,
        services=found,
    )
    return Status(201, _draft_out(life_situation))


def _need(life_situation: LifeSituation, need_id: int) -> Need:
    """The working copy's need by its ``id``; another situation's or none is a 404."""
    return get_object_or_404(life_situation.needs, pk=need_id)


NeedId = Annotated[int, Path(ge=1, description="id потребности из needs рабочей копии")]


@router.put(
    "/life-situations/{slug}/needs/{need_id}",
    response=LifeSituationOut,
    auth=api_auth,
    summary="Изменить типовую потребность",
)
def update_need(
    request: HttpRequest, slug: Slug, need_id: NeedId, payload: NeedIn
) -> dict[str, Any]:
    """The whole need anew (title, status, reason, services); the same checks as adding
    it (R4, R23) — a refused one changes nothing."""
    actor = request_user(request)
    life_situation = access.get_life_situation_for_write(actor, slug)
    need = _need(life_situation, need_id)
    found = _services_by_slugs(payload.services)
    services.need_update(
        actor=actor,
        need=need,
        title=payload.title,
        status=payload.status,
        reason=payload.reason,
        services=found,
    )
    return _draft_out(life_situation)


@router.delete(
    "/life-situations/{slug}/needs/{need_id}",
    response=LifeSituationOut,
    auth=api_auth,
    summary="Убрать типовую потребность",
)
def remove_need(request: HttpRequest, slug: Slug, need_id: NeedId) -> dict[str, Any]:
    """Remove a need of the working copy (audited); citizens see it gone after the next
    publication."""
    actor = request_user(request)
    life_situation = access.get_life_situation_for_write(actor, slug)
    services.need_remove(actor=actor, need=_need(life_situation, need_id))
    return _draft_out(life_situation)


class PublishIn(Schema):
    comment: ShortText = ""


@router.post(
    "/life-situations/{slug}/publish",
    response=LifeSituationOut,
    auth=api_auth,
    summary="Опубликовать рабочую копию как новую версию",
)
def publish(request: HttpRequest, slug: Slug, payload: PublishIn) -> dict[str, Any]:
    actor = request_user(request)
    life_situation = access.get_life_situation_for_write(actor, slug)
    version = services.life_situation_publish(
        actor=actor, life_situation=life_situation, comment=payload.comment
    )
    return _published_out(version)


class ServiceOut(Schema):
    slug: str
    title: str
    kind: str
    body: BodyRef
    description: str
    legal_basis: str
    is_electronic: bool
    is_proactive: bool
    documents_to_bring: str
    other_services_required: str
    one_window: bool
    waiting_days: int
    offline_preferred: bool
    offline_reason: str
    waiting_target_days: int | None
    who_can_get: str
    cost: str
    apply_url: str


class ServiceFilter(Schema):
    q: ShortText = ""
    body: Slug | None = None
    kind: Literal["service", "function"] | None = None


@router.get("/services", response=list[ServiceOut], summary="Услуги и функции")
def list_services(request: HttpRequest, filters: Query[ServiceFilter]) -> Any:
    body = Body.objects.filter(slug=filters.body).first() if filters.body else None
    if filters.body and body is None:
        raise ValidationError({"body": "Нет органа с таким кодом."})
    return selectors.services_list(query=filters.q, body=body, kind=filters.kind or "")


@router.get("/services/{slug}", response=ServiceOut, summary="Услуга или функция")
def get_service(request: HttpRequest, slug: Slug) -> Service:
    return access.get_service_for_read(caller(request, Scope.REGISTRY, read=True), slug)


class ServiceIn(Schema):
    body: Slug | None = None
    title: ShortText = Field(..., min_length=3)
    kind: Literal["service", "function"] = "service"
    slug: Slug | None = None
    description: LongText = ""
    legal_basis: LongText = ""
    is_electronic: bool = False
    is_proactive: bool = False
    documents_to_bring: LongText = ""
    other_services_required: LongText = ""
    one_window: bool = False
    waiting_days: int = Field(0, ge=0, le=3650)
    offline_preferred: bool = Field(
        False, description="Не электронная: аудитория предпочитает другой формат (R30)"
    )
    offline_reason: LongText = ""
    waiting_target_days: int | None = Field(None, ge=0, le=3650)
    who_can_get: LongText = ""
    cost: ShortText = Field("", max_length=200)
    apply_url: ShortText = Field("", max_length=500)


@router.post(
    "/services",
    response={201: ServiceOut},
    auth=api_auth,
    summary="Зарегистрировать услугу или функцию",
)
def create_service(request: HttpRequest, payload: ServiceIn) -> Status[Service]:
    data = payload.dict()
    actor, body = _creator(request, "service", data.pop("body"))
    service = services.service_create(actor=actor, body=body, slug=data.pop("slug") or "", **data)
    return Status(201, service)


@router.get("/bodies", response=list[BodyOut], summary="Органы")
def list_bodies(request: HttpRequest) -> Any:
    return selectors.bodies_list()


class TouchpointOut(Schema):
    id: int
    kind: str
    title: str
    address: str
    url: str
    time_zone: str
    body: BodyRef
    phone: str
    open_24_7: bool
    opening_hours: dict[str, list[list[str]]] = Field(
        ..., description="День недели («0» — пн … «6» — вс) → промежутки [«09:00», «18:00»]"
    )
    accessibility: list[str]
    languages: list[str]
    guest_wifi: bool
    transport_stop: str
    services: list[str] = Field(..., description="Коды услуг и функций, которые здесь получают")

    @staticmethod
    def resolve_services(obj: Touchpoint) -> list[str]:
        return [s.slug for s in obj.services.all()]


class TouchpointFilter(Schema):
    body: Slug | None = None
    kind: Literal[tuple(Touchpoint.Kind.values)] | None = None  # type: ignore[valid-type]


@router.get("/touchpoints", response=list[TouchpointOut], summary="Точки взаимодействия")
def list_touchpoints(request: HttpRequest, filters: Query[TouchpointFilter]) -> Any:
    body = Body.objects.filter(slug=filters.body).first() if filters.body else None
    if filters.body and body is None:
        raise ValidationError({"body": "Нет органа с таким кодом."})
    return selectors.touchpoints_list(body=body, kind=filters.kind or "")


class TouchpointIn(Schema):
    body: Slug | None = None
    kind: Literal[tuple(Touchpoint.Kind.values)]  # type: ignore[valid-type]
    title: ShortText = Field(..., min_length=3)
    address: ShortText = ""
    url: ShortText = Field("", max_length=200, pattern=r"^(https?://\S+)?$")
    time_zone: Literal[tuple(TimeZone.values)] = Field(  # type: ignore[valid-type]
        "Europe/Moscow", description="Часовой пояс офиса (IANA), по нему — время приёма"
    )


@router.post(
    "/touchpoints",
    response={201: TouchpointOut},
    auth=api_auth,
    summary="Зарегистрировать точку взаимодействия",
)
def create_touchpoint(request: HttpRequest, payload: TouchpointIn) -> Status[Touchpoint]:
    actor, body = _creator(request, "touchpoint", payload.body)
    touchpoint = services.touchpoint_create(
        actor=actor,
        body=body,
        kind=payload.kind,
        title=payload.title,
        address=payload.address,
        url=payload.url,
        time_zone=payload.time_zone,
    )
    return Status(201, touchpoint)


TimeText = Annotated[str, Field(pattern=r"^([01]\d|2[0-4]):[0-5]\d$")]


class PlaceIn(Schema):
    """The whole place anew (the kind and the body stay)."""

    title: ShortText = Field(..., min_length=3)
    address: ShortText = ""
    url: ShortText = Field("", max_length=200, pattern=r"^(https?://\S+)?$")
    time_zone: Literal[tuple(TimeZone.values)] = "Europe/Moscow"  # type: ignore[valid-type]
    phone: str = Field("", max_length=40)
    open_24_7: bool = False
    opening_hours: dict[
        Literal["0", "1", "2", "3", "4", "5", "6"],
        list[Annotated[list[TimeText], Field(min_length=2, max_length=2)]],
    ] = Field({}, description="День недели («0» — пн … «6» — вс) → промежутки [«09:00», «18:00»]")
    accessibility: list[Literal[tuple(Touchpoint.Accessibility.values)]] = Field(  # type: ignore[valid-type]
        [], max_length=20
    )
    languages: list[Annotated[str, Field(max_length=40)]] = Field([], max_length=20)
    guest_wifi: bool = False
    transport_stop: ShortText = ""
    services: list[Slug] = Field([], max_length=500)


@router.get("/touchpoints/{touchpoint_id}", response=TouchpointOut, summary="Точка взаимодействия")
def get_touchpoint(request: HttpRequest, touchpoint_id: int) -> Touchpoint:
    return access.get_touchpoint_for_read(request.user, touchpoint_id)


@router.put(
    "/touchpoints/{touchpoint_id}",
    response=TouchpointOut,
    auth=api_auth,
    summary="Изменить сведения о месте: часы, доступность, языки, услуги",
)
def update_touchpoint(request: HttpRequest, touchpoint_id: int, payload: PlaceIn) -> Touchpoint:
    actor = request_user(request)
    touchpoint = access.get_touchpoint_for_write(actor, touchpoint_id)
    found = _services_by_slugs(payload.services)
    services.touchpoint_update(
        actor=actor,
        touchpoint=touchpoint,
        title=payload.title,
        address=payload.address,
        url=payload.url,
        time_zone=payload.time_zone,
        phone=payload.phone,
        open_24_7=payload.open_24_7,
        opening_hours={str(day): hours for day, hours in payload.opening_hours.items()},
        accessibility=list(payload.accessibility),
        languages=payload.languages,
        guest_wifi=payload.guest_wifi,
        transport_stop=payload.transport_stop,
        services=found,
    )
    return access.get_touchpoint_for_read(actor, touchpoint_id)


class NeedStatusOut(Schema):
    status: str
    label: str


@router.get("/need-statuses", response=list[NeedStatusOut], summary="Статусы потребностей (R4)")
def need_statuses(request: HttpRequest) -> list[dict[str, str]]:
    return [{"status": value, "label": str(label)} for value, label in Need.Status.choices]


class DigitalServiceOut(Schema):
    id: int
    title: str
    url: str
    body: BodyRef
    implements: list[str] = Field(description="коды услуг и функций, которые сервис реализует")


class DigitalServiceUpdate(Schema):
    """The whole digital service, as PUT replaces it: an address left out is no address."""

    title: ShortText = Field(..., min_length=3, max_length=300)
    url: ShortText = Field("", max_length=200, description="https://…")
    implements: list[Slug] = Field(
        ..., min_length=1, max_length=200, description="коды услуг и функций (любых органов)"
    )


class DigitalServiceIn(DigitalServiceUpdate):
    body: Slug | None = Field(None, description="код органа-владельца; по умолчанию — ваш")


def _digital_out(digital: DigitalService) -> dict[str, Any]:
    return {
        "id": digital.pk,
        "title": digital.title,
        "url": digital.url,
        "body": digital.body,
        "implements": [s.slug for s in digital.implements.all()],
    }


class DigitalServiceFilter(Schema):
    body: Slug | None = None


@router.get("/digital-services", response=list[DigitalServiceOut], summary="Цифровые сервисы (R2)")
def list_digital_services(
    request: HttpRequest, filters: Query[DigitalServiceFilter]
) -> list[dict[str, Any]]:
    body = Body.objects.filter(slug=filters.body).first() if filters.body else None
    if filters.body and body is None:
        raise ValidationError({"body": "Нет органа с таким кодом."})
    return [_digital_out(d) for d in selectors.digital_services_list(body=body)]


@router.post(
    "/digital-services",
    response={201: DigitalServiceOut},
    auth=api_auth,
    summary="Зарегистрировать цифровой сервис",
)
def create_digital_service(
    request: HttpRequest, payload: DigitalServiceIn
) -> Status[dict[str, Any]]:
    actor, body = _creator(request, "digital_service", payload.body)
    digital = services.digital_service_create(
        actor=actor, body=body, title=payload.title, url=payload.url,
        implements=selectors.services_by_slugs(payload.implements, field="implements"),
    )  # fmt: skip
    fresh = selectors.digital_service_detail(pk=digital.pk)
    assert fresh is not None
    return Status(201, _digital_out(fresh))


@router.put(
    "/digital-services/{digital_id}",
    response=DigitalServiceOut,
    auth=api_auth,
    summary="Изменить цифровой сервис",
)
def update_digital_service(
    request: HttpRequest, digital_id: int, payload: DigitalServiceUpdate
) -> dict[str, Any]:
    actor = request_user(request)
    digital = access.get_digital_service_for_write(actor, digital_id)
    services.digital_service_update(
        actor=actor, digital=digital, title=payload.title, url=payload.url,
        implements=selectors.services_by_slugs(payload.implements, field="implements"),
    )  # fmt: skip
    fresh = selectors.digital_service_detail(pk=digital.pk)
    assert fresh is not None
    return _digital_out(fresh)
