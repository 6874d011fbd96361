from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from journeys.compare import lines
from journeys.curve import COLOURS, DASH
from journeys.selectors import LegendEntry
from lib.durations import duration

register = template.Library()


@register.filter
def lane_items(stage: object, name: str) -> list[str]:
    """A lane's items, one per line as the analyst wrote them."""
    return lines(str(getattr(stage, name, "") or ""))


register.filter("duration", duration)  # minutes as a person reads them (lib.durations)


@register.simple_tag
def legend_swatch(entry: LegendEntry) -> SafeString | str:
    """A short sample of the curve's line a legend entry stands for, in the curve's colour
    and dashes; decorative, as the entry names the line in words."""
    if not entry.line:
        return ""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="12" viewBox="0 0 40 12" '
        'aria-hidden="true" focusable="false" class="kc-swatch"><line x1="0" x2="40" y1="6" '
        'y2="6" stroke="{}" stroke-width="3" stroke-dasharray="{}"/>'
        '<circle cx="20" cy="6" r="4" fill="{}"/></svg>',
        COLOURS[entry.line],
        DASH if entry.dashed else "none",
        COLOURS[entry.line],
    )


@register.inclusion_tag("journeys/_public_maps.html")
def public_journeys(life_situation_id: int) -> dict[str, object]:
    """Published maps of a life situation as its public page shows them: the journey as it
    is today stage by stage, and what will change, in the words written for citizens."""
    from journeys.selectors import published_for_life_situation

    journeys = published_for_life_situation(life_situation_id)
    return {"maps": journeys.maps, "changes": journeys.changes}
