"""Reads of the registry, with related rows loaded up front."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.access import AnyUser, is_staff_of
from accounts.models import Body, Role, User
from lib.morph import lemmas
from registry.models import (
    LifeSituation,
    LifeSituationVersion,
    Need,
    Service,
    Step,
    Touchpoint,
)


def _with_related(queryset: QuerySet[LifeSituation]) -> QuerySet[LifeSituation]:
    return queryset.select_related("owner_body").prefetch_related(
        Prefetch(
            "steps",
            queryset=Step.objects.select_related("service__body").prefetch_related(
                "service__digital_services"
            ),
        ),
        Prefetch("needs", queryset=Need.objects.prefetch_related("services")),
    )


def life_situation_detail(*, slug: str) -> LifeSituation | None:
    return _with_related(LifeSituation.objects.filter(slug=slug)).first()


_KIND_FIELD = {"citizen": "citizens", "business": "business", "internal": "internal"}


def life_situations_for_user(
    *, user: AnyUser, query: str = "", status: str = ""
) -> QuerySet[LifeSituation]:
    """What a user may see in the working list: every published one, plus their body's drafts."""
    situations = LifeSituation.objects.all()
    if isinstance(user, User) and user.role == Role.PLATFORM_ADMIN:
        pass
    elif isinstance(user, User) and is_staff_of(user, user.body_id):
        situations = situations.visible_to_body(user.body_id)
    else:
        situations = situations.published()
    if query.strip():
        situations = situations.filter(title__icontains=query.strip())
    if status:
        situations = situations.filter(status=status)
    return situations.select_related("owner_body").order_by("title")


def services_list(
    *, query: str = "", body: Body | None = None, kind: str = ""
) -> QuerySet[Service]:
    services = Service.objects.select_related("body")
    if query.strip():
        services = services.filter(title__icontains=query.strip())
    if body is not None:
        services = services.filter(body=body)
    if kind:
        services = services.filter(kind=kind)
    return services


def service_detail(*, slug: str) -> Service | None:
    return (
        Service.objects.select_related("body")
        .prefetch_related("digital_services", "steps__life_situation")
        .filter(slug=slug)
        .first()
    )


def bodies_list() -> QuerySet[Body]:
    return Body.objects.all()


def touchpoints_list(*, body: Body | None = None, kind: str = "") -> QuerySet[Touchpoint]:
    touchpoints = Touchpoint.objects.select_related("body")
    if body is not None:
        touchpoints = touchpoints.filter(body=body)
    if kind:
        touchpoints = touchpoints.filter(kind=kind)
    return touchpoints


def versions_of(*, life_situation: LifeSituation) -> QuerySet[LifeSituationVersion]:
    return life_situation.versions.select_related("published_by")


def public_versions(
    *, query: str = "", client_kind: str = "", body: Body | None = None
) -> QuerySet[LifeSituationVersion]:
    """The current published version of every published life situation: what clients see."""
    versions = LifeSituationVersion.objects.public()
    if query.strip():
        condition = Q()
        for item in lemmas(query):
            condition &= Q(search_document__contains=f" {item} ")
        versions = versions.filter(condition)
    if client_kind:
        versions = versions.filter(**{f"life_situation__for_{_KIND_FIELD[client_kind]}": True})
    if body is not None:
        versions = versions.filter(
            Q(life_situation__owner_body=body) | Q(life_situation__steps__service__body=body)
        ).distinct()
    return versions.order_by("life_situation__title")


def public_version(*, slug: str) -> LifeSituationVersion | None:
    return LifeSituationVersion.objects.public().filter(life_situation__slug=slug).first()


def touchpoints_by_ids(ids: list[int], *, field: str = "touchpoints") -> list[Touchpoint]:
    """The touchpoints with these ids, every one of them, or a ValidationError naming
    ``field`` (for APIs that take a list of ids)."""
    found = list(Touchpoint.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({field: _("Нет точек взаимодействия с такими id.")})
    return found


def services_by_slugs(slugs: list[str], *, field: str = "services") -> list[Service]:
    """The services with these codes, every one of them, or a ValidationError naming ``field``."""
    found = list(Service.objects.filter(slug__in=slugs))
    if len(found) != len(set(slugs)):
        raise ValidationError({field: _("Нет услуг с такими кодами.")})
    return found


def published_life_situation(slug: str, *, field: str = "life_situation") -> LifeSituation:
    """A published life situation by its code, or a field error naming ``field`` — what
    clients may consent to, rate or be offered (another app's API or form asks this)."""
    found = LifeSituation.objects.published().filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: _("Жизненная ситуация не найдена.")})
    return found


def service_by_slug(slug: str, *, field: str = "service") -> Service:
    """A service or function of the registry by its code, or a field error naming ``field``."""
    found = Service.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: _("Услуга не найдена.")})
    return found
