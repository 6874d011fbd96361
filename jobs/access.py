"""Who reads the operator page: the staff of any body and the platform administrator.
It shows counts and times only — no personal data and nothing of one body's work."""

from __future__ import annotations

from accounts.access import AnyUser, is_staff_of, refuse_forbidden
from accounts.models import User


def require_operator(user: AnyUser) -> None:
    if not (isinstance(user, User) and is_staff_of(user, user.body_id)):
        raise refuse_forbidden(user, "jobs:status")
