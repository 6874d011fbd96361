"""Who reads the export log: the body's administrator (its own body's files) and the
platform administrator (every file, the public open data included)."""

from __future__ import annotations

from accounts.access import AnyUser, can_administer, refuse_forbidden
from accounts.models import Body, Role, User


def body_for_log(user: AnyUser) -> Body | None:
    """The body whose log the user reads; None for the platform administrator (all)."""
    if isinstance(user, User) and user.role == Role.PLATFORM_ADMIN:
        return None
    if isinstance(user, User) and user.body is not None and can_administer(user, user.body_id):
        return user.body
    raise refuse_forbidden(user, "exports:log")
