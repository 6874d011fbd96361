"""Writes to the registry. Each validates, saves and records its audit event in one
transaction (STYLE.md: services). Rules R1–R4 are enforced here and in the models."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require_editor
from accounts.models import Body, User
from audit.services import audit_record, diff, snapshot
from lib.morph import lemmas
from lib.slugs import unique_slug
from readability.checker import MAX_CHARS, Thresholds, check, thresholds_for
from registry import hours
from registry.actions import Action
from registry.models import (
    DigitalService,
    LifeSituation,
    LifeSituationVersion,
    Need,
    SearchSynonym,
    Service,
    Step,
    Touchpoint,
)
from registry.snapshots import build_snapshot, snapshot_search_document

LIFE_SITUATION_FIELDS = [
    "title",
    "summary",
    "start_event",
    "final_result",
    "time_bound_days",
    "for_citizens",
    "for_business",
    "for_internal",
    "last_reviewed_on",
]
SERVICE_FIELDS = [
    "title",
    "kind",
    "description",
    "legal_basis",
    "is_electronic",
    "is_proactive",
    "documents_to_bring",
    "other_services_required",
    "one_window",
    "waiting_days",
    "offline_preferred",
    "offline_reason",
    "waiting_target_days",
    "who_can_get",
    "cost",
    "apply_url",
]
TOUCHPOINT_FIELDS = ["kind", "title", "address", "url", "time_zone"]
#: What a person needs to know about the place, audited on every change.
PLACE_FIELDS = [
    *TOUCHPOINT_FIELDS,
    "phone",
    "open_24_7",
    "opening_hours",
    "accessibility",
    "languages",
    "guest_wifi",
    "transport_stop",
]


def _check_life_situation(life_situation: LifeSituation) -> None:
    """R1: a start event, a final valuable result and a client kind are required."""
    errors: dict[str, list[str]] = {}
    if not (life_situation.start_event or "").strip():
        errors.setdefault("start_event", []).append(
            _("Укажите стартовое событие: с чего начинается жизненная ситуация.")
        )
    if not (life_situation.final_result or "").strip():
        errors.setdefault("final_result", []).append(
            _("Укажите конечный ценный результат: чем ситуация заканчивается для клиента.")
        )
    if not (
        life_situation.for_citizens or life_situation.for_business or life_situation.for_internal
    ):
        errors.setdefault("for_citizens", []).append(_("Выберите хотя бы одну категорию клиентов."))
    # R23: the summary citizens read is checked when saved (and so again when published).
    if problems := plain_problems(
        life_situation.summary or "", thresholds=thresholds_for(life_situation.owner_body_id)
    ):
        errors["summary"] = problems
    if errors:
        raise ValidationError(errors)
    life_situation.full_clean(exclude=["owner_body", "slug"])


@transaction.atomic
def life_situation_create(
    *,
    actor: User,
    owner_body: Body,
    title: str,
    start_event: str,
    final_result: str,
    time_bound_days: int,
    summary: str = "",
    for_citizens: bool = True,
    for_business: bool = False,
    for_internal: bool = False,
    slug: str = "",
) -> LifeSituation:
    """Create a draft life situation of ``owner_body`` (R1)."""
    require_editor(actor, owner_body.pk, field="owner_body")
    life_situation = LifeSituation(
        owner_body=owner_body,
        title=title.strip(),
        summary=summary.strip(),
        start_event=start_event.strip(),
        final_result=final_result.strip(),
        time_bound_days=time_bound_days,
        for_citizens=for_citizens,
        for_business=for_business,
        for_internal=for_internal,
    )
    _check_life_situation(life_situation)
    if slug:
        if LifeSituation.objects.filter(slug=slug).exists():
            raise ValidationError({"slug": _("Такой адрес страницы уже занят.")})
        life_situation.slug = slug
    else:
        life_situation.slug = unique_slug(LifeSituation, life_situation.title)
    life_situation.full_clean()
    life_situation.save()
    audit_record(
        actor=actor,
        action=Action.LIFE_SITUATION_CREATE,
        obj=life_situation,
        body=owner_body,
        changes=snapshot(life_situation, LIFE_SITUATION_FIELDS),
    )
    return life_situation


@transaction.atomic
def life_situation_update(
    *, actor: User, life_situation: LifeSituation, **fields: Any
) -> LifeSituation:
    """Change the working copy. Clients keep seeing the published version until it is
    published again."""
    unknown = set(fields) - set(LIFE_SITUATION_FIELDS)
    if unknown:
        raise ValidationError({name: _("Это поле нельзя изменить.") for name in unknown})
    locked = LifeSituation.objects.select_for_update().get(pk=life_situation.pk)
    before = snapshot(locked, LIFE_SITUATION_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    _check_life_situation(locked)
    changes = diff(before, snapshot(locked, LIFE_SITUATION_FIELDS))
    if changes:
        locked.updated_at = timezone.now()
        locked.save()
        audit_record(
            actor=actor,
            action=Action.LIFE_SITUATION_UPDATE,
            obj=locked,
            body=locked.owner_body,
            changes=changes,
        )
    return locked


@transaction.atomic
def life_situation_mark_reviewed(*, actor: User, life_situation: LifeSituation) -> LifeSituation:
    """Confirm the life situation is current (R3): resets the staleness clock."""
    return life_situation_update(
        actor=actor, life_situation=life_situation, last_reviewed_on=timezone.localdate()
    )


def _renumber(life_situation: LifeSituation, ordered: list[Step]) -> None:
    # The unique (life_situation, position) constraint is deferred, so positions can
    # swap inside the transaction.
    for index, step in enumerate(ordered, start=1):
        if step.position != index:
            step.position = index
            step.save(update_fields=["position"])


def _touch(life_situation: LifeSituation) -> None:
    LifeSituation.objects.filter(pk=life_situation.pk).update(updated_at=timezone.now())


@transaction.atomic
def step_add(
    *, actor: User, life_situation: LifeSituation, service: Service, note: str = ""
) -> Step:
    """Append a service or function to the path of a life situation (R1)."""
    if life_situation.steps.filter(service=service).exists():
        raise ValidationError({"service": _("Эта услуга уже есть среди шагов.")})
    last = life_situation.steps.aggregate(m=Max("position"))["m"] or 0
    step = Step(
        life_situation=life_situation, position=last + 1, service=service, note=note.strip()
    )
    step.full_clean(exclude=["life_situation"])
    step.save()
    _touch(life_situation)
    audit_record(
        actor=actor,
        action=Action.LIFE_SITUATION_STEP_ADD,
        obj=life_situation,
        body=life_situation.owner_body,
        changes={"step": [None, f"{step.position}. {service.title} ({service.body.short_name})"]},
    )
    return step


@transaction.atomic
def step_move(*, actor: User, life_situation: LifeSituation, step_id: int, offset: int) -> None:
    """Move a step up (-1) or down (+1)."""
    steps = list(life_situation.steps.select_for_update().order_by("position"))
    index = next((i for i, s in enumerate(steps) if s.pk == step_id), None)
    if index is None:
        raise ValidationError({"step": _("Такого шага нет.")})
    target = index + offset
    if not 0 <= target < len(steps):
        return
    steps[index], steps[target] = steps[target], steps[index]
    _renumber(life_situation, steps)
    _touch(life_situation)
    audit_record(
        actor=actor,
        action=Action.LIFE_SITUATION_STEP_MOVE,
        obj=life_situation,
        body=life_situation.owner_body,
        changes={"order": [None, [s.service.title for s in steps]]},
    )


@transaction.atomic
def step_remove(*, actor: User, life_situation: LifeSituation, step_id: int) -> None:
    steps = list(life_situation.steps.select_for_update().select_related("service"))
    removed = next((s for s in steps if s.pk == step_id), None)
    if removed is None:
        raise ValidationError({"step": _("Такого шага нет.")})
    remaining = [s for s in steps if s.pk != step_id]
    removed.delete()
    if removed.service_id not in {s.service_id for s in remaining}:
        # a need is met only by the situation's own steps (R4): not by one gone
        for need in life_situation.needs.filter(services=removed.service_id):
            need.services.remove(removed.service_id)
    _renumber(life_situation, remaining)
    _touch(life_situation)
    audit_record(
        actor=actor,
        action=Action.LIFE_SITUATION_STEP_REMOVE,
        obj=life_situation,
        body=life_situation.owner_body,
        changes={"step": [removed.service.title, None]},
    )


def plain_problems(text: str, *, thresholds: Thresholds) -> list[str]:
    """What makes a text citizens read hard (R23), by the product's own checker with the
    body's thresholds (``readability.checker.thresholds_for``) and the allowance for short
    texts; empty when it reads plainly."""
    if not text.strip():
        return []
    problems = check(text[:MAX_CHARS], thresholds, short_ok=True).problems
    return [_("Текст сложен для граждан (R23): %s") % " ".join(problems)] if problems else []


def _check_need(need: Need) -> None:
    """R4: a need that cannot be met carries the reason, published as an FAQ answer, in
    plain words (R23)."""
    if need.status == Need.Status.CANNOT and not need.reason.strip():
        raise ValidationError(
            {
                "reason": _(
                    "Объясните, почему потребность не может быть удовлетворена: "
                    "ответ будет опубликован для граждан."
                )
            }
        )
    if need.status != Need.Status.CANNOT:
        need.reason = need.reason.strip()
    elif problems := plain_problems(
        need.reason, thresholds=thresholds_for(need.life_situation.owner_body_id)
    ):
        raise ValidationError({"reason": problems})
    need.full_clean(exclude=["life_situation"])


def _check_need_services(
    life_situation: LifeSituation, status: str, services: list[Service]
) -> None:
    """The services that meet a need come from the situation's steps; a need that cannot be
    met is met by none (R4)."""
    if services and status == Need.Status.CANNOT:
        raise ValidationError(
            {
                "services": _(
                    "Потребность, которую нельзя удовлетворить, не закрывает ни одна услуга."
                )
            }
        )
    steps = set(life_situation.steps.values_list("service_id", flat=True))
    if any(s.pk not in steps for s in services):
        raise ValidationError(
            {"services": _("Выберите услуги и функции из шагов этой жизненной ситуации.")}
        )


@transaction.atomic
def need_add(
    *,
    actor: User,
    life_situation: LifeSituation,
    title: str,
    status: str,
    reason: str = "",
    services: list[Service] | None = None,
) -> Need:
    """Add a typical need to a life situation (R4)."""
    last = life_situation.needs.aggregate(m=Max("position"))["m"] or 0
    need = Need(
        life_situation=life_situation,
        title=title.strip(),
        status=status,
        reason=reason.strip(),
        position=last + 1,
    )
    _check_need(need)
    _check_need_services(life_situation, status, services or [])
    need.save()
    if services:
        need.services.set(services)
    _touch(life_situation)
    audit_record(
        actor=actor,
        action=Action.NEED_CREATE,
        obj=need,
        body=life_situation.owner_body,
        changes={
            **snapshot(need, ["title", "status", "reason"]),
            "services": [s.slug for s in services or []],
        },
    )
    return need


@transaction.atomic
def need_update(
    *,
    actor: User,
    need: Need,
    title: str,
    status: str,
    reason: str = "",
    services: list[Service] | None = None,
) -> Need:
    """Change a need of the working copy: its wording, status, the reason citizens read
    when it cannot be met (R4, plain language R23), and — when ``services`` is given —
    the services that meet it. Nothing is saved if any of it is refused."""
    locked = Need.objects.select_for_update().select_related("life_situation").get(pk=need.pk)
    before = {
        **snapshot(locked, ["title", "status", "reason"]),
        "services": sorted(locked.services.values_list("slug", flat=True)),
    }
    locked.title, locked.status, locked.reason = title.strip(), status, reason.strip()
    _check_need(locked)
    steps = set(locked.life_situation.steps.values_list("service_id", flat=True))
    kept = [s for s in locked.services.all() if s.pk in steps] if services is None else services
    _check_need_services(locked.life_situation, status, kept)
    locked.save()
    locked.services.set(kept)
    _touch(locked.life_situation)
    audit_record(
        actor=actor,
        action=Action.NEED_UPDATE,
        obj=locked,
        body=locked.life_situation.owner_body,
        changes=diff(
            before,
            {
                **snapshot(locked, ["title", "status", "reason"]),
                "services": sorted(s.slug for s in kept),
            },
        ),
    )
    return locked


@transaction.atomic
def need_remove(*, actor: User, need: Need) -> None:
    life_situation = need.life_situation
    audit_record(
        actor=actor,
        action=Action.NEED_DELETE,
        obj=need,
        body=life_situation.owner_body,
        changes=snapshot(need, ["title", "status", "reason"]),
    )
    need.delete()
    _touch(life_situation)


def _check_publishable(life_situation: LifeSituation) -> None:
    """R1: at least one step, and the situation's own checks (``_check_life_situation``).
    Several bodies usually take part (R1 describes a life situation so), but one body's
    services alone are not refused: the seeds describe the usual case, they do not forbid
    a situation that one body serves end to end — the editor shows which bodies take part."""
    steps = list(life_situation.steps.select_related("service"))
    if not steps:
        raise ValidationError(
            {"steps": _("Добавьте хотя бы один шаг — услугу или функцию — перед публикацией.")}
        )
    _check_life_situation(life_situation)
    # R23: the reasons citizens will read on the page are checked when it is published
    # (the summary already, by ``_check_life_situation``).
    if hard := need_reason_problems(life_situation):
        raise ValidationError(
            {
                "needs": [
                    _("Причина, почему нельзя: «%(need)s». %(problems)s")
                    % {"need": need.title, "problems": " ".join(problems)}
                    for need, problems in hard.items()
                ]
            }
        )


def need_reason_problems(life_situation: LifeSituation) -> dict[Need, list[str]]:
    """R23: each reason «почему нельзя» citizens will read that is too hard to read, with
    what makes it so — what publishing refuses, and what the editor shows beside the need."""
    thresholds = thresholds_for(life_situation.owner_body_id)  # read once
    found: dict[Need, list[str]] = {}
    for need in life_situation.needs.filter(status=Need.Status.CANNOT).order_by("position"):
        if problems := plain_problems(need.reason, thresholds=thresholds):
            found[need] = problems
    return found


@transaction.atomic
def life_situation_publish(
    *, actor: User, life_situation: LifeSituation, comment: str = ""
) -> LifeSituationVersion:
    """Publish the working copy as a new version; clients see it from now on (R3)."""
    locked = LifeSituation.objects.select_for_update().get(pk=life_situation.pk)
    _check_publishable(locked)
    from registry.selectors import life_situation_detail  # loads steps and needs in bulk

    current = life_situation_detail(slug=locked.slug)
    assert current is not None
    data = build_snapshot(current)
    previous = locked.versions.filter(is_current=True).first()
    if previous is not None and previous.snapshot == data and locked.is_published:
        raise ValidationError({"comment": _("С последней публикации ничего не изменилось.")})
    number = (locked.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    locked.versions.filter(is_current=True).update(is_current=False)
    version = LifeSituationVersion.objects.create(
        life_situation=locked,
        number=number,
        snapshot=data,
        published_by=actor,
        comment=comment.strip()[:300],
        is_current=True,
        search_document=snapshot_search_document(data),
    )
    status_before = locked.status
    locked.status = LifeSituation.Status.PUBLISHED
    locked.published_at = version.published_at
    locked.save(update_fields=["status", "published_at"])
    audit_record(
        actor=actor,
        action=Action.LIFE_SITUATION_PUBLISH,
        obj=locked,
        body=locked.owner_body,
        changes={"status": [status_before, locked.status], "version": [None, number]},
    )
    return version


@transaction.atomic
def life_situation_archive(*, actor: User, life_situation: LifeSituation) -> LifeSituation:
    """Withdraw a life situation from the public pages; its versions are kept."""
    locked = LifeSituation.objects.select_for_update().get(pk=life_situation.pk)
    if locked.status == LifeSituation.Status.ARCHIVED:
        return locked
    before = locked.status
    locked.status = LifeSituation.Status.ARCHIVED
    locked.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=Action.LIFE_SITUATION_ARCHIVE,
        obj=locked,
        body=locked.owner_body,
        changes={"status": [before, locked.status]},
    )
    return locked


@transaction.atomic
def service_create(
    *, actor: User, body: Body, title: str, slug: str = "", **fields: Any
) -> Service:
    """Register a service or a function of ``body`` (R2) with its R30 conditions."""
    require_editor(actor, body.pk, field="owner_body")
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise ValidationError({name: _("Неизвестное поле.") for name in unknown})
    service = Service(body=body, title=title.strip(), **fields)
    if slug and Service.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("Такой код уже занят.")})
    service.slug = slug or unique_slug(Service, service.title)
    service.full_clean()
    service.save()
    audit_record(
        actor=actor,
        action=Action.SERVICE_CREATE,
        obj=service,
        body=body,
        changes=snapshot(service, SERVICE_FIELDS),
    )
    return service


@transaction.atomic
def service_update(*, actor: User, service: Service, **fields: Any) -> Service:
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise ValidationError({name: _("Это поле нельзя изменить.") for name in unknown})
    locked = Service.objects.select_for_update().get(pk=service.pk)
    before = snapshot(locked, SERVICE_FIELDS)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.full_clean()
    locked.save()
    changes = diff(before, snapshot(locked, SERVICE_FIELDS))
    if changes:
        audit_record(
            actor=actor, action=Action.SERVICE_UPDATE, obj=locked, body=locked.body, changes=changes
        )
    return locked


@transaction.atomic
def touchpoint_create(
    *,
    actor: User,
    body: Body,
    kind: str,
    title: str,
    address: str = "",
    url: str = "",
    time_zone: str = "Europe/Moscow",
) -> Touchpoint:
    """Register a touchpoint of ``body`` (004 §2.21), with the time zone its visiting
    hours are in."""
    require_editor(actor, body.pk, field="owner_body")
    touchpoint = Touchpoint(
        body=body, kind=kind, title=title.strip(), address=address, url=url, time_zone=time_zone
    )
    if touchpoint.kind in Touchpoint.IN_PERSON_KINDS and not address.strip():
        raise ValidationError({"address": _("Для очной точки укажите адрес.")})
    touchpoint.full_clean()
    touchpoint.save()
    audit_record(
        actor=actor,
        action=Action.TOUCHPOINT_CREATE,
        obj=touchpoint,
        body=body,
        changes=snapshot(touchpoint, TOUCHPOINT_FIELDS),
    )
    return touchpoint


_PHONE = re.compile(r"^\+?[0-9 ()\-]{5,40}$", re.ASCII)
_LANGUAGE = re.compile(r"^[^\W\d_]+(?:[ \-][^\W\d_]+)*$")
MAX_LANGUAGES = 12


def _languages(values: list[str]) -> list[str]:
    """Languages besides Russian, each a word or two, once, in the order typed."""
    out: list[str] = []
    for raw in values:
        value = " ".join(str(raw).split()).lower()
        if not value or value == "русский" or value in out:
            continue
        if len(value) > 40 or not _LANGUAGE.match(value):
            raise ValidationError(
                {
                    "languages": _(
                        "Название языка — словами, например «английский»: «{v}»."
                    ).format(v=raw)
                }
            )
        out.append(value)
    if len(out) > MAX_LANGUAGES:
        raise ValidationError({"languages": _("Не больше {n} языков.").format(n=MAX_LANGUAGES)})
    return out


@transaction.atomic
def touchpoint_update(
    *,
    actor: User,
    touchpoint: Touchpoint,
    title: str,
    address: str = "",
    url: str = "",
    time_zone: str = "Europe/Moscow",
    phone: str = "",
    open_24_7: bool = False,
    opening_hours: dict[str, Any] | None = None,
    accessibility: list[str] | None = None,
    languages: list[str] | None = None,
    guest_wifi: bool = False,
    transport_stop: str = "",
    services: list[Service] | None = None,
) -> Touchpoint:
    """Change what a person needs to know about the place: hours (round the clock, or
    per weekday), accessibility, languages besides Russian, guest Wi-Fi, the nearest
    stop, the phone, the services delivered there (``None``: left as they are). The kind
    stays: a requirement list and its checks belong to it (R29). Nothing is saved if
    any of it is refused; every change is audited."""
    require_editor(actor, touchpoint.body_id, field="touchpoint")
    locked = Touchpoint.objects.select_for_update().get(pk=touchpoint.pk)
    before = {
        **snapshot(locked, PLACE_FIELDS),
        "services": sorted(locked.services.values_list("slug", flat=True)),
    }
    phone = " ".join(phone.split())
    if phone and (not _PHONE.match(phone) or sum(c.isdigit() for c in phone) < 5):
        raise ValidationError({"phone": _("Телефон — цифры, можно с «+», пробелами и скобками.")})
    unknown = set(accessibility or []) - set(Touchpoint.Accessibility.values)
    if unknown:
        raise ValidationError(
            {
                "accessibility": _("Нет такой отметки доступности: {c}.").format(
                    c=", ".join(sorted(unknown))
                )
            }
        )
    hours_ = hours.valid(opening_hours or {})
    if open_24_7 and hours_:
        raise ValidationError(
            {
                "open_24_7": _(
                    "Место работает круглосуточно или по часам: снимите отметку или сотрите часы."
                )
            }
        )
    if services is not None:
        from registry.selectors import services_deliverable_at

        allowed = {s.pk for s in services_deliverable_at(locked)}
        if any(s.pk not in allowed for s in services):
            raise ValidationError(
                {"services": _("Здесь можно отметить только услуги своего органа.")}
            )
    locked.title, locked.address, locked.url = title.strip(), address.strip(), url.strip()
    locked.time_zone, locked.phone = time_zone, phone
    locked.open_24_7 = open_24_7
    locked.opening_hours = {} if open_24_7 else hours_
    locked.accessibility = [
        c for c in Touchpoint.Accessibility.values if c in set(accessibility or [])
    ]
    locked.languages = _languages(languages or [])
    locked.guest_wifi, locked.transport_stop = guest_wifi, " ".join(transport_stop.split())
    if locked.kind in Touchpoint.IN_PERSON_KINDS and not locked.address:
        raise ValidationError({"address": _("Для очной точки укажите адрес.")})
    locked.updated_at = timezone.now()
    locked.full_clean(exclude=["body"])
    locked.save()
    if services is not None:
        locked.services.set(services)
    after = {
        **snapshot(locked, PLACE_FIELDS),
        "services": sorted(locked.services.values_list("slug", flat=True)),
    }
    if after == before:  # nothing changed: nothing to record
        Touchpoint.objects.filter(pk=locked.pk).update(updated_at=touchpoint.updated_at)
        return locked
    audit_record(
        actor=actor,
        action=Action.TOUCHPOINT_UPDATE,
        obj=locked,
        body=locked.body,
        changes=diff(before, after),
    )
    return locked


def _digital_checked(title: str, url: str, implements: list[Service] | None) -> str:
    """The digital service's fields, every problem at its field at once (R2)."""
    errors: dict[str, str] = {}
    title = " ".join(title.split())
    if len(title) < 3:
        errors["title"] = _("Назовите сервис, например «Госуслуги» или «Личный кабинет ФНС».")
    elif len(title) > 300:
        errors["title"] = _("Наименование — не длиннее 300 знаков.")
    if url and not url.startswith(("https://", "http://")):
        errors["url"] = _("Адрес начинается с https://")
    if not implements:
        errors["implements"] = _(
            "Отметьте хотя бы одну услугу или функцию, которую сервис реализует."
        )
    else:
        offline = [s.title for s in implements if s.offline_preferred]
        if offline:  # R30: such a service is not electronic by its audience's choice
            errors["implements"] = _(
                "Эти услуги отмечены как не электронные, потому что аудитория предпочитает "
                "другой формат: {titles}. Снимите исключение в услуге или не отмечайте её."
            ).format(titles=", ".join(f"«{t}»" for t in offline))
    if errors:
        raise ValidationError(errors)
    return title


