"""What touchpoint standards add to a place's public page (registry), without the
registry knowing them: the last check's result in plain words (R29)."""

from __future__ import annotations

from typing import Any

from django import template

from standards import selectors

register = template.Library()


@register.inclusion_tag("standards/_place_check.html")
def place_check(place: Any) -> dict[str, Any]:
    """The place's last finished check: when, how many applicable requirements were met,
    and which were not, as the list says them."""
    return {"last": selectors.last_check_of(place.pk)}
