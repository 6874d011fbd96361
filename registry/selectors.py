"""Reads of the registry, with related rows loaded up front."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.access import AnyUser, is_staff_of
from accounts.models import Body, Role, User
from lib.morph import lemmas, query_lemmas
from registry.models import (
    DigitalService,
    LifeSituation,
    LifeSituationVersion,
    Need,
    SearchSynonym,
    Step,
)
from registry.models import Service as Service
from registry.models import Touchpoint as Touchpoint

# Service and Touchpoint are named here (``X as X``) for other apps' annotations: their
# pages, forms and APIs read the registry through the functions below and never import
# registry.models (.importlinter). The name only: every read they need is a function here.


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
    touchpoints = Touchpoint.objects.select_related("body").prefetch_related(
        Prefetch("services", queryset=Service.objects.order_by("slug"))
    )
    if body is not None:
        touchpoints = touchpoints.filter(body=body)
    if kind:
        touchpoints = touchpoints.filter(kind=kind)
    return touchpoints


def touchpoint_detail(*, pk: int) -> Touchpoint | None:
    """One place with its body and the services delivered there (their bodies too)."""
    return (
        Touchpoint.objects.select_related("body")
        .prefetch_related(
            Prefetch("services", queryset=Service.objects.select_related("body").order_by("title"))
        )
        .filter(pk=pk)
        .first()
    )


def services_deliverable_at(touchpoint: Touchpoint) -> QuerySet[Service]:
    """What a place may say it delivers: its body's own services — or any body's at a
    one-window place, and at any place of a one-window body (МФЦ: its call centre too)."""
    found = Service.objects.select_related("body").order_by("body__short_name", "title")
    if touchpoint.kind == Touchpoint.Kind.ONE_WINDOW or touchpoint.body.kind == Body.Kind.MFC:
        return found
    return found.filter(body_id=touchpoint.body_id)


def places_of(service: Service) -> list[Touchpoint]:
    """Where a person gets the service: the places that say they deliver it, nearest
    kinds first (in person, then by phone and online), then by title."""
    order = {k: i for i, k in enumerate(Touchpoint.Kind.values)}
    found = list(service.places.select_related("body"))
    in_person = Touchpoint.IN_PERSON_KINDS
    return sorted(found, key=lambda t: (t.kind not in in_person, order[t.kind], t.title))


def places_by_service(slugs: list[str]) -> dict[str, list[Touchpoint]]:
    """Where each of these services is delivered (one query), in-person places first, as
    ``places_of`` orders them: for the steps of a life situation's page."""
    order = {k: i for i, k in enumerate(Touchpoint.Kind.values)}
    found: dict[str, list[Touchpoint]] = {slug: [] for slug in slugs}
    through = Touchpoint.services.through.objects.filter(service__slug__in=slugs)
    for row in through.select_related("touchpoint", "service"):
        found[row.service.slug].append(row.touchpoint)
    in_person = Touchpoint.IN_PERSON_KINDS
    for places in found.values():
        places.sort(key=lambda t: (t.kind not in in_person, order[t.kind], t.title))
    return found


def places_open_data() -> QuerySet[Touchpoint]:
    """Every touchpoint with what open data publishes about it (R3, R29)."""
    return (
        Touchpoint.objects.select_related("body")
        .prefetch_related(Prefetch("services", queryset=Service.objects.order_by("slug")))
        .order_by("body__short_name", "title", "pk")
    )


def digital_services_list(*, body: Body | None = None) -> QuerySet[DigitalService]:
    """Digital services (R2) — all, or one body's — with their body and what they implement."""
    digital = DigitalService.objects.select_related("body").prefetch_related(
        Prefetch("implements", queryset=Service.objects.select_related("body").order_by("title"))
    )
    return digital.filter(body=body) if body is not None else digital


def digital_services_of_others_for(*, body: Body) -> QuerySet[DigitalService]:
    """Other bodies' digital services that implement this body's services or functions
    (R2): a body sees who offers its services online, though it does not keep them."""
    return (
        digital_services_list()
        .filter(implements__body=body)
        .exclude(body=body)
        .distinct()
        .order_by("title")
    )


def digital_service_detail(*, pk: int) -> DigitalService | None:
    return digital_services_list().filter(pk=pk).first()


def services_to_implement() -> QuerySet[Service]:
    """What a digital service may implement: any body's service or function (one portal
    delivers many bodies' services), with the body for its label."""
    return Service.objects.select_related("body").order_by("body__short_name", "title")


def versions_of(*, life_situation: LifeSituation) -> QuerySet[LifeSituationVersion]:
    return life_situation.versions.select_related("published_by")


