"""A stage's touchpoints are ids the database can hold: a larger one is a 422 naming the
field, not a server error."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.test import Client

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def _send(client: Client, method: str, url: str, body: object, key: str) -> Response:
    response: Response = getattr(client, method)(
        url, json.dumps(body), content_type="application/json", headers={"X-API-Key": key}
    )
    return response


def test_a_touchpoint_id_past_the_database_integer_is_refused(client, world, birth_map):
    stage = birth_map.stages.first()
    for method, url, body in [
        (
            "post",
            f"/api/v1/journey-maps/{birth_map.pk}/stages",
            {"title": "Этап", "goal": "Цель", "actions": "Идёт", "touchpoints": [2**64]},
        ),
        (
            "patch",
            f"/api/v1/journey-maps/{birth_map.pk}/stages/{stage.pk}",
            {"touchpoints": [1, 2**63]},
        ),
    ]:
        response = _send(client, method, url, body, world.system_key)
        assert response.status_code == 422, url
        assert response.json()["detail"][0]["field"].startswith("touchpoints.")
    assert birth_map.stages.count() == 5
