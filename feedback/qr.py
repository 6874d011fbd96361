"""Links, QR codes (segno) and printable posters (WeasyPrint) of a rating point."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from feedback.models import RatingPoint


def links(point: RatingPoint) -> dict[str, str]:
    base = settings.SITE_URL
    return {
        "link": base + reverse("feedback:rate", args=[point.code]),
        "qr": base + reverse("feedback:rate_qr", args=[point.code]),
        "kiosk": base + reverse("feedback:kiosk", args=[point.code]),
        "widget": base + reverse("feedback:widget"),
    }


def invitation_links(token: str) -> dict[str, str]:
    """Where a one-time invitation leads, and its QR code."""
    base = settings.SITE_URL
    return {
        "url": base + reverse("feedback:invited", args=[token]),
        "qr_svg_url": base + reverse("feedback:invited_qr", args=[token]),
    }


def svg(url: str, *, scale: int = 4) -> str:
    """An inline SVG of the QR code (no XML declaration), with a text alternative."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=scale, xmldecl=False, svgns=True, title=url, svgclass="kc-qr"
    )
    return buffer.getvalue().decode()


def poster_html(point: RatingPoint, *, size: str = "A4") -> str:
    """A printable poster with the QR code, as HTML for the export path's PDF."""
    url = links(point)["qr"]
    return render_to_string(
        "feedback/poster.html",
        {"point": point, "url": url, "qr_svg": svg(url, scale=10), "size": size},
    )
