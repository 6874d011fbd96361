"""Loading indicators for a user: a body's indicators are its staff's to read; its heads,
analysts and administrators (those who approve its reports) set its own targets."""

from __future__ import annotations

from accounts.access import AnyUser, body_for
from accounts.models import Body
from accounts.roles import Cap


def get_body_for_read(user: AnyUser) -> Body:
    return body_for(user, Cap.READ, "indicators")


def get_body_for_targets(user: AnyUser) -> Body:
    return body_for(user, Cap.APPROVE_REPORT, "indicators-targets")
