"""A body's satisfaction taken apart (issue 21): body → life situation → service → segment
→ touchpoint, for one quarter, on the same figures as the body's page. Each group comes
with its n, its 95 % interval and whether it differs from the level above beyond chance;
at a service or a life situation, the body's journey maps of it, whose stages carry the
same ratings.

A rating is of a service or of a whole life situation (``feedback.RatedSubject``), so a
life situation's figures are the ratings of the services on its steps and its own; a
service on the steps of several life situations counts in each of them."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Body
from feedback import selectors as feedback
from indicators.periods import Quarter, last_quarters
from journeys import selectors as journeys
from registry import selectors as registry

#: The levels, from the widest.
LEVELS = ("life_situation", "service", "segment", "touchpoint")
LEVEL_NAMES = {
    "life_situation": gettext_lazy("жизненные ситуации"),
    "service": gettext_lazy("услуги"),
    "segment": gettext_lazy("сегменты"),
    "touchpoint": gettext_lazy("точки"),
}


@dataclass(frozen=True)
class Path:
    """Where the drill-down stands: the ids chosen so far (``whole``: the life
    situation's own ratings, not its services')."""

    life_situation: int | None = None
    whole: bool = False
    service: int | None = None
    segment: int | None = None
    touchpoint: int | None = None

    def query(self, quarter: Quarter, **changes: Any) -> str:
        values = {
            "q": quarter.code,
            "ls": self.life_situation,
            "whole": 1 if self.whole else None,
            "service": self.service,
            "segment": self.segment,
            "touchpoint": self.touchpoint,
        }
        values.update(changes)
        return "?" + urlencode({k: v for k, v in values.items() if v not in (None, "", False)})


@dataclass
class Group:
    """One row: a group's figures and where clicking it leads."""

    key: Any
    label: str
    figures: Any
    link: str = ""
    differs: str = ""  # "above", "below" or "" against the level above

    @property
    def share(self) -> str:
        return _shown(self.figures, "satisfaction", self.figures.satisfied.share)

    @property
    def interval(self) -> str:
        s = self.figures.satisfied
        if self.figures.suppressed or s.low is None:
            return ""
        return f"{_fmt('satisfaction', s.low)} – {_fmt('satisfaction', s.high)}"

    @property
    def effort(self) -> str:
        c = self.figures.ces
        return _shown(self.figures, "effort", c.mean, c.n)

    @property
    def loyalty(self) -> str:
        s = self.figures.loyalty
        return _shown(self.figures, "loyalty", s.share, s.n)


def _fmt(code: str, value: Any) -> str:
    from indicators.catalogue import BY_CODE
    from indicators.selectors import fmt

    return fmt(BY_CODE[code], value)


def _shown(figures: Any, code: str, value: Any, n: int | None = None) -> str:
    """A value, or «мало данных» under 10 cases (of the group, or of those who answered)."""
    if figures.suppressed or value is None or (n is not None and n < feedback.PUBLISH_MIN):
        return _("мало данных")
    return _fmt(code, value)


@dataclass
class Drill:
    quarter: Quarter
    quarters: list[Quarter]
    path: Path
    crumbs: list[tuple[str, str]]
    total: Any
    by: str
    choices: list[tuple[str, str, str]]
    groups: list[Group] = field(default_factory=list)
    maps: list[Any] = field(default_factory=list)

    @property
    def top(self) -> Group:
        return Group(None, "", self.total)

    @property
    def by_name(self) -> str:
        return str(LEVEL_NAMES.get(self.by, ""))


def _known(body: Body, span: list[Quarter], dimension: str) -> dict[Any, str]:
    """The groups of ``dimension`` the body has ratings of over the span, labelled: what
    a path may name (anything else is not the body's to ask about)."""
    found = feedback.label(
        feedback.figures(
            feedback.Filters(
                body_id=body.pk, month_from=span[0].first_month, month_to=span[-1].last_month
            ),
            dimension,
        ),
        dimension,
    )
    return {f.key: f.label for f in found if f.key is not None}


def _differs(group: Any, parent: float | None) -> str:
    share = group.satisfied
    if parent is None or group.suppressed or share.low is None or share.high is None:
        return ""
    if share.low > parent:
        return "above"
    if share.high < parent:
        return "below"
    return ""


def _sum(key: Any, parts: list[Any]) -> Any:
    return feedback.figures_sum(key, parts)


