"""Reading the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import Body
from audit.models import AuditEvent


def audit_events_for_body(*, body: Body | None) -> QuerySet[AuditEvent]:
    """Events of one body, newest first; ``None`` means every body (platform administrator)."""
    events = AuditEvent.objects.select_related("actor", "body")
    if body is not None:
        events = events.filter(body=body)
    return events
