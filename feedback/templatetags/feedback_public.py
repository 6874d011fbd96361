"""What feedback adds to a service's public page (registry), without the registry knowing
feedback: a link to rate the service and to its published results (R18, R20)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import F

from feedback.models import RatingPoint

register = template.Library()


@register.inclusion_tag("feedback/_service_links.html")
def service_feedback(service: Any) -> dict[str, Any]:
    """The service's rating point for citizens (one not tied to an office first: it can be
    used from anywhere), and its published results."""
    point = (
        RatingPoint.objects.filter(service=service, is_active=True, client_kind="citizen")
        .order_by(F("touchpoint_id").asc(nulls_first=True), "id")
        .first()
    )
    return {"point": point, "service": service}


@register.inclusion_tag("feedback/_place_figures.html")
def place_feedback(place: Any) -> dict[str, Any]:
    """What people said about this place over the published period (R20): the mean
    score and the share satisfied with their intervals and n, or, under the publishing
    minimum, that there are too few ratings yet; and where to rate it here."""
    from feedback import selectors
    from feedback.stats import PUBLISH_MIN

    filters = selectors.published_period(selectors.Filters(touchpoint_id=place.pk))
    point = (
        RatingPoint.objects.filter(touchpoint=place, is_active=True, client_kind="citizen")
        .order_by(F("service_id").asc(nulls_first=True), "id")
        .first()
    )
    return {
        "total": selectors.total(filters),
        "point": point,
        "min_n": PUBLISH_MIN,
        "months": selectors.PUBLIC_MONTHS,
    }