@transaction.atomic
def digital_service_create(
    *, actor: User, body: Body, title: str, url: str = "", implements: list[Service] | None = None
) -> DigitalService:
    """Register a digital service of ``body`` that implements one or more services or
    functions (R2) — of any body: one portal delivers many bodies' services."""
    require_editor(actor, body.pk, field="owner_body")
    title = _digital_checked(title, url, implements)
    digital = DigitalService(body=body, title=title, url=url)
    digital.full_clean()
    digital.save()
    digital.implements.set(implements or [])
    audit_record(
        actor=actor,
        action=Action.DIGITAL_SERVICE_CREATE,
        obj=digital,
        body=body,
        changes={"title": digital.title, "implements": [s.title for s in implements or []]},
    )
    return digital


@transaction.atomic
def digital_service_update(
    *,
    actor: User,
    digital: DigitalService,
    title: str,
    url: str = "",
    implements: list[Service] | None = None,
) -> DigitalService:
    """Change what a digital service is called, where it is and what it implements (R2);
    only its body's editors. Audited with what changed."""
    require_editor(actor, digital.body_id, field="owner_body")
    title = _digital_checked(title, url, implements)
    locked = DigitalService.objects.select_for_update().get(pk=digital.pk)
    before = {
        "title": locked.title,
        "url": locked.url,
        "implements": sorted(locked.implements.values_list("slug", flat=True)),
    }
    locked.title, locked.url = title, url
    locked.full_clean()
    locked.save()
    locked.implements.set(implements or [])
    after = {"title": title, "url": url, "implements": sorted(s.slug for s in implements or [])}
    changes = diff(before, after)
    if changes:
        audit_record(
            actor=actor,
            action=Action.DIGITAL_SERVICE_UPDATE,
            obj=locked,
            body=locked.body,
            changes=changes,
        )
    return locked


