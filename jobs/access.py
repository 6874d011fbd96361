"""Who reads the operator page: the staff of any body and the platform administrator.
It shows counts and times only — no personal data and nothing of one body's work."""

from __future__ import annotations

from accounts.access import AnyUser, require
from accounts.roles import Cap


def require_operator(user: AnyUser) -> None:
    require(user, Cap.READ, "jobs:status", getattr(user, "body_id", None))
