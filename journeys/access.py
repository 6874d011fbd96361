"""Loading journey maps for a user: the only way views and API handlers get them.

Maps are a body's working material: its staff read them (the head comments), its
analysts and systems change them; anyone else gets a 404 — drafts of other bodies do not
exist for them. A published map of a life situation is public only through that life
situation's page (plain table), never through these loaders.
"""

from __future__ import annotations

from accounts.access import (
    AnyUser,
    body_of,
    can_edit_for,
    is_staff_of,
    refuse_forbidden,
    refuse_not_found,
)
from accounts.models import Body
from journeys import selectors
from journeys.models import JourneyMap, Stage


def get_body_for_read(user: AnyUser) -> Body:
    return body_of(user, is_staff_of, "journeys")


def get_body_for_write(user: AnyUser) -> Body:
    return body_of(user, can_edit_for, "journeys:write")


def get_map_for_read(user: AnyUser, pk: int) -> JourneyMap:
    journey_map = selectors.map_detail(pk)
    if journey_map is None or not is_staff_of(user, journey_map.body_id):
        raise refuse_not_found(user, f"journey:{pk}")
    return journey_map


def get_map_for_write(user: AnyUser, pk: int) -> JourneyMap:
    journey_map = get_map_for_read(user, pk)
    if not can_edit_for(user, journey_map.body_id):
        raise refuse_forbidden(user, f"journey:{pk}")
    return journey_map


def get_stage_for_write(user: AnyUser, map_pk: int, stage_pk: int) -> Stage:
    journey_map = get_map_for_write(user, map_pk)
    stage = next((s for s in journey_map.stages.all() if s.pk == stage_pk), None)
    if stage is None:
        raise refuse_not_found(user, f"journey:{map_pk}:stage:{stage_pk}")
    stage.journey_map = journey_map
    return stage
