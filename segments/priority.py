"""Which segments to study first (R8): the single source of truth for the priority score.

Definition. Each input is brought to a share from 0 to 1, where 1 means "study first":

- capacity: ``log10(1 + capacity) / log10(1 + largest capacity of the body's segments)``
  — a logarithm, because capacities differ by orders of magnitude and a segment ten
  times larger should rank higher, not drown out every other input. A priority segment
  by capacity «может быть, как наиболее массовым, так и наиболее узким» (seed 000): the
  body chooses for all its segments, or a segment for itself, that the narrower the
  higher — then the share is ``1 −`` the above, and the explanation says so;
- satisfaction (1–5): ``(5 − satisfaction) / 4`` — the less satisfied, the higher;
- uniqueness of problems (1–5): ``(uniqueness − 1) / 4``;
- blind zone: ``(entitled − applicants) / entitled``, the share of entitled persons who
  do not apply;
- the body's expert position (1–5): ``(expert − 1) / 4``.

The score is ``100 × Σ weightᵢ × shareᵢ / Σ weightᵢ``, weights being the body's settings.
An input without data contributes 0 and is listed as missing, so a segment cannot rise
by being unknown. Pure computation: the caller passes the segments and the weights.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from segments.models import CapacityDirection, PriorityWeights, Segment
from segments.snapshots import day, number

INPUT_LABELS = {
    "capacity": _("Ёмкость сегмента"),
    "satisfaction": _("Неудовлетворённость"),
    "uniqueness": _("Уникальность проблем"),
    "blind_zone": _("Слепая зона"),
    "expert": _("Экспертная позиция органа"),
}


@dataclass(frozen=True)
class Term:
    """One input of the score, as the page explains it."""

    name: str
    label: str
    raw: str  # the input as entered, e.g. "12 400 чел."
    source: str
    as_of: str
    share: float | None  # 0..1, None when there is no data
    weight: int
    points: float  # its contribution to the score, 0..100


@dataclass(frozen=True)
class Priority:
    segment: Segment
    score: float
    terms: list[Term]

    @property
    def missing(self) -> list[str]:
        return [str(t.label) for t in self.terms if t.share is None]


def weights_for(weights: PriorityWeights | None) -> dict[str, int]:
    return weights.as_dict() if weights else dict(PriorityWeights.DEFAULTS)


def _scale_1_5(value: int | Decimal | None, *, inverse: bool = False) -> float | None:
    if value is None:
        return None
    share = (float(value) - 1) / 4
    return 1 - share if inverse else share


def _satisfaction(segment: Segment) -> Decimal | None:
    """The research figure (surveys, interviews, focus groups, reviews — R8); the clients'
    ratings only where there is none."""
    return (
        segment.satisfaction if segment.satisfaction is not None else segment.ratings_satisfaction
    )


def direction_of(segment: Segment, body_direction: str) -> str:
    """Whether size raises (``larger``) or lowers (``smaller``) this segment's priority."""
    return segment.capacity_direction or body_direction


def _shares(
    segment: Segment, largest_capacity: int, body_direction: str
) -> dict[str, float | None]:
    capacity = None
    if segment.capacity is not None and largest_capacity > 0:
        capacity = math.log10(1 + segment.capacity) / math.log10(1 + largest_capacity)
        if direction_of(segment, body_direction) == CapacityDirection.SMALLER:
            capacity = 1 - capacity
    return {
        "capacity": capacity,
        "satisfaction": _scale_1_5(_satisfaction(segment), inverse=True),
        "uniqueness": _scale_1_5(segment.uniqueness),
        "blind_zone": segment.blind_zone_share,
        "expert": _scale_1_5(segment.expert_priority),
    }


def _capacity_rule(segment: Segment, body_direction: str) -> str:
    """How size counted, and whose choice it was: the explanation of the score says which."""
    rule = str(CapacityDirection(direction_of(segment, body_direction)).label).lower()
    if segment.capacity_direction:
        return str(_("{rule} (выбрано для сегмента)")).format(rule=rule)
    return str(_("{rule} (выбор органа)")).format(rule=rule)


def _raw_and_source(segment: Segment, body_direction: str) -> dict[str, tuple[str, str, str]]:
    share = segment.blind_zone_share
    return {
        "capacity": (
            f"{number(segment.capacity)} — {_capacity_rule(segment, body_direction)}",
            segment.get_capacity_source_display(),
            day(segment.capacity_as_of),
        ),
        "satisfaction": (
            (
                number(segment.satisfaction),
                segment.get_satisfaction_source_display(),
                day(segment.satisfaction_as_of),
            )
            if segment.satisfaction is not None or segment.ratings_satisfaction is None
            else (
                number(segment.ratings_satisfaction),
                str(_("Оценки клиентов (оценок: {n})")).format(n=segment.ratings_count)
                if segment.ratings_count
                else str(_("Оценки клиентов")),
                day(segment.ratings_as_of),
            )
        ),
        "uniqueness": (
            str(segment.uniqueness or ""),
            segment.get_uniqueness_source_display(),
            day(segment.uniqueness_as_of),
        ),
        "blind_zone": (
            f"{number(segment.entitled_count - (segment.applicants_count or 0))} из "
            f"{number(segment.entitled_count)} ({share:.0%})"
            if share is not None and segment.entitled_count
            else "",
            str(_("Внутренняя статистика органа")) if share is not None else "",
            day(segment.blind_zone_as_of),
        ),
        "expert": (
            str(segment.expert_priority or ""),
            segment.expert_note,
            "",
        ),
    }


def rank(
    segments: Iterable[Segment],
    weights: dict[str, int],
    capacity_direction: str = CapacityDirection.LARGER,
) -> list[Priority]:
    """Scores of ``segments`` (one body's), highest first; ties by code.
    ``capacity_direction``: the body's choice for segments that make none."""
    segments = list(segments)
    largest = max((s.capacity or 0 for s in segments), default=0)
    total_weight = sum(weights.values()) or 1
    result = []
    for segment in segments:
        shares = _shares(segment, largest, capacity_direction)
        raws = _raw_and_source(segment, capacity_direction)
        terms = []
        for name, share in shares.items():
            points = 100 * weights[name] * (share or 0) / total_weight
            raw, source, as_of = raws[name]
            terms.append(
                Term(
                    name=name,
                    label=str(INPUT_LABELS[name]),
                    raw=raw,
                    source=source,
                    as_of=as_of,
                    share=share,
                    weight=weights[name],
                    points=points,
                )
            )
        score = round(sum(t.points for t in terms), 1)
        result.append(Priority(segment=segment, score=score, terms=terms))
    result.sort(key=lambda p: (-p.score, p.segment.code))
    return result
