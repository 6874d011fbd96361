"""Charts drawn on the server as SVG, for people who would rather look than read: a line
over time (with an interval band) and horizontal bars. Domain-free: the feedback pages use
it, and so can any app that shows figures (indicators).

What makes them accessible (WCAG 1.1.1, 1.4.1, 1.4.11): each is an ``<svg role="img">``
named by its ``<title>`` and described by its ``<desc>``; the page puts a text summary
beside it and keeps the table of the same figures after it (``templates/includes/
chart.html``); values are written on the bars and the points, not told by colour alone;
the colours have a contrast of at least 3:1 on white. No JavaScript, and no ``style``: the
pages' CSP allows no inline styles, so colours and fonts are presentation attributes. A
chart keeps its size, so its words stay readable, and scrolls in its box on a phone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString

#: GOV.UK's blue, green and dark grey: at least 3:1 against white (WCAG 1.4.11).
BLUE, GREEN, GREY, BLACK = "#1d70b8", "#00703c", "#505a5f", "#0b0c0c"
#: The interval band behind a line: a light tint, with the line and dots drawn over it.
BAND = "#bdd4ea"
GUIDE = "#b1b4b6"
FONT = "font-family=\"Arial, 'Liberation Sans', sans-serif\""


@dataclass(frozen=True)
class Chart:
    """A chart as a page shows it (``templates/includes/chart.html``): its heading, the
    SVG, and a summary in words that says what the chart shows for those who do not see
    it or would rather read; the table of the same figures follows on the page."""

    heading: str
    svg: SafeString
    summary: str


@dataclass(frozen=True)
class Point:
    """One point of a line: its label on the x axis and its value; ``None`` leaves a gap
    (no value, or too few to show). ``low`` and ``high`` bound an interval around it."""

    label: str
    value: float | None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value and the text written at its end (the value as people
    read it: «42 %», «4,3»)."""

    label: str
    value: float
    text: str
    colour: str = BLUE


def _open(width: float, height: float, ident: str, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class="kc-chart__svg">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]


def line(
    points: Sequence[Point],
    *,
    title: str,
    description: str,
    ident: str,
    bottom: float,
    top: float,
    ticks: Sequence[float],
    tick_text: Callable[[float], str] = lambda v: f"{v:g}",
    value_text: Callable[[float], str] = lambda v: f"{v:g}",
) -> SafeString:
    """A line over ``points`` on a scale from ``bottom`` to ``top`` (guides at ``ticks``),
    each value written above its dot, each interval a band behind the line; a point
    without a value breaks the line."""
    # Room for the longest words: a tick's label left of the axis, a point's label below it
    # (about 7 px a character at these sizes), never less than the charts had before.
    widest_tick = max((len(tick_text(t)) for t in ticks), default=0)
    widest_label = max((len(p.label) for p in points), default=0)
    step = max(60, 7 * widest_label + 10)
    left, right, above, below = max(44, 9 * widest_tick + 14), 16, 28, 40
    height = 240
    width = left + right + step * max(len(points), 1)
    plot = height - above - below

    def y(value: float) -> float:
        share = (min(max(value, bottom), top) - bottom) / (top - bottom)
        return above + (1 - share) * plot

    def x(index: int) -> float:
        return left + step * (index + 0.5)

    parts = _open(width, height, ident, title, description)
    for tick in ticks:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{GUIDE}" stroke-width="1"/>'
            f'<text x="{left - 8}" y="{y(tick) + 5:.1f}" text-anchor="end" {FONT} '
            f'font-size="14" fill="{BLACK}">{escape(tick_text(tick))}</text>'
        )
    runs: list[list[int]] = [[]]  # stretches of points with values, between gaps
    for i, point in enumerate(points):
        if point.value is None:
            runs.append([])
        else:
            runs[-1].append(i)
    for run in (r for r in runs if r):
        banded = [i for i in run if points[i].low is not None and points[i].high is not None]
        if len(banded) == len(run) and len(run) > 1:
            upper = [f"{x(i):.1f},{y(points[i].high):.1f}" for i in run]  # type: ignore[arg-type]
            lower = [f"{x(i):.1f},{y(points[i].low):.1f}" for i in reversed(run)]  # type: ignore[arg-type]
            parts.append(f'<polygon points="{" ".join(upper + lower)}" fill="{BAND}"/>')
        elif banded:
            for i in banded:  # a lone point's interval: a whisker
                parts.append(
                    f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{y(points[i].low):.1f}" '  # type: ignore[arg-type]
                    f'y2="{y(points[i].high):.1f}" stroke="{BAND}" stroke-width="8"/>'  # type: ignore[arg-type]
                )
        if len(run) > 1:
            path = " ".join(f"{x(i):.1f},{y(points[i].value):.1f}" for i in run)  # type: ignore[arg-type]
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{BLUE}" stroke-width="3"/>'
            )
    for i, point in enumerate(points):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - below + 22}" text-anchor="middle" {FONT} '
            f'font-size="13" fill="{BLACK}">{escape(point.label)}</text>'
        )
        if point.value is None:
            parts.append(  # on the axis, where no value is: not read as a point
                f'<text x="{x(i):.1f}" y="{height - below - 6:.1f}" text-anchor="middle" {FONT} '
                f'font-size="14" fill="{GREY}">—</text>'
            )
            continue
        cy = y(point.value)
        parts.append(
            f'<circle cx="{x(i):.1f}" cy="{cy:.1f}" r="5" fill="{BLUE}"/>'
            f'<text x="{x(i):.1f}" y="{cy - 12:.1f}" text-anchor="middle" {FONT} '
            f'font-size="13" font-weight="bold" fill="{BLACK}">'
            f"{escape(value_text(point.value))}</text>"
        )
    parts.append("</svg>")
    return SafeString("".join(parts))  # nosec B703 - every text in it is escaped above


def bars(
    items: Sequence[Bar], *, title: str, description: str, ident: str, most: float
) -> SafeString:
    """Horizontal bars, one a row: the label above its bar, the bar as long as its value
    against ``most``, its text at the end of the bar."""
    width, row, bar_height, label_gap, text_room = 560, 56, 24, 20, 72
    height = row * max(len(items), 1)
    parts = _open(width, height, ident, title, description)
    room = width - text_room
    for i, item in enumerate(items):
        top = i * row
        length = 0.0 if most <= 0 else max(0.0, min(item.value / most, 1.0)) * room
        bar_y = top + label_gap + 4
        parts.append(
            f'<text x="0" y="{top + label_gap - 2}" {FONT} font-size="15" fill="{BLACK}">'
            f"{escape(item.label)}</text>"
            f'<rect x="0" y="{bar_y}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{item.colour}"/>'
            f'<text x="{length + 8:.1f}" y="{bar_y + bar_height - 6}" {FONT} font-size="15" '
            f'font-weight="bold" fill="{BLACK}">{escape(item.text)}</text>'
        )
    parts.append("</svg>")
    return SafeString("".join(parts))  # nosec B703 - every text in it is escaped above
