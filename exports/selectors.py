"""The export log as the body administrator reads it."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Body
from exports.models import ExportEvent


def events_for(*, body: Body | None, personal_only: bool = False) -> QuerySet[ExportEvent]:
    """The body's exports, newest first (``body=None``: every export, for the platform's
    administrator)."""
    events = ExportEvent.objects.select_related("actor", "body")
    if body is not None:
        events = events.filter(body=body)
    if personal_only:
        events = events.filter(personal=True)
    return events
