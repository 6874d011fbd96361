"""What templates may show: ``may.<capability>`` for the signed-in user's own body
(``accounts.roles``), and the capacity they act in. Templates never compare role names."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.models import Role
from accounts.roles import MAY_ACT_AS_CLIENT, Capacity, May, acts_as


def may(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    role = getattr(user, "role", None)
    return {
        "may": May(user),
        "acts_as_client": user.is_authenticated and acts_as(user) == Capacity.CLIENT,
        "may_switch_capacity": role is not None and Role(role) in MAY_ACT_AS_CLIENT,
    }
