"""Writes of journey maps (R11–R13). Every write checks that the actor edits for the map's
body and leaves an audit event in the same transaction."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import is_staff_of, require_editor
from accounts.models import Body, User
from audit.services import audit_record
from journeys import selectors
from journeys.actions import Action
from journeys.compare import TEXT_LANES
from journeys.models import Emotion, JourneyMap, MapComment, MapVersion, Stage
from lib import public_cache
from registry.models import LifeSituation, Need, Service, Touchpoint
from segments.models import Segment

#: What an analyst edits in a stage besides its touchpoints and services.
STAGE_FIELDS = ("title", *TEXT_LANES, "emotion", "emotion_score", "minutes", "cost")


#: Longest title and variant a map or stage takes (the columns' length).
TITLE_MAX = 200


def _check_length(**values: str) -> None:
    """Titles and variants fit their columns: a 4xx naming the field, not a database error."""
    errors = {
        name: _("Не длиннее %(n)s знаков.") % {"n": TITLE_MAX}
        for name, value in values.items()
        if len(value) > TITLE_MAX
    }
    if errors:
        raise ValidationError(errors)


def _fit(text: str) -> str:
    """A generated title cut to the column, with an ellipsis."""
    return text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1] + "…"


def _check_subject(
    body: Body, service: Service | None, life_situation: LifeSituation | None
) -> None:
    if bool(service) == bool(life_situation):  # R12
        raise ValidationError(
            {"service": _("Карта строится для одной услуги или одной жизненной ситуации целиком.")}
        )
    if life_situation is not None and not (
        life_situation.is_published or life_situation.owner_body_id == body.pk
    ):
        raise ValidationError({"life_situation": _("Жизненная ситуация не найдена.")})


@transaction.atomic
def map_create(
    *,
    actor: User,
    body: Body,
    title: str,
    segment: Segment,
    variant: str,
    service: Service | None = None,
    life_situation: LifeSituation | None = None,
) -> JourneyMap:
    """An AS IS map for one segment and one variant (R12)."""
    require_editor(actor, body.pk)
    if segment.body_id != body.pk:
        raise ValidationError({"segment": _("Выберите сегмент своего органа.")})
    if not variant.strip():
        raise ValidationError({"variant": _("Назовите вариант процесса, например «онлайн».")})
    _check_length(title=title.strip(), variant=variant.strip())
    _check_subject(body, service, life_situation)
    journey_map = JourneyMap.objects.create(
        body=body,
        title=title.strip() or _fit(f"{segment.name}: {(service or life_situation).title}"),  # type: ignore[union-attr]
        segment=segment,
        variant=variant.strip(),
        service=service,
        life_situation=life_situation,
        created_by=actor,
    )
    audit_record(actor=actor, action=Action.CREATE, obj=journey_map, body=body)
    return journey_map


@transaction.atomic
def map_update(*, actor: User, journey_map: JourneyMap, **fields: Any) -> JourneyMap:
    """Title, variant, segment or, for a TO BE map, what will change for citizens (the only
    thing of it the public page shows); the subject and the kind stay (a TO BE map keeps
    its base)."""
    require_editor(actor, journey_map.body_id)
    changes = {}
    if "public_changes" in fields:
        if journey_map.kind != JourneyMap.Kind.TO_BE:
            raise ValidationError(
                {"public_changes": _("«Что будет по-новому» пишут в карте TO BE, а не AS IS.")}
            )
        text = str(fields["public_changes"] or "").strip()
        if len(text) > LANE_MAX:
            raise ValidationError(
                {"public_changes": _("Не длиннее %(n)s знаков.") % {"n": LANE_MAX}}
            )
        if text != journey_map.public_changes:
            changes["public_changes"] = [journey_map.public_changes, text]
            journey_map.public_changes = text
    for name in ("title", "variant", "segment"):
        if name not in fields:
            continue
        value = fields[name]
        if name == "segment" and value.body_id != journey_map.body_id:
            raise ValidationError({"segment": _("Выберите сегмент своего органа.")})
        if name in ("title", "variant"):
            value = value.strip()
            if not value:
                raise ValidationError({name: _("Это поле не может быть пустым.")})
            _check_length(**{name: value})
        if getattr(journey_map, name) != value:
            changes[name] = [str(getattr(journey_map, name)), str(value)]
            setattr(journey_map, name, value)
    journey_map.save()
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=journey_map,
        body=journey_map.body,
        changes=changes,
    )
    return journey_map


def _copy(journey_map: JourneyMap, *, actor: User, **overrides: Any) -> JourneyMap:
    copy = JourneyMap.objects.create(
        body=journey_map.body,
        title=overrides.pop("title"),
        segment=journey_map.segment,
        variant=journey_map.variant,
        service=journey_map.service,
        life_situation=journey_map.life_situation,
        created_by=actor,
        **overrides,
    )
    link = copy.kind == JourneyMap.Kind.TO_BE and journey_map.kind == JourneyMap.Kind.AS_IS
    for stage in journey_map.stages.all():
        touchpoints, services = list(stage.touchpoints.all()), list(stage.services.all())
        new = Stage.objects.create(
            journey_map=copy,
            order=stage.order,
            origin=stage if link else stage.origin,
            **{name: getattr(stage, name) for name in STAGE_FIELDS},
        )
        new.touchpoints.set(touchpoints)
        new.services.set(services)
    return copy


@transaction.atomic
def map_make_to_be(*, actor: User, journey_map: JourneyMap) -> JourneyMap:
    """A TO BE map made from an AS IS map: the same stages to change, each linked to the
    stage it came from, so the comparison can say what changed (R12)."""
    require_editor(actor, journey_map.body_id)
    if journey_map.kind != JourneyMap.Kind.AS_IS:
        raise ValidationError({"kind": _("TO BE строится из карты AS IS.")})
    to_be = _copy(
        journey_map,
        actor=actor,
        title=_fit(f"{journey_map.title} — TO BE"),
        kind=JourneyMap.Kind.TO_BE,
        base=journey_map,
    )
    audit_record(
        actor=actor,
        action=Action.TO_BE,
        obj=to_be,
        body=to_be.body,
        changes={"base": [None, journey_map.pk]},
    )
    return to_be


@transaction.atomic
def map_duplicate(*, actor: User, journey_map: JourneyMap) -> JourneyMap:
    """A draft copy (another variant or segment to start from); a TO BE copy keeps its base."""
    require_editor(actor, journey_map.body_id)
    copy = _copy(
        journey_map,
        actor=actor,
        title=_fit(_("%(title)s (копия)") % {"title": journey_map.title}),
        kind=journey_map.kind,
        base=journey_map.base,
    )
    audit_record(
        actor=actor,
        action=Action.DUPLICATE,
        obj=copy,
        body=copy.body,
        changes={"copy_of": [None, journey_map.pk]},
    )
    return copy


# --- stages ------------------------------------------------------------------------------


#: A map that fits a screen and an A3 sheet, and an export a web thread renders in seconds:
#: a 200-stage map took 77 s to render as PDF; 30 stages with every lane full take 12 s.
MAX_STAGES = 30
#: Characters in one lane of a stage (goal, actions, pains, …).
LANE_MAX = 1000
LANES = TEXT_LANES


def _clean_stage(fields: dict[str, Any]) -> dict[str, Any]:
    """R11: a stage says at least what the client wants and does; the rest is checked too."""
    errors: dict[str, str] = {}
    for name in ("title", "goal", "actions"):
        if name in fields and not str(fields[name] or "").strip():
            errors[name] = {
                "title": _("Назовите этап."),
                "goal": _("Укажите цель клиента на этом этапе."),
                "actions": _("Опишите, что делает клиент на этом этапе."),
            }[name]
    if len(str(fields.get("title") or "").strip()) > TITLE_MAX:
        errors["title"] = _("Не длиннее %(n)s знаков.") % {"n": TITLE_MAX}
    for lane in LANES:
        if len(str(fields.get(lane) or "").strip()) > LANE_MAX:
            errors[lane] = _("Не длиннее %(n)s знаков: карта — не место для отчёта.") % {
                "n": LANE_MAX
            }
    if "emotion" in fields and fields["emotion"] not in Emotion.values:
        errors["emotion"] = _("Эмоция: -1 (негативная), 0 (нейтральная) или 1 (позитивная).")
    score = fields.get("emotion_score")
    if score is not None and not (isinstance(score, int) and 1 <= score <= 5):
        errors["emotion_score"] = _("Оценка эмоции — целое число от 1 до 5.")
    minutes = fields.get("minutes")
    if minutes is not None and not (isinstance(minutes, int) and 0 <= minutes <= 525_600):
        errors["minutes"] = _("Время — целое число минут, не больше года.")
    cost = fields.get("cost")
    if cost is not None and not (Decimal(0) <= Decimal(cost) < Decimal(10) ** 10):
        errors["cost"] = _("Затраты — от 0 до 10 млрд ₽.")
    if errors:
        raise ValidationError(errors)
    return {
        name: value.strip() if isinstance(value, str) else value for name, value in fields.items()
    }


def _check_links(
    journey_map: JourneyMap, touchpoints: list[Touchpoint] | None, services: list[Service] | None
) -> None:
    if (
        services
        and journey_map.service_id
        and any(s.pk != journey_map.service_id for s in services)
    ):
        raise ValidationError(
            {"services": _("В карте одной услуги этапы ссылаются только на неё.")}
        )


@transaction.atomic
def stage_create(
    *,
    actor: User,
    journey_map: JourneyMap,
    touchpoints: list[Touchpoint] | None = None,
    services: list[Service] | None = None,
    position: int | None = None,
    **fields: Any,
) -> Stage:
    """Add a stage at the end (or before ``position``, counted from 1)."""
    require_editor(actor, journey_map.body_id)
    missing = {n: "" for n in ("title", "goal", "actions") if n not in fields}
    fields = _clean_stage({**missing, "emotion": fields.pop("emotion", 0), **fields})
    _check_links(journey_map, touchpoints, services)
    stages = list(journey_map.stages.order_by("order", "id"))
    if len(stages) >= MAX_STAGES:
        raise ValidationError(
            _(
                "На карте уже %(n)s этапов — больше не поместится ни на экран, ни на лист A3. "
                "Объедините мелкие этапы или разделите путь на две карты."
            )
            % {"n": MAX_STAGES}
        )
    index = len(stages) if position is None else max(0, min(position - 1, len(stages)))
    stage = Stage(journey_map=journey_map, **fields)
    stages.insert(index, stage)
    stage.save()
    _renumber(stages)
    if touchpoints:
        stage.touchpoints.set(touchpoints)
    if services is None and journey_map.service_id:
        services = [journey_map.service]  # type: ignore[list-item]
    if services:
        stage.services.set(services)
    _touched(actor, journey_map, Action.STAGE_ADD, {"stage": [None, stage.title]})
    return stage


@transaction.atomic
def stage_update(
    *,
    actor: User,
    stage: Stage,
    touchpoints: list[Touchpoint] | None = None,
    services: list[Service] | None = None,
    **fields: Any,
) -> Stage:
    """Change some lanes of a stage (one cell edited in place sends one field)."""
    journey_map = stage.journey_map
    require_editor(actor, journey_map.body_id)
    unknown = set(fields) - set(STAGE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Неизвестное поле.")})
    fields = _clean_stage(fields)
    _check_links(journey_map, touchpoints, services)
    changes = {}
    for name, value in fields.items():
        if getattr(stage, name) != value:
            changes[name] = [str(getattr(stage, name)), str(value)]
            setattr(stage, name, value)
    stage.save()
    if touchpoints is not None:
        stage.touchpoints.set(touchpoints)
        changes["touchpoints"] = ["", ", ".join(t.title for t in touchpoints)]
    if services is not None:
        stage.services.set(services)
        changes["services"] = ["", ", ".join(s.title for s in services)]
    _touched(actor, journey_map, Action.STAGE_UPDATE, {"stage": [stage.pk, stage.title], **changes})
    return stage


@transaction.atomic
def stage_delete(*, actor: User, stage: Stage) -> None:
    journey_map = stage.journey_map
    require_editor(actor, journey_map.body_id)
    title = stage.title
    stage.delete()
    _renumber(list(journey_map.stages.order_by("order", "id")))
    _touched(actor, journey_map, Action.STAGE_DELETE, {"stage": [title, None]})


@transaction.atomic
def stage_move(*, actor: User, stage: Stage, offset: int) -> None:
    """Move a stage earlier (offset -1) or later (+1)."""
    journey_map = stage.journey_map
    require_editor(actor, journey_map.body_id)
    stages = list(journey_map.stages.order_by("order", "id"))
    index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
    target = index + offset
    if offset not in (-1, 1) or not 0 <= target < len(stages):
        raise ValidationError({"offset": _("Этап уже на краю карты.")})
    stages[index], stages[target] = stages[target], stages[index]
    _renumber(stages)
    _touched(actor, journey_map, Action.STAGE_MOVE, {"stage": [index + 1, target + 1]})


def _renumber(stages: list[Stage]) -> None:
    for number, stage in enumerate(stages, start=1):
        if stage.order != number:
            stage.order = number
            Stage.objects.filter(pk=stage.pk).update(order=number)


def _touched(actor: User, journey_map: JourneyMap, action: str, changes: dict[str, Any]) -> None:
    JourneyMap.objects.filter(pk=journey_map.pk).update(updated_at=timezone.now())
    public_cache.bump("journeys")  # written in bulk, no signal (ADR 0014)
    audit_record(
        actor=actor, action=action, obj=journey_map, body=journey_map.body, changes=changes
    )


# --- versions, publication, comments ------------------------------------------------------


@transaction.atomic
def version_save(*, actor: User, journey_map: JourneyMap, note: str = "") -> MapVersion:
    require_editor(actor, journey_map.body_id)
    fresh = selectors.map_detail(journey_map.pk)
    assert fresh is not None
    last = journey_map.versions.aggregate(m=Max("number"))["m"] or 0
    version = MapVersion.objects.create(
        journey_map=journey_map,
        number=last + 1,
        snapshot=selectors.snapshot(fresh),
        note=note.strip()[:300],
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=Action.VERSION,
        obj=journey_map,
        body=journey_map.body,
        changes={"version": [last or None, version.number]},
    )
    return version


@transaction.atomic
def map_publish(*, actor: User, journey_map: JourneyMap) -> MapVersion:
    """Publish (a life situation's map then shows on its public page) and freeze a version."""
    require_editor(actor, journey_map.body_id)
    if not journey_map.stages.exists():
        raise ValidationError({"stages": _("В карте нет ни одного этапа.")})
    journey_map.status = JourneyMap.Status.PUBLISHED
    journey_map.published_at = timezone.now()
    journey_map.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=actor, action=Action.PUBLISH, obj=journey_map, body=journey_map.body)
    return version_save(actor=actor, journey_map=journey_map, note=_("Опубликована"))