def search_condition(query: str) -> Q | None:
    """Every meaningful word of ``query`` in any form, or a synonym of it that the bodies
    keep (``SearchSynonym``: «переехал» → «переезд», «детсад» → «детский сад»); None when
    the query holds no word at all."""
    wanted = query_lemmas(query)
    if not wanted:
        return None
    meanings: dict[str, list[list[str]]] = {}
    for synonym in SearchSynonym.objects.filter(word_lemma__in=wanted):
        meanings.setdefault(synonym.word_lemma, []).append(lemmas(synonym.means))
    condition = Q()
    for item in wanted:
        either = Q(search_document__contains=f" {item} ")
        for phrase in meanings.get(item, []):
            every = Q()
            for part in phrase:
                every &= Q(search_document__contains=f" {part} ")
            either |= every
        condition &= either
    return condition


def synonyms_for(*, body_id: int | None) -> QuerySet[SearchSynonym]:
    """The synonyms a body keeps, and the shared ones that come with the product."""
    return SearchSynonym.objects.filter(Q(body_id=body_id) | Q(body__isnull=True)).order_by("word")


def published_client_kinds() -> list[str]:
    """The kinds of client at least one published life situation is for (one query: the
    few distinct combinations of the three flags)."""
    names = list(_KIND_FIELD.items())
    combos = (
        LifeSituation.objects.published()
        .values_list(*[f"for_{name}" for _kind, name in names])
        .distinct()
    )
    found = {
        kind for combo in combos for (kind, _name), flag in zip(names, combo, strict=True) if flag
    }
    return [kind for kind, _name in names if kind in found]


def public_versions(
    *, query: str = "", client_kind: str = "", body: Body | None = None
) -> QuerySet[LifeSituationVersion]:
    """The current published version of every published life situation: what clients see."""
    versions = LifeSituationVersion.objects.public()
    if query.strip():
        condition = search_condition(query)
        if condition is None:  # an emoji or punctuation: nothing to look for
            return versions.none()
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
    ``field`` (for APIs that take a list of ids). Visibility: every touchpoint, whoever
    asks — reference data open to everyone (registry/access.py)."""
    found = list(Touchpoint.objects.filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({field: _("Нет точек взаимодействия с такими id.")})
    return found


def touchpoints_serving(*, body_id: int) -> QuerySet[Touchpoint]:
    """The touchpoints where the body's services reach clients, as the registry records it:
    the body's own and every one-window centre (МФЦ), which serves every body — the rule
    ``feedback.intake`` applies to a rating's touchpoint. One window, one method (R19):
    a rating point may be made at any of them and the dashboard filters by any of them."""
    return Touchpoint.objects.filter(Q(body_id=body_id) | Q(kind=Touchpoint.Kind.ONE_WINDOW))


def touchpoint_kinds() -> list[tuple[str, Any]]:
    """The kinds of touchpoint (004 §2.21) as choices: value and label (lazy, translated)."""
    return list(Touchpoint.Kind.choices)


def touchpoint_titles() -> dict[int, str]:
    """Every touchpoint's title by id (one query), for labelling figures."""
    return dict(Touchpoint.objects.values_list("pk", "title"))


def services_by_slugs(slugs: list[str], *, field: str = "services") -> list[Service]:
    """The services with these codes, every one of them, in the order given, or a
    ValidationError naming ``field`` and the codes the registry does not have.
    Visibility as ``service_by_slug``: every service, whoever asks."""
    found = {s.slug: s for s in Service.objects.filter(slug__in=slugs).select_related("body")}
    unknown = [slug for slug in dict.fromkeys(slugs) if slug not in found]
    if unknown:
        raise ValidationError(
            {field: _("Нет услуг с такими кодами: {codes}.").format(codes=", ".join(unknown))}
        )
    return [found[slug] for slug in dict.fromkeys(slugs)]


def service_by_slug(slug: str, *, field: str = "service") -> Service:
    """A service or function of the registry by its code, with its body, or a field error
    naming ``field``. Visibility: every service, whoever asks — reference data open to
    everyone, with no drafts (registry/access.py). Another app's API or importer asks this
    to link a record to a service or to rate one."""
    try:  # .get(), not .first(): no ORDER BY on the rating intake's hot path
        return Service.objects.select_related("body").get(slug=slug)
    except Service.DoesNotExist:
        raise ValidationError({field: _("Услуга не найдена.")}) from None


def service_of_body(pk: int, *, body_id: int) -> Service | None:
    """One of the body's own services by id; another body's is None, as a missing one."""
    return Service.objects.filter(pk=pk, body_id=body_id).first()


def service_slugs(*, ids: list[int] | None = None) -> dict[int, str]:
    """The codes of these services (of every service without ``ids``) by id, one query."""
    services = Service.objects.all() if ids is None else Service.objects.filter(pk__in=ids)
    return dict(services.values_list("pk", "slug"))


