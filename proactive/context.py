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
    if found is None:
        return {}
    match = getattr(request, "resolver_match", None)
    here = match is not None and match.namespace == "proactive" and match.url_name in ACTING_PAGES
    return {"acting": found, "acting_here": here}


#: The pages that show the client's cabinet while one acts for them; any other page a
#: representative opens meanwhile is their own (their history, profile, home).
ACTING_PAGES = frozenset(
    {"cabinet", "offer", "offer_action", "book", "booking_move", "booking_cancel", "revoke"}
)
