"""lib.charts: accessible SVG charts drawn on the server (no JavaScript, no inline style)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from lib.charts import Bar, Point, bars, line

SVG = "{http://www.w3.org/2000/svg}"


def _line(points: list[Point]) -> ET.Element:
    markup = line(
        points, title="Средняя оценка", description="Растёт", ident="t", bottom=1, top=5,
        ticks=(1, 3, 5),
    )  # fmt: skip
    return ET.fromstring(str(markup))  # noqa: S314 - our own markup


def test_a_chart_is_an_image_named_and_described_for_screen_readers() -> None:
    svg = _line([Point("01.26", 4.0), Point("02.26", 4.5)])
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "t-title t-desc"
    assert svg.find(f"{SVG}title").text == "Средняя оценка"  # type: ignore[union-attr]
    assert svg.find(f"{SVG}desc").text == "Растёт"  # type: ignore[union-attr]
    assert svg.find(f"{SVG}title").get("id") == "t-title"  # type: ignore[union-attr]


def test_no_style_that_the_csp_would_refuse_and_no_script() -> None:
    markup = str(line([Point("a", 3.0)], title="t", description="d", ident="x", bottom=1,
                      top=5, ticks=(1, 5)))  # fmt: skip
    markup += str(bars([Bar("a", 50, "50 %")], title="t", description="d", ident="y", most=100))
    assert "style" not in markup and "<script" not in markup


def test_values_are_written_not_told_by_colour_alone() -> None:
    svg = _line([Point("01.26", 4.25), Point("02.26", 3.5)])
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "4.25" in texts and "3.5" in texts and "01.26" in texts


def test_a_higher_value_is_drawn_higher_and_a_missing_one_breaks_the_line() -> None:
    svg = _line([Point("a", 2.0), Point("b", 4.0), Point("c", None), Point("d", 5.0)])
    dots = [float(c.get("cy", 0)) for c in svg.iter(f"{SVG}circle")]
    assert len(dots) == 3 and dots[0] > dots[1] > dots[2]  # SVG's y grows downwards
    lines = list(svg.iter(f"{SVG}polyline"))
    assert len(lines) == 1 and len(lines[0].get("points", "").split()) == 2  # a, b; d alone
    assert "—" in [t.text for t in svg.iter(f"{SVG}text")]  # the gap says so


def test_an_interval_is_a_band_behind_the_line() -> None:
    svg = _line([Point("a", 3.0, 2.5, 3.5), Point("b", 4.0, 3.8, 4.2)])
    band = svg.find(f"{SVG}polygon")
    assert band is not None and len(band.get("points", "").split()) == 4


def test_bars_are_as_long_as_their_values_and_labels_are_escaped() -> None:
    markup = str(
        bars(
            [Bar("<Довольны>", 75, "75 %"), Bar("Нет", 25, "25 %")],
            title="Как оценили", description="Три четверти довольны", ident="d", most=100,
        )
    )  # fmt: skip
    svg = ET.fromstring(markup)  # noqa: S314 - our own markup
    widths = [float(r.get("width", 0)) for r in svg.iter(f"{SVG}rect")]
    assert widths[0] == 3 * widths[1]
    assert "&lt;Довольны&gt;" in markup
    assert re.search(r"<text[^>]*>75 %</text>", markup)
