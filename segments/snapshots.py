"""A segment profile as plain data: what each version keeps and what two versions
compare (R9)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from segments.models import Segment

FIELD_LABELS: dict[str, Any] = {
    "code": _("Код"),
    "name": _("Название"),
    "description": _("Описание"),
    "target": _("Чья аудитория"),
    "audience_of": _("Жизненная ситуация, услуга или направление"),
    "is_potential": _("Потенциальные клиенты"),
    "attributes": _("Признаки"),
    "journey_features": _("Особенности клиентского пути"),
    "preferred_channels": _("Предпочтительные каналы"),
    "preferred_touchpoints": _("Предпочтительные точки взаимодействия"),
    "typical_problems": _("Типичные проблемы"),
    "needs": _("Потребности"),
    "hypotheses": _("Гипотезы"),
    "personalisation_plan": _("План персонализации пути"),
    "capacity": _("Ёмкость"),
    "satisfaction": _("Удовлетворённость"),
    "ratings_satisfaction": _("Удовлетворённость по оценкам клиентов"),
    "uniqueness": _("Уникальность проблем"),
    "blind_zone": _("Слепая зона"),
    "expert": _("Экспертная позиция органа"),
    "status": _("Статус"),
}


def number(value: object) -> str:
    """Russian number style: thin groups of thousands, a decimal comma."""
    if isinstance(value, bool) or value is None:
        return str(value or "")
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def day(value: dt.date | None) -> str:
    return f"{value:%d.%m.%Y}" if value is not None else ""


def _dated(value: object, source: str, as_of: dt.date | None) -> str:
    if value in (None, ""):
        return ""
    parts = [number(value)]
    if source:
        parts.append(source)
    if as_of:
        parts.append(f"на {day(as_of)}")
    return "; ".join(parts)


def build_snapshot(segment: Segment) -> dict[str, Any]:
    """The profile as it stands, in a form that is stored and compared as is."""
    from registry.models import Touchpoint

    if segment.target == Segment.Target.LIFE_SITUATION and segment.life_situation:
        audience_of = segment.life_situation.title
    elif segment.target == Segment.Target.SERVICE and segment.service:
        audience_of = segment.service.title
    else:
        audience_of = segment.get_direction_display()
    channels = dict(Touchpoint.Kind.choices)
    blind = ""
    if segment.entitled_count is not None:
        blind = _dated(
            f"{number(segment.applicants_count or 0)} из {number(segment.entitled_count)} "
            "обращаются",
            "",
            segment.blind_zone_as_of,
        )
    return {
        "code": segment.code,
        "name": segment.name,
        "description": segment.description,
        "target": segment.get_target_display(),
        "audience_of": audience_of,
        "is_potential": "да" if segment.is_potential else "нет",
        "attributes": [
            f"{a.attribute.name}: {'; '.join(a.values)}"  # as kept, in no reader's language
            for a in segment.attributes.select_related("attribute").order_by("attribute__name")
        ],
        "journey_features": segment.journey_features,
        "preferred_channels": [str(channels.get(c, c)) for c in segment.preferred_channels],
        "preferred_touchpoints": sorted(t.title for t in segment.preferred_touchpoints.all()),
        "typical_problems": segment.typical_problems,
        "needs": segment.needs,
        "hypotheses": [
            f"{h.statement} — {h.get_status_display()}" + (f" ({h.evidence})" if h.evidence else "")
            for h in segment.hypotheses.all()
        ],
        "personalisation_plan": segment.personalisation_plan,
        "capacity": _dated(
            segment.capacity, segment.get_capacity_source_display(), segment.capacity_as_of
        ),
        "satisfaction": _dated(
            segment.satisfaction,
            segment.get_satisfaction_source_display(),
            segment.satisfaction_as_of,
        ),
        "ratings_satisfaction": _dated(
            segment.ratings_satisfaction,
            _("оценок: %(n)s") % {"n": segment.ratings_count} if segment.ratings_count else "",
            segment.ratings_as_of,
        ),
        "uniqueness": _dated(
            segment.uniqueness, segment.get_uniqueness_source_display(), segment.uniqueness_as_of
        ),
        "blind_zone": blind,
        "expert": _dated(segment.expert_priority, segment.expert_note, None),
        "status": str(segment.get_status_display()),
    }


@dataclass(frozen=True)
class Row:
    label: str
    before: Any
    after: Any

    @property
    def changed(self) -> bool:
        return bool(self.before != self.after)


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[Row]:
    """Every field of two versions side by side, in the order of the profile."""
    return [
        Row(label=str(label), before=before.get(name, ""), after=after.get(name, ""))
        for name, label in FIELD_LABELS.items()
    ]
