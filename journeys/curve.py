"""The emotion curve (R13): server-rendered SVG over the stages, readable without
JavaScript, with a title, a description and a table alternative beside it."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

WIDTH_PER_STAGE = 150
HEIGHT = 260
TOP, BOTTOM, LEFT = 24, 64, 56


@dataclass
class Series:
    name: str
    points: list[float | None]  # 1–5 per stage; None where there is no value
    css: str  # class of the line: analyst, ratings, before
    dashed: bool = False


def _y(score: float) -> float:
    return TOP + (5 - score) / 4 * (HEIGHT - TOP - BOTTOM)


#: Line colours (presentation attributes, not a <style>: the pages' CSP allows no inline
#: styles, and WeasyPrint reads attributes too). Contrast ≥ 3:1 on white (WCAG 1.4.11).
COLOURS = {"analyst": "#1d70b8", "ratings": "#00703c", "before": "#505a5f"}
#: The dashes of a dashed line (the real ratings; AS IS beside TO BE).
DASH = "8 6"
TEXT = 'font-family="sans-serif" font-size="14" fill="#0b0c0c"'


def svg(
    labels: list[str], series: list[Series], *, title: str, description: str, ident: str = "curve"
) -> str:
    """An SVG of the series over the stages: the 1–5 scale, a line and dots per series.
    ``ident`` keeps the ids unique when a page shows several curves."""
    width = LEFT + WIDTH_PER_STAGE * max(len(labels), 1)
    x = [LEFT + WIDTH_PER_STAGE * (i + 0.5) for i in range(len(labels))]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {HEIGHT}" '
        f'width="{width}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class="kc-curve">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]
    for score, word in ((5, "5"), (4, "4"), (3, "3"), (2, "2"), (1, "1")):
        y = _y(score)
        parts.append(
            f'<line x1="{LEFT}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="#b1b4b6"/>'
            f'<text x="{LEFT - 10}" y="{y + 5:.1f}" text-anchor="end" {TEXT}>'
            f"{word}</text>"
        )
    for i, label in enumerate(labels):
        first, second = _two_lines(f"{i + 1}. {label}")
        parts.append(
            f'<text x="{x[i]:.1f}" y="{HEIGHT - BOTTOM + 20}" text-anchor="middle" '
            f'font-family="sans-serif" font-size="13" fill="#0b0c0c">'
            f'<tspan x="{x[i]:.1f}">{escape(first)}</tspan>'
            f'<tspan x="{x[i]:.1f}" dy="17">{escape(second)}</tspan></text>'
        )
    for line in series:
        dots = [(x[i], _y(p)) for i, p in enumerate(line.points) if p is not None]
        if len(dots) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in dots)
            dash = f' stroke-dasharray="{DASH}"' if line.dashed else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{COLOURS[line.css]}" '
                f'stroke-width="3"{dash}/>'
            )
        for (px, py), value in zip(dots, [p for p in line.points if p is not None], strict=True):
            parts.append(
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="6" fill="{COLOURS[line.css]}">'
                f"<title>{escape(line.name)}: {value:.1f}</title></circle>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _two_lines(label: str, width: int = 18) -> tuple[str, str]:
    """A stage's label on two lines under its point; the rest shortened with "…"."""
    words, lines = label.split(), ["", ""]
    line = 0
    for word in words:
        candidate = f"{lines[line]} {word}".strip()
        if len(candidate) <= width or not lines[line]:
            lines[line] = candidate
        elif line == 0:
            line, lines[1] = 1, word
        else:
            lines[1] = lines[1][: width - 1] + "…"
            break
    if len(lines[1]) > width:
        lines[1] = lines[1][: width - 1] + "…"
    return lines[0][: width + 6], lines[1]
