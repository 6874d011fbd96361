"""Reads of journey maps: lists, one map with its stages, snapshots, and the live overlay of
real ratings on each stage (feedback issue)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from feedback import selectors as feedback
from feedback.stats import PUBLISH_MIN
from journeys.compare import lines
from journeys.models import EMOTION_SCORE, Emotion, JourneyMap, MapVersion, Stage

#: A stage is flagged when real CSAT and the analyst's emotion (both on 1–5) are this far apart.
CONTRADICTION = 1.25


def maps_for_body(body_id: int) -> QuerySet[JourneyMap]:
    return JourneyMap.objects.filter(body_id=body_id).select_related(
        "segment", "service", "life_situation", "base"
    )


def maps_about(
    *, body_id: int, service_id: int | None = None, life_situation_id: int | None = None
) -> QuerySet[JourneyMap]:
    """The body's maps of a service or a life situation, newest first: where the ratings
    of what an indicator drills into meet the stages of a journey (the map's overlay)."""
    found = maps_for_body(body_id)
    if service_id is not None:
        return found.filter(service_id=service_id).order_by("-pk")
    return found.filter(life_situation_id=life_situation_id).order_by("-pk")


def _with_stages(queryset: QuerySet[JourneyMap]) -> QuerySet[JourneyMap]:
    stages = Stage.objects.prefetch_related("touchpoints", "services").order_by("order", "id")
    return queryset.select_related(
        "body", "segment", "service", "life_situation", "base"
    ).prefetch_related(Prefetch("stages", queryset=stages))


def map_detail(pk: int) -> JourneyMap | None:
    return _with_stages(JourneyMap.objects.filter(pk=pk)).first()


def maps_with_stages(body_id: int) -> QuerySet[JourneyMap]:
    """The body's maps with their stages loaded (four queries, whatever their number)."""
    return _with_stages(JourneyMap.objects.filter(body_id=body_id))


@dataclass
class PublicJourneys:
    """What a life situation's public page shows of its published maps: the journeys as
    they are today (AS IS), stage by stage, and for each TO BE map only what its authors
    wrote for citizens about what will change. The research's lanes stay internal."""

    maps: list[JourneyMap]
    changes: list[tuple[JourneyMap, list[str]]]


def published_for_life_situation(life_situation_id: int) -> PublicJourneys:
    """Published maps of a life situation, as its public page shows them."""
    published = JourneyMap.objects.filter(
        life_situation_id=life_situation_id, status=JourneyMap.Status.PUBLISHED
    ).select_related("segment")
    stages = Stage.objects.prefetch_related("touchpoints").order_by("order", "id")
    as_is = (
        published.filter(kind=JourneyMap.Kind.AS_IS)
        .prefetch_related(Prefetch("stages", queryset=stages))
        .order_by("segment__name", "id")
    )
    to_be = published.filter(kind=JourneyMap.Kind.TO_BE).exclude(public_changes="")
    return PublicJourneys(
        maps=list(as_is),
        changes=[(m, lines(m.public_changes)) for m in to_be.order_by("segment__name", "id")],
    )


def stage_snapshot(stage: Stage) -> dict[str, Any]:
    touchpoints = sorted(stage.touchpoints.all(), key=lambda t: t.pk)
    services = sorted(stage.services.all(), key=lambda s: s.pk)
    return {
        "id": stage.pk,
        "origin": stage.origin_id,
        "title": stage.title,
        "goal": stage.goal,
        "actions": stage.actions,
        "expectations": stage.expectations,
        "emotion": stage.emotion,
        "score": stage.score,
        "pains": stage.pains,
        "positives": stage.positives,
        "recommendations": stage.recommendations,
        "advice": stage.advice,
        "touchpoints": [t.title for t in touchpoints],
        "touchpoint_ids": [t.pk for t in touchpoints],
        "services": [s.title for s in services],
        "service_ids": [s.pk for s in services],
        "minutes": stage.minutes,
        "cost": str(stage.cost) if stage.cost is not None else None,
    }


def snapshot(journey_map: JourneyMap) -> dict[str, Any]:
    """What a version freezes and comparisons read; stages in their order."""
    return {
        "title": journey_map.title,
        "kind": journey_map.kind,
        "variant": journey_map.variant,
        "segment": journey_map.segment.name,
        "subject": journey_map.subject.title,
        "stages": [stage_snapshot(s) for s in journey_map.stages.all()],
    }


@dataclass(frozen=True)
class LegendEntry:
    """A mark of a map and what it means. ``line`` and ``dashed`` say how the emotion
    curve draws the line the mark stands for (a key of ``journeys.curve.COLOURS``)."""

    mark: str
    meaning: str
    line: str = ""
    dashed: bool = False


def legend(*, table: bool = True, curve: bool = False, ratings: bool = False) -> list[LegendEntry]:
    """What the marks of a map mean (R13): the emotions in the table, their place on the
    1–5 scale, the curve's lines (``ratings``: the line of real ratings is drawn). The page
    and every file that shows the marks read this one list, so they explain them alike."""
    entries = []
    if table:
        emotions = [Emotion.NEGATIVE, Emotion.NEUTRAL, Emotion.POSITIVE]
        entries += [
            LegendEntry(
                ", ".join(str(e.label) for e in emotions),
                _("Эмоция клиента на этапе по оценке аналитика."),
            ),
            LegendEntry(
                "1 / 5 … 5 / 5",
                _(
                    "Та же эмоция на шкале оценок клиентов: 1 — хуже всего, 5 — лучше всего. "
                    "Если аналитик не уточнил: %(scores)s."
                )
                % {"scores": ", ".join(f"{e.label} — {EMOTION_SCORE[e]}" for e in emotions)},
            ),
        ]
    if curve:
        entries.append(
            LegendEntry(
                _("Синяя сплошная линия"),
                _("Эмоция по оценке аналитика, этап за этапом, на шкале от 1 до 5."),
                line="analyst",
            )
        )
    if curve and ratings:  # drawn as views._curve draws it: dashed
        entries.append(
            LegendEntry(
                _("Зелёная пунктирная линия"),
                _(
                    "Средняя удовлетворённость по оценкам клиентов, от 1 до 5: только этапы, "
                    "где оценок не меньше %(n)s."
                )
                % {"n": PUBLISH_MIN},
                line="ratings",
                dashed=True,
            )
        )
    return entries


def versions(journey_map: JourneyMap) -> QuerySet[MapVersion]:
    return journey_map.versions.select_related("created_by")


@dataclass
class StageRating:
    """Real ratings behind a stage: its services at its touchpoints, over the period."""

    stage: Stage
    figures: feedback.Figures

    @property
    def n(self) -> int:
        return self.figures.n

    @property
    def shown(self) -> bool:
        return self.n >= PUBLISH_MIN

    @property
    def contradicts(self) -> bool:
        """Real satisfaction far from the analyst's emotion (only with enough ratings)."""
        mean = self.figures.csat.mean
        return self.shown and mean is not None and abs(mean - self.stage.score) >= CONTRADICTION


def overlay(journey_map: JourneyMap, months: int = 12) -> dict[int, StageRating]:
    """Per stage id: CSAT of its services at its touchpoints (all touchpoints of a service
    when the stage names none; every service at a touchpoint when it names no service).
    One query per service or touchpoint named, whatever the number of stages."""
    month_from, month_to = feedback.months_back(months)
    stages = list(journey_map.stages.all())
    by_service: dict[int, list[feedback.Figures]] = {}
    by_touchpoint: dict[int, feedback.Figures] = {}
    for stage in stages:
        for service in stage.services.all():
            if service.pk not in by_service:
                filters = feedback.Filters(
                    service_id=service.pk, month_from=month_from, month_to=month_to
                )
                by_service[service.pk] = feedback.figures(filters, "touchpoint")
        if not stage.services.all():
            for touchpoint in stage.touchpoints.all():
                if touchpoint.pk not in by_touchpoint:
                    filters = feedback.Filters(
                        touchpoint_id=touchpoint.pk, month_from=month_from, month_to=month_to
                    )
                    by_touchpoint[touchpoint.pk] = feedback.total(filters)
    found = {}
    for stage in stages:
        touchpoints = {t.pk for t in stage.touchpoints.all()}
        parts: list[feedback.Figures] = []
        for service in stage.services.all():
            parts += [f for f in by_service[service.pk] if not touchpoints or f.key in touchpoints]
        if not stage.services.all():
            parts += [by_touchpoint[t] for t in touchpoints]
        total = feedback.Figures(stage.pk)
        for part in parts:
            for name, value in part.sums.items():
                total.sums[name] += value
        found[stage.pk] = StageRating(stage, total)
    return found