@transaction.atomic
def synonym_add(*, actor: User, body: Body, word: str, means: str) -> SearchSynonym:
    """A word the body's clients type, and what it means in the registry's texts."""
    require_editor(actor, body.pk)
    word, means = word.strip(), means.strip()
    errors = {}
    word_lemmas = lemmas(word)
    if len(word_lemmas) != 1:
        errors["word"] = _("Введите одно слово, как его пишут люди: «переехал», «детсад».")
    if not lemmas(means):
        errors["means"] = _("Напишите, как это называется в реестре: «переезд».")
    if errors:
        raise ValidationError(errors)
    if SearchSynonym.objects.filter(body=body, word_lemma=word_lemmas[0]).exists():
        raise ValidationError({"word": _("Для этого слова синоним уже есть.")})
    synonym = SearchSynonym.objects.create(
        body=body, word=word, means=means, word_lemma=word_lemmas[0]
    )
    audit_record(
        actor=actor,
        action=Action.SYNONYM_ADD,
        obj=synonym,
        body=body,
        changes={"word": word, "means": means},
    )
    return synonym


@transaction.atomic
def synonym_remove(*, actor: User, synonym: SearchSynonym) -> None:
    require_editor(actor, synonym.body_id)
    audit_record(
        actor=actor,
        action=Action.SYNONYM_REMOVE,
        obj=synonym,
        body=synonym.body,
        changes={"word": synonym.word, "means": synonym.means},
    )
    synonym.delete()
