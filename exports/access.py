"""Who reads the export log: the body's administrator (its own body's files) and the
platform administrator (every file, the public open data included)."""

from __future__ import annotations

from accounts.access import AnyUser, require
from accounts.models import Body
from accounts.roles import Cap


def body_for_log(user: AnyUser) -> Body | None:
    """The body whose log the user reads; None for the platform administrator (all)."""
    require(user, Cap.ADMINISTER, "exports:log", getattr(user, "body_id", None))
    return user.body  # type: ignore[union-attr]  # None: the platform administrator's, all
