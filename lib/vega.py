"""Charts the hand-drawn ``lib.charts`` does not draw (a scatter over a log scale with
curved limits: the funnel plot), as SVG rendered on the server from a Vega-Lite
specification by vl-convert-python (ADR 0017). The result is a ``lib.charts.Chart`` and
is shown the same way (``templates/includes/chart.html``): ``role="img"`` named by its
title and described by its summary, no script, no ``style`` (the pages' CSP), in a box
that scrolls on a phone, with the table of the same figures after it."""

from __future__ import annotations

import functools
import json
from typing import Any

import vl_convert
from django.utils.html import escape
from django.utils.safestring import SafeString

from lib.charts import BLACK, BLUE, GREEN, GREY, Chart

FONT = "Arial, 'Liberation Sans', sans-serif"
RED = "#d4351c"
COLOURS = {"text": BLACK, "blue": BLUE, "green": GREEN, "grey": GREY, "red": RED}


@functools.lru_cache(maxsize=256)
def _render(spec_json: str) -> str:
    return str(vl_convert.vegalite_to_svg(json.loads(spec_json)))


def chart(spec: dict[str, Any], *, heading: str, summary: str, ident: str) -> Chart:
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "config": {
            "font": FONT,
            "axis": {"labelFontSize": 14, "titleFontSize": 14, "labelColor": BLACK,
                     "titleColor": BLACK},
            "view": {"stroke": None},
        },
        **spec,
    }  # fmt: skip
    drawn = _render(json.dumps(spec, sort_keys=True, ensure_ascii=False))
    head = f'<svg role="img" aria-labelledby="{ident}-title {ident}-desc" class="kc-chart__svg" '
    drawn = drawn.replace("<svg ", head, 1)
    close = drawn.index(">") + 1
    labels = (
        f'<title id="{ident}-title">{escape(heading)}</title>'
        f'<desc id="{ident}-desc">{escape(summary)}</desc>'
    )
    svg = SafeString(drawn[:close] + labels + drawn[close:])  # nosec B703 - our spec, texts escaped
    return Chart(heading=heading, svg=svg, summary=summary)
