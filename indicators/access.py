"""Loading indicators for a user: a body's indicators are its staff's to read; its heads,
analysts and administrators (those who approve its reports) set its own targets."""

from __future__ import annotations

from typing import Any

from accounts.access import AnyUser, body_for, load
from accounts.models import Body
from accounts.roles import Cap


def get_body_for_read(user: AnyUser) -> Body:
    return body_for(user, Cap.READ, "indicators")


def get_body_for_targets(user: AnyUser) -> Body:
    return body_for(user, Cap.APPROVE_REPORT, "indicators-targets")


def get_shortcoming_for_read(user: AnyUser, pk: int) -> Any:
    from indicators import selectors

    return load(user, selectors.shortcoming_detail(pk), f"shortcoming:{pk}")


def get_shortcoming_for_close(user: AnyUser, pk: int) -> Any:
    from indicators import selectors

    return load(
        user, selectors.shortcoming_detail(pk), f"shortcoming:{pk}", write=Cap.APPROVE_REPORT
    )
