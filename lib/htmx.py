"""htmx requests, as django-htmx's middleware marks them."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """True for a request htmx made (``request.htmx`` is set by ``HtmxMiddleware``)."""
    return bool(getattr(request, "htmx", False))
