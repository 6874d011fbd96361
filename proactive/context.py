"""What every page needs from proactive delivery (a context processor)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.middleware import ACTING_FOR


def acting(request: HttpRequest) -> dict[str, Any]:
    """The representation the signed-in client is acting under, so that the banner says
    whose cabinet this is on every page, not only the proactive ones."""
    from proactive.models import Representation

    session = getattr(request, "session", None)
    pk = session.get(ACTING_FOR) if session is not None else None
    if pk is None or not getattr(request.user, "is_authenticated", False):
        return {}
    found = (
        Representation.objects.active()
        .select_related("principal")
        .prefetch_related("life_situations")
        .filter(pk=pk, representative_id=request.user.pk, accepted_at__isnull=False)
        .first()
    )
    return {"acting": found} if found is not None else {}
