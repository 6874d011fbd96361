"""Journey maps through the API: the same rules as the pages, 4xx naming the field."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.test import Client

from journeys.models import JourneyMap

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def post(client: Client, url: str, body: object, key: str) -> Response:
    return client.post(
        url, json.dumps(body), content_type="application/json", headers={"X-API-Key": key}
    )


def test_system_builds_a_map_and_a_to_be_and_reads_the_comparison(
    client, world, place, published_situation
):
    key = world.system_key
    created = post(
        client,
        "/api/v1/journey-maps",
        {
            "segment": place.segment.slug,
            "variant": "онлайн",
            "life_situation": published_situation.slug,
        },
        key,
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    for title in ("Узнаёт", "Подаёт", "Ждёт"):
        added = post(
            client,
            f"/api/v1/journey-maps/{pk}/stages",
            {
                "title": title,
                "goal": "Получить пособие",
                "actions": "Заполняет форму",
                "emotion": -1,
                "pains": "Долго",
                "touchpoints": [place.mfc.pk],
            },
            key,
        )
        assert added.status_code == 201, added.content
    to_be = post(client, f"/api/v1/journey-maps/{pk}/to-be", {}, key)
    assert to_be.status_code == 201 and to_be.json()["base"] == pk
    to_be_id = to_be.json()["id"]
    last = to_be.json()["stages"][-1]["id"]
    assert (
        client.delete(
            f"/api/v1/journey-maps/{to_be_id}/stages/{last}", headers={"X-API-Key": key}
        ).status_code
        == 204
    )
    first = to_be.json()["stages"][0]["id"]
    patched = client.patch(
        f"/api/v1/journey-maps/{to_be_id}/stages/{first}",
        json.dumps({"emotion": 1, "pains": None}),
        content_type="application/json",
        headers={"X-API-Key": key},
    )
    assert patched.status_code == 200 and patched.json()["score"] == 4
    result = client.get(
        f"/api/v1/journey-maps/{to_be_id}/comparison", headers={"X-API-Key": key}
    ).json()
    assert (result["added"], result["removed"], result["changed"]) == (0, 1, 1)
    assert result["before"]["stages"] == 3 and result["after"]["stages"] == 2
    overlay = client.get(
        f"/api/v1/journey-maps/{pk}/overlay?months=6", headers={"X-API-Key": key}
    ).json()
    assert [row["n"] for row in overlay] == [0, 0, 0]


def test_bad_input_is_a_4xx_naming_the_field(client, world, place, published_situation):
    key = world.system_key
    both = post(
        client,
        "/api/v1/journey-maps",
        {
            "segment": place.segment.slug,
            "variant": "онлайн",
            "service": "reg",
            "life_situation": published_situation.slug,
        },
        key,
    )
    assert both.status_code == 422 and both.json()["detail"][0]["field"] == "service"
    foreign = post(
        client,
        "/api/v1/journey-maps",
        {"segment": place.other_segment.slug, "variant": "онлайн", "service": "reg"},
        key,
    )
    assert foreign.status_code == 422 and foreign.json()["detail"][0]["field"] == "segment"
    created = post(
        client,
        "/api/v1/journey-maps",
        {"segment": place.segment.slug, "variant": "лично", "service": "reg"},
        key,
    ).json()
    no_goal = post(
        client,
        f"/api/v1/journey-maps/{created['id']}/stages",
        {"title": "Этап", "goal": " ", "actions": "Идёт"},
        key,
    )  # R11
    assert no_goal.status_code == 422 and no_goal.json()["detail"][0]["field"] == "goal"
    bad_score = post(
        client,
        f"/api/v1/journey-maps/{created['id']}/stages",
        {"title": "Этап", "goal": "Цель", "actions": "Идёт", "emotion_score": 9},
        key,
    )
    assert bad_score.status_code == 422 and "emotion_score" in json.dumps(bad_score.json())
    unknown = post(
        client,
        f"/api/v1/journey-maps/{created['id']}/stages",
        {"title": "Этап", "goal": "Цель", "actions": "Идёт", "touchpoints": [999]},
        key,
    )
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["field"] == "touchpoints"
    assert JourneyMap.objects.get(pk=created["id"]).stages.count() == 0


def test_another_body_sees_no_map(client, world, place, birth_map):
    client.force_login(world.other_analyst)
    assert client.get(f"/api/v1/journey-maps/{birth_map.pk}").status_code == 404
    assert client.get("/api/v1/journey-maps").json() == []
    client.force_login(world.head)
    assert client.get(f"/api/v1/journey-maps/{birth_map.pk}").status_code == 200
    assert post(client, f"/api/v1/journey-maps/{birth_map.pk}/publish", {}, "").status_code == 403


def test_too_long_titles_are_a_4xx_not_a_database_error(client, world, place, birth_map):
    key = world.system_key
    long = "Этап " * 50  # 250 characters: the columns hold 200
    refused = post(
        client,
        "/api/v1/journey-maps",
        {"title": long, "segment": place.segment.slug, "variant": "онлайн", "service": "reg"},
        key,
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "title"
    stage = post(
        client,
        f"/api/v1/journey-maps/{birth_map.pk}/stages",
        {"title": long, "goal": "Цель", "actions": "Идёт"},
        key,
    )
    assert stage.status_code == 422 and stage.json()["detail"][0]["field"] == "title"
    # A title at the limit still gets its TO BE copy: the suffix is cut to fit.
    patched = client.patch(
        f"/api/v1/journey-maps/{birth_map.pk}",
        json.dumps({"title": "К" * 200}),
        content_type="application/json",
        headers={"X-API-Key": key},
    )
    assert patched.status_code == 200
    to_be = post(client, f"/api/v1/journey-maps/{birth_map.pk}/to-be", {}, key)
    assert to_be.status_code == 201 and len(to_be.json()["title"]) == 200


def test_listing_maps_takes_the_same_queries_for_one_map_or_many(client, world, birth_map):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from journeys import services

    headers = {"X-API-Key": world.system_key}
    client.get("/api/v1/journey-maps", headers=headers)  # the key's "last used" is written once
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/v1/journey-maps", headers=headers).json()) == 1
    for _i in range(3):
        services.map_duplicate(actor=world.analyst, journey_map=birth_map)
    with CaptureQueriesContext(connection) as four:
        assert len(client.get("/api/v1/journey-maps", headers=headers).json()) == 4
    assert len(four) == len(one)