@transaction.atomic
def map_unpublish(*, actor: User, journey_map: JourneyMap) -> JourneyMap:
    require_editor(actor, journey_map.body_id)
    journey_map.status = JourneyMap.Status.DRAFT
    journey_map.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action=Action.UNPUBLISH, obj=journey_map, body=journey_map.body)
    return journey_map


@transaction.atomic
def comment_add(
    *, actor: User, journey_map: JourneyMap, text: str, stage: Stage | None = None
) -> MapComment:
    """Colleagues of the body (the head too) comment on a map or a stage."""
    if not is_staff_of(actor, journey_map.body_id):
        raise ValidationError({"text": _("Вы можете работать только с данными своего органа.")})
    if not text.strip():
        raise ValidationError({"text": _("Напишите комментарий.")})
    if stage is not None and stage.journey_map_id != journey_map.pk:
        raise ValidationError({"stage": _("Такого этапа в карте нет.")})
    comment = MapComment.objects.create(
        journey_map=journey_map, stage=stage, author=actor, text=text.strip()[:4000]
    )
    audit_record(actor=actor, action=Action.COMMENT, obj=journey_map, body=journey_map.body)
    return comment


@transaction.atomic
def recommendation_to_need(*, actor: User, stage: Stage, title: str) -> Need:
    """A stage's recommendation becomes a typical need "being worked on" of the map's life
    situation (design projects will take them too when that capability lands)."""
    from registry.services import need_add

    journey_map = stage.journey_map
    require_editor(actor, journey_map.body_id)
    situation = journey_map.life_situation
    if situation is None:
        raise ValidationError(
            {"title": _("Потребность добавляется в жизненную ситуацию; это карта одной услуги.")}
        )
    require_editor(actor, situation.owner_body_id, field="title")
    if not title.strip():
        raise ValidationError({"title": _("Сформулируйте потребность.")})
    return need_add(
        actor=actor,
        life_situation=situation,
        title=title.strip()[:300],
        status=Need.Status.IN_WORK,
        services=list(stage.services.all()) or None,
    )