def life_situation_services(*, life_situation_id: int | None) -> QuerySet[Service]:
    """The services and functions on the steps of a life situation, each once."""
    return Service.objects.filter(steps__life_situation_id=life_situation_id).distinct()


def published_situations_with(service: Service) -> QuerySet[LifeSituation]:
    """The published life situations a service is a step of: the way back from its page."""
    return (
        LifeSituation.objects.published()
        .filter(steps__service=service)
        .distinct()
        .order_by("title")
    )


def published_life_situations() -> QuerySet[LifeSituation]:
    """Every published life situation: what clients see, consent to, rate or are offered."""
    return LifeSituation.objects.published()


def published_life_situation(slug: str, *, field: str = "life_situation") -> LifeSituation:
    """A published life situation by its code, with its owner body, or a field error naming
    ``field``. Visibility: published only, whoever asks — a draft, even the caller's own,
    is "not found". What clients may consent to, rate or be offered (another app's API or
    form asks this)."""
    try:  # .get(), not .first(): no ORDER BY on the rating intake's hot path
        return published_life_situations().select_related("owner_body").get(slug=slug)
    except LifeSituation.DoesNotExist:
        raise ValidationError({field: _("Жизненная ситуация не найдена.")}) from None


def life_situations_visible_to(*, body_id: int | None) -> QuerySet[LifeSituation]:
    """Every published life situation and all of the body's own, drafts included: what the
    body's staff and systems may link segments, appeals, templates and maps to."""
    return LifeSituation.objects.visible_to_body(body_id)


def life_situation_visible_to(
    slug: str, *, body_id: int | None, field: str = "life_situation"
) -> LifeSituation:
    """A life situation by its code, or a field error naming ``field``. Visibility as
    ``life_situations_visible_to``: published, or the body's own draft; another body's
    draft is "not found", exactly as a code that does not exist."""
    try:
        return life_situations_visible_to(body_id=body_id).get(slug=slug)
    except LifeSituation.DoesNotExist:
        raise ValidationError({field: _("Жизненная ситуация не найдена.")}) from None


def life_situations_owned_by(*, body_id: int) -> QuerySet[LifeSituation]:
    """The life situations the body answers for, whatever their status."""
    return LifeSituation.objects.filter(owner_body_id=body_id)


def needs_visible_to(*, body_id: int | None) -> QuerySet[Need]:
    """The typical needs of every life situation the body sees (``life_situations_visible_to``),
    with their life situation, grouped by it, each group in its own order."""
    return (
        Need.objects.filter(life_situation__in=life_situations_visible_to(body_id=body_id))
        .select_related("life_situation")
        .order_by("life_situation__title", "position")
    )


def life_situations_with_services_of(*, body_id: int) -> dict[int, tuple[str, set[int]]]:
    """The life situations a body takes part in — published ones whose steps hold one of
    its services, and its own, drafts included — each with its title and every service on
    its steps (one query): how the body's ratings add up per life situation."""
    rows = (
        Step.objects.filter(
            Q(life_situation__in=LifeSituation.objects.published(), service__body_id=body_id)
            | Q(life_situation__owner_body_id=body_id)
        )
        .values_list("life_situation_id", flat=True)
        .distinct()
    )
    found: dict[int, tuple[str, set[int]]] = {}
    for ls_id, title, service_id in Step.objects.filter(life_situation_id__in=rows).values_list(
        "life_situation_id", "life_situation__title", "service_id"
    ):
        found.setdefault(ls_id, (title, set()))[1].add(service_id)
    return found


@dataclass(frozen=True)
class R30State:
    """How a body's services meet R30 (004 §5.2) today: how many there are, how many meet
    each condition (in the checklist's order; an allowed exception counts as met) and how
    many meet all six."""

    services: int
    each: list[tuple[str, int]]
    all_six: int


def r30_state(*, body_id: int) -> R30State:
    """One query over the body's services (their R30 fields)."""
    services = list(Service.objects.filter(body_id=body_id))
    each: dict[str, int] = {}
    all_six = 0
    for service in services:
        checklist = service.r30_checklist()
        for condition in checklist:
            each[str(condition.label)] = each.get(str(condition.label), 0) + condition.met
        all_six += all(c.met for c in checklist)
    return R30State(len(services), list(each.items()), all_six)


def needs_by_status(*, body_id: int) -> dict[str, int]:
    """The typical needs (R4) of the published life situations the body owns, counted by
    status (a draft's needs are not yet promised to anyone)."""
    from django.db.models import Count

    rows = (
        Need.objects.filter(
            life_situation__in=LifeSituation.objects.published(),
            life_situation__owner_body_id=body_id,
        )
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {r["status"]: r["n"] for r in rows}
