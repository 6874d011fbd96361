"""Figures the rating API stores fit their columns: a larger one is a 422 naming the
field, not a server error."""

from __future__ import annotations

import json

import pytest

from feedback.models import Volume
from tests.factories import TouchpointFactory


@pytest.mark.parametrize("field", ["served", "offered"])
def test_a_volume_past_the_database_integer_is_refused(client, world, field):
    touchpoint = TouchpointFactory.create(body=world.body)
    body = {"touchpoint": touchpoint.pk, "month": "2026-01-01", "served": 10, "offered": 5}
    response = client.post(
        "/api/v1/rating-volumes",
        json.dumps({**body, field: 2**64}),
        content_type="application/json",
        headers={"X-API-Key": world.system_key},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"field": field, "message": "Значение больше допустимого."}
    ]
    assert not Volume.objects.exists()
