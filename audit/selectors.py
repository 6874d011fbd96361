"""Reading the audit trail."""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import QuerySet

from accounts.models import Body
from audit.models import AuditEvent


def audit_events_for_body(
    *,
    body: Body | None,
    person: str = "",
    action: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events of one body, newest first; ``None`` means every body (platform administrator).
    Filters: who (part of the name), which action, from and to a day (inclusive)."""
    events = AuditEvent.objects.select_related("actor", "body")
    if body is not None:
        events = events.filter(body=body)
    if person:
        # iregex, not icontains: SQLite folds the case of Latin letters only in LIKE.
        events = events.filter(actor_label__iregex=re.escape(person))
    if action:
        events = events.filter(action=action)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events
