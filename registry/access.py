"""Loading registry objects for a user: the only way views and API handlers get them.

Another body's draft is a 404; an object the user may read but not change is a 403.
Published life situations and the reference data (services, touchpoints, digital
services, bodies) are open to everyone; only their owning body changes them.
"""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model

from accounts.access import AnyUser, is_staff_of
from accounts.access import can_edit_for as can_edit_for  # the pages use these from here
from accounts.access import refuse_forbidden as refuse_forbidden
from accounts.access import refuse_not_found as refuse_not_found
from registry import selectors
from registry.models import LifeSituation, Service

M = TypeVar("M", bound=Model)


def can_read_life_situation(user: AnyUser, life_situation: LifeSituation) -> bool:
    return life_situation.is_published or is_staff_of(user, life_situation.owner_body_id)


def get_life_situation_for_read(user: AnyUser, slug: str) -> LifeSituation:
    life_situation = selectors.life_situation_detail(slug=slug)
    if life_situation is None or not can_read_life_situation(user, life_situation):
        raise refuse_not_found(user, f"life_situation:{slug}")
    return life_situation


def get_life_situation_for_write(user: AnyUser, slug: str) -> LifeSituation:
    life_situation = get_life_situation_for_read(user, slug)
    if not can_edit_for(user, life_situation.owner_body_id):
        raise refuse_forbidden(user, f"life_situation:{slug}")
    return life_situation


def _get_reference_for_write(user: AnyUser, obj: M | None, label: str) -> M:
    if obj is None:
        raise refuse_not_found(user, label)
    if not can_edit_for(user, obj.body_id):  # type: ignore[attr-defined]
        raise refuse_forbidden(user, label)
    return obj


def get_service_for_read(user: AnyUser, slug: str) -> Service:
    service = selectors.service_detail(slug=slug)
    if service is None:
        raise refuse_not_found(user, f"service:{slug}")
    return service


def get_service_for_write(user: AnyUser, slug: str) -> Service:
    return _get_reference_for_write(user, selectors.service_detail(slug=slug), f"service:{slug}")
