"""Bodies side by side without ranking noise (issue 21): a funnel plot — each body's share
satisfied against its number of ratings, with the control limits of the region's share
at 95 % and 99.8 %. A small body is not called worst for a few unhappy ratings: only a
point outside the limits differs from the region more than chance would. The same for
the services of one body, against the body's share."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import Body
from feedback import selectors as feedback
from indicators.periods import Quarter
from indicators.selectors import bodies
from lib.charts import Chart
from lib.vega import COLOURS
from lib.vega import chart as vega_chart

Z95, Z998 = 1.96, 3.09


@dataclass(frozen=True)
class Point:
    name: str
    n: int
    share: float
    status: str  # above, below, edge, inside
    slug: str = ""  # the body's, for its public page

    @property
    def status_text(self) -> str:
        return {
            "above": _("выше области: лучше, чем случайно"),
            "below": _("ниже области: хуже, чем случайно"),
            "edge": _("у границы"),
            "inside": _("в пределах случайных колебаний"),
        }[self.status]


@dataclass(frozen=True)
class Funnel:
    quarter: Quarter
    mean: float | None
    points: list[Point]
    hidden: int  # bodies (or services) under the publishing minimum
    #: The body whose services are compared; None: the bodies of the region.
    body: Body | None = None

    @property
    def summary(self) -> str:
        if self.mean is None:
            if self.body is not None:
                return _(
                    "За {q} ни у одной услуги органа нет 10 оценок: сравнивать не по чему."
                ).format(q=self.quarter.label)
            return _("За {q} ни у одного органа нет 10 оценок: сравнивать не по чему.").format(
                q=self.quarter.label
            )
        count = {
            s: sum(1 for p in self.points if p.status == s) for s in ("above", "below", "edge")
        }
        text = (
            _(
                "Доля довольных по органу в {q} — {m} %. Выше области — услуг: {a}, ниже — "
                "{b}, у границы — {e}, остальные в пределах случайных колебаний."
            )
            if self.body is not None
            else _(
                "Доля довольных по региону в {q} — {m} %. Выше области — органов: {a}, ниже — "
                "{b}, у границы — {e}, остальные в пределах случайных колебаний."
            )
        )
        return text.format(
            q=self.quarter.label,
            m=number_format(round(self.mean * 100)),
            a=count["above"],
            b=count["below"],
            e=count["edge"],
        )


def _limit(mean: float, n: int, z: float) -> tuple[float, float]:
    half = z * math.sqrt(mean * (1 - mean) / n)
    return max(0.0, mean - half), min(1.0, mean + half)


def funnel(quarter: Quarter, body: Body | None = None) -> Funnel:
    """The region's bodies, or one body's services, in ``quarter``."""
    months = {"month_from": quarter.first_month, "month_to": quarter.last_month}
    rows = (
        feedback.figures_by_body(**months)
        if body is None
        else [
            r
            for r in feedback.figures_of_body_by(body_id=body.pk, by="service", **months)
            if r.key is not None
        ]
    )
    shown = [r for r in rows if not r.suppressed]
    total = sum(r.n for r in shown)
    if not shown or not total:
        return Funnel(quarter, None, [], len(rows) - len(shown), body)
    # the region's published share; a body's own share counts every one of its services
    counted = shown if body is None else rows
    mean = sum(r.sums["satisfied"] for r in counted) / sum(r.n for r in counted)
    slugs = dict(bodies().values_list("pk", "slug")) if body is None else {}
    points = []
    for r in shown:
        share = r.sums["satisfied"] / r.n
        low95, high95 = _limit(mean, r.n, Z95)
        low998, high998 = _limit(mean, r.n, Z998)
        status = (
            "above"
            if share > high998
            else "below"
            if share < low998
            else "edge"
            if share > high95 or share < low95
            else "inside"
        )
        points.append(Point(r.label, r.n, share, status, slugs.get(r.key, "")))
    points.sort(key=lambda p: (-p.n, p.name))
    return Funnel(quarter, mean, points, len(rows) - len(shown), body)


def chart(f: Funnel) -> Chart | None:
    """The funnel as SVG: the limits as lines over the range of n, the region's share as a
    rule, each body a point coloured by where it falls."""
    if f.mean is None:
        return None
    low_n, high_n = min(p.n for p in f.points), max(p.n for p in f.points)
    if low_n == high_n:  # one body, or all alike: a range around it
        low_n, high_n = max(10, low_n // 2), high_n * 2
    low_n, high_n = max(10, int(low_n / 1.3)), int(high_n * 1.3)  # points off the frame
    shares = [p.share for p in f.points] + [f.mean]
    bottom = max(0.0, math.floor((min(shares) - 0.1) * 10) / 10)
    top = min(1.0, math.ceil((max(shares) + 0.1) * 10) / 10)
    grid = sorted(
        {max(10, round(low_n * (high_n / low_n) ** (i / 40))) for i in range(41)} | {low_n, high_n}
    )
    limits = []
    for n in grid:
        for z, name in ((Z95, "95 %"), (Z998, "99,8 %")):
            low, high = _limit(f.mean, n, z)
            limits += [
                {"n": n, "share": low, "line": f"{name} низ"},
                {"n": n, "share": high, "line": f"{name} верх"},
            ]
    colour = {"above": COLOURS["green"], "below": COLOURS["red"], "edge": COLOURS["grey"],
              "inside": COLOURS["blue"]}  # fmt: skip
    spec = {
        "width": 560,
        "height": 320,
        "layer": [
            {
                "data": {"values": limits},
                "mark": {"type": "line", "strokeDash": [4, 3], "color": COLOURS["grey"],
                         "clip": True},
                "encoding": {
                    "x": {"field": "n", "type": "quantitative",
                          "scale": {"type": "log", "nice": False, "domain": [low_n, high_n]},
                          "axis": {"format": "d", "tickCount": 6}, "title": _("Число оценок")},
                    "y": {"field": "share", "type": "quantitative",
                          "scale": {"domain": [bottom, top], "zero": False, "nice": False},
                          "axis": {"labelExpr": "format(datum.value * 100, '.0f') + ' %'",
                                   "tickCount": 6},
                          "title": _("Доля довольных")},
                    "detail": {"field": "line"},
                },
            },
            {
                "data": {"values": [{"mean": f.mean}]},
                "mark": {"type": "rule", "color": COLOURS["text"]},
                "encoding": {"y": {"field": "mean", "type": "quantitative"}},
            },
            {
                "data": {"values": [
                    {"n": p.n, "share": p.share, "colour": colour[p.status]} for p in f.points
                ]},
                "mark": {"type": "point", "filled": True, "size": 90},
                "encoding": {
                    "x": {"field": "n", "type": "quantitative"},
                    "y": {"field": "share", "type": "quantitative"},
                    "color": {"field": "colour", "type": "nominal", "scale": None},
                },
            },
        ],
    }  # fmt: skip
    return vega_chart(
        spec,
        heading=(
            _("Доля довольных и число оценок по услугам органа, {q}")
            if f.body is not None
            else _("Доля довольных и число оценок по органам, {q}")
        ).format(q=f.quarter.label),
        summary=f.summary,
        ident="funnel",
    )
