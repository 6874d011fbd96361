"""What the segments API takes: ids the database can hold, the lengths each field
declares, and no control characters; anything else is a 422 naming the field."""

from __future__ import annotations

import json

import pytest

from segments.models import Segment


@pytest.fixture
def api(client, world):
    client.force_login(world.analyst)
    return client


def test_a_touchpoint_id_past_the_database_integer_is_refused(api, segment):
    response = api.patch(
        f"/api/v1/segments/{segment.slug}",
        json.dumps({"reason": "Уточнили каналы", "preferred_touchpoints": [2**64]}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"field": "preferred_touchpoints.0", "message": "Значение больше допустимого."}]
    }


def test_a_hypothesis_takes_the_500_characters_it_is_stored_in(api, segment):
    statement = "Предпочитают МФЦ, потому что " + "очень " * 70
    assert 300 < len(statement.strip()) <= 500
    added = api.post(
        f"/api/v1/segments/{segment.slug}/hypotheses",
        {"kind": "channel", "statement": statement},
        content_type="application/json",
    )
    assert added.status_code == 201
    too_long = api.post(
        f"/api/v1/segments/{segment.slug}/hypotheses",
        {"kind": "channel", "statement": "х" * 501},
        content_type="application/json",
    )
    assert too_long.status_code == 422
    assert too_long.json()["detail"][0]["field"] == "statement"


def test_a_code_with_a_control_character_is_refused(api):
    response = api.post(
        "/api/v1/segments",
        {"code": "1\x0b1", "name": "Сегмент", "target": "direction", "direction": "services"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "code"
    assert not Segment.objects.exists()
