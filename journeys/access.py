"""Loading journey maps for a user: the only way views and API handlers get them.

Maps are a body's working material: its staff read them (the head comments), its
analysts and systems change them; anyone else gets a 404 — drafts of other bodies do not
exist for them. A published map of a life situation is public only through that life
situation's page (plain table), never through these loaders.
"""

from __future__ import annotations

from accounts.access import AnyUser, body_for, load, refuse_not_found
from accounts.models import Body
from accounts.roles import Cap
from journeys import selectors
from journeys.models import JourneyMap, Stage


def get_body_for_read(user: AnyUser) -> Body:
    return body_for(user, Cap.READ, "journeys")


def get_body_for_write(user: AnyUser) -> Body:
    return body_for(user, Cap.EDIT, "journeys:write")


def get_map_for_read(user: AnyUser, pk: int) -> JourneyMap:
    return load(user, selectors.map_detail(pk), f"journey:{pk}")


def get_map_for_write(user: AnyUser, pk: int) -> JourneyMap:
    return load(user, selectors.map_detail(pk), f"journey:{pk}", write=Cap.EDIT)


def get_stage_for_write(user: AnyUser, map_pk: int, stage_pk: int) -> Stage:
    journey_map = get_map_for_write(user, map_pk)
    stage = next((s for s in journey_map.stages.all() if s.pk == stage_pk), None)
    if stage is None:
        raise refuse_not_found(user, f"journey:{map_pk}:stage:{stage_pk}")
    stage.journey_map = journey_map
    return stage