def drill(body: Body, *, quarter: Quarter | None, path: Path, by: str = "") -> Drill | None:
    """The drill-down at ``path`` in ``quarter`` (the current one by default), grouped by
    ``by`` (the next level by default); None when the path names something the body has
    no ratings of in the last eight quarters. A constant number of queries."""
    span = last_quarters(8)
    quarter = quarter if quarter in span else span[-1]
    situations = registry.life_situations_with_services_of(body_id=body.pk)
    crumbs: list[tuple[str, str]] = [(body.short_name, Path().query(quarter))]
    labels: dict[str, dict[Any, str]] = {}
    for dimension in ("service", "segment", "touchpoint"):
        chosen = getattr(path, dimension)
        if chosen is not None:
            labels[dimension] = _known(body, span, dimension)
            if chosen not in labels[dimension]:
                return None
    if path.life_situation is not None:
        if path.life_situation not in situations:
            return None
        services = situations[path.life_situation][1]
        if path.service is not None and path.service not in services:
            return None
        crumbs.append(
            (situations[path.life_situation][0], Path(path.life_situation).query(quarter))
        )
        if path.whole:
            crumbs.append(
                (_("оценки ситуации целиком"), Path(path.life_situation, True).query(quarter))
            )
    elif path.whole:
        return None
    if path.whole and path.service is not None:  # a rating is of one or the other
        return None
    so_far = Path(path.life_situation, path.whole)
    for dimension in ("service", "segment", "touchpoint"):
        chosen = getattr(path, dimension)
        if chosen is not None:
            so_far = Path(**{**so_far.__dict__, dimension: chosen})
            crumbs.append((labels[dimension][chosen], so_far.query(quarter)))

    base = feedback.Filters(
        body_id=body.pk,
        service_id=path.service,
        segment_id=path.segment,
        touchpoint_id=path.touchpoint,
        life_situation_id=path.life_situation if path.whole else None,
        month_from=quarter.first_month,
        month_to=quarter.last_month,
    )
    spread = path.life_situation is not None and path.service is None and not path.whole
    if spread:
        remaining = ["service"]  # a life situation opens into its services first
    else:
        remaining = [d for d in ("service", "segment", "touchpoint") if getattr(path, d) is None]
        if path == Path():
            remaining.insert(0, "life_situation")
    if not remaining:
        by = ""
    elif by not in remaining:
        by = remaining[0]
    groups: list[Group] = []
    if by == "life_situation" or spread:
        by_service = {f.key: f for f in feedback.figures(base, "service") if f.key is not None}
        own = feedback.figures(dataclasses.replace(base, life_situation_id=None), "life_situation")
        by_situation = {f.key: f for f in own if f.key is not None}
        if spread:
            assert path.life_situation is not None
            members = situations[path.life_situation][1]
            names = feedback.label([by_service[s] for s in members if s in by_service], "service")
            groups = [Group(f.key, f.label, f, path.query(quarter, service=f.key)) for f in names]
            whole = by_situation.get(path.life_situation)
            if whole is not None:
                groups.append(
                    Group(
                        "whole",
                        _("Оценки ситуации целиком"),
                        whole,
                        path.query(quarter, whole=1),
                    )
                )
            total = _sum(path.life_situation, [g.figures for g in groups])
        else:
            for ls_id, (title, members) in sorted(situations.items(), key=lambda kv: kv[1][0]):
                parts = [by_service[s] for s in members if s in by_service]
                if ls_id in by_situation:
                    parts.append(by_situation[ls_id])
                if parts:
                    figures = _sum(ls_id, parts)
                    groups.append(Group(ls_id, title, figures, Path(ls_id).query(quarter)))
            total = feedback.total(base)
    else:
        total = feedback.total(base)
        if by:
            for f in feedback.grouped(base, by):
                link = path.query(quarter, **{by: f.key}) if f.key is not None else ""
                groups.append(Group(f.key, f.label, f, link))
    parent = total.satisfied.share if not total.suppressed else None
    for g in groups:
        g.differs = _differs(g.figures, parent)
    order = {"below": 0, "": 1, "above": 2}
    groups.sort(key=lambda g: (g.figures.suppressed, order[g.differs], -g.figures.n))
    choices = [(d, str(LEVEL_NAMES[d]), path.query(quarter, by=d)) for d in remaining if d != by]
    maps: list[Any] = []
    if path.service is not None:
        maps = list(journeys.maps_about(body_id=body.pk, service_id=path.service))
    elif path.life_situation is not None:
        maps = list(journeys.maps_about(body_id=body.pk, life_situation_id=path.life_situation))
    return Drill(quarter, span, path, crumbs, total, by, choices, groups, maps)
