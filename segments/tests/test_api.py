"""The segments API: profiles, R6/R7 through the API, the ranking, and bad input as 4xx
naming the field."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from segments.tests.conftest import make_final_ready

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


@pytest.fixture
def api(client, world):
    client.force_login(world.analyst)
    return client


def _errors(response: Response) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["detail"]}


def test_create_and_read_a_segment(api, world, published_situation):
    created = api.post(
        "/api/v1/segments",
        {
            "code": "ЖС-1",
            "name": "Молодые родители",
            "target": "life_situation",
            "life_situation": published_situation.slug,
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["life_situation"] == published_situation.slug
    assert body["status"] == "draft"
    assert "добавьте ещё 5" in body["problems"][0]  # R6 flag
    assert api.get(f"/api/v1/segments/{body['slug']}").json()["code"] == "ЖС-1"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"code": "1", "name": "Сегмент", "target": "planet"}, "target"),
        ({"code": "1", "name": "Се", "target": "direction", "direction": "services"}, "name"),
        ({"code": "1", "name": "Сегмент", "target": "direction"}, "direction"),
        ({"code": "1", "name": "Сегмент", "target": "service", "service": "nope"}, "service"),
        ({"name": "Сегмент", "target": "direction", "direction": "services"}, "code"),
    ],
)
def test_bad_create_is_a_4xx_naming_the_field(api, payload, field):
    response = api.post("/api/v1/segments", payload, content_type="application/json")
    assert response.status_code in (400, 422)
    assert field in _errors(response)


def test_duplicate_code_is_refused(api, segment):
    response = api.post(
        "/api/v1/segments",
        {"code": "1.1", "name": "Ещё один", "target": "direction", "direction": "services"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "code" in _errors(response)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"needs": "x"}, "reason"),
        ({"reason": "r", "satisfaction": 7}, "satisfaction"),
        ({"reason": "r", "capacity": -1}, "capacity"),
        ({"reason": "r", "capacity": 10}, "capacity_source"),
        ({"reason": "r", "entitled_count": 10, "applicants_count": 20}, "applicants_count"),
        ({"reason": "r", "preferred_touchpoints": [999999]}, "preferred_touchpoints"),
        ({"reason": "r", "capacity_as_of": "вчера"}, "capacity_as_of"),
    ],
)
def test_bad_patch_is_a_4xx_naming_the_field_and_saves_nothing(api, segment, payload, field):
    response = api.patch(
        f"/api/v1/segments/{segment.slug}", payload, content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert field in _errors(response)
    assert segment.versions.count() == 1


def test_attribute_value_outside_catalogue_names_value(api, segment):
    response = api.put(
        f"/api/v1/segments/{segment.slug}/attributes/age",
        {"value": "вечно молодой"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "value" in _errors(response)
    unknown = api.put(
        f"/api/v1/segments/{segment.slug}/attributes/shoe-size",
        {"value": "42"},
        content_type="application/json",
    )
    assert unknown.status_code == 422
    assert "attribute" in _errors(unknown)


def test_several_values_through_the_api(api, segment, catalogue):  # R5, issue 16 item 9
    response = api.put(
        f"/api/v1/segments/{segment.slug}/attributes/channel",
        {"values": ["лично", "Портал Госуслуг"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    (attribute,) = response.json()["attributes"]
    assert attribute["values"] == ["лично", "портал Госуслуг"]
    refused = api.put(
        f"/api/v1/segments/{segment.slug}/attributes/age",
        {"values": ["до 18 лет", "18–35 лет"]},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "values" in _errors(refused)
    catalogue_out = {a["code"]: a for a in api.get("/api/v1/segment-attributes").json()}
    assert catalogue_out["channel"]["multiple"] and not catalogue_out["age"]["multiple"]


def test_finalise_through_the_api_gives_the_reasons(api, world, segment, catalogue):  # R6 R7
    refused = api.post(f"/api/v1/segments/{segment.slug}/finalise")
    assert refused.status_code == 422
    messages = " ".join(e["message"] for e in refused.json()["detail"])
    assert "признаков" in messages and "респондентом" in messages
    make_final_ready(world, segment, catalogue)
    done = api.post(f"/api/v1/segments/{segment.slug}/finalise")
    assert done.status_code == 200
    assert done.json()["status"] == "final"


def test_hypothesis_added_and_checked(api, segment):  # R7
    added = api.post(
        f"/api/v1/segments/{segment.slug}/hypotheses",
        {"kind": "channel", "statement": "Пишут в чат-бот"},
        content_type="application/json",
    )
    assert added.status_code == 201
    hypothesis_id = added.json()["hypotheses"][0]["id"]
    no_evidence = api.post(
        f"/api/v1/segments/{segment.slug}/hypotheses/{hypothesis_id}",
        {"status": "confirmed"},
        content_type="application/json",
    )
    assert no_evidence.status_code == 422
    assert "evidence" in _errors(no_evidence)
    checked = api.post(
        f"/api/v1/segments/{segment.slug}/hypotheses/{hypothesis_id}",
        {"status": "confirmed", "evidence": "Опрос 120 человек"},
        content_type="application/json",
    )
    assert checked.json()["hypotheses"][0]["status"] == "confirmed"


def test_ranking_explains_each_score(api, world, segment):  # R8
    api.patch(
        f"/api/v1/segments/{segment.slug}",
        {"reason": "стат", "capacity": 500, "capacity_source": "body_statistics"},
        content_type="application/json",
    )
    ranking = api.get("/api/v1/segments/priority").json()
    assert ranking[0]["segment"] == segment.slug
    capacity = next(t for t in ranking[0]["terms"] if t["name"] == "capacity")
    assert capacity["share"] == 1.0
    assert capacity["points"] == 30.0
    assert ranking[0]["score"] == 30.0
    listing = api.get("/api/v1/segments").json()
    assert listing[0]["place"] == 1


def test_catalogue_lists_shared_and_own_attributes(api, world):
    from segments import services

    services.attribute_create(
        actor=world.analyst,
        body=world.body,
        name="Получает пенсию по СФР",
        source_kind="documents",
        values=["да", "нет"],
    )
    codes = {a["code"]: a for a in api.get("/api/v1/segment-attributes").json()}
    assert codes["disability"]["is_special"] is True
    assert codes["poluchaet-pensiiu-po-sfr"]["shared"] is False


@pytest.mark.parametrize("count", [3, 12])
def test_list_query_count_does_not_grow_with_segments(
    api, world, django_assert_max_num_queries, count
):
    from segments import services

    for i in range(count):
        services.segment_create(
            actor=world.analyst,
            body=world.body,
            code=f"Q{i}",
            name=f"Сегмент {i}",
            target="direction",
            direction="services",
        )
    with django_assert_max_num_queries(8):
        assert len(api.get("/api/v1/segments").json()) == count
    with django_assert_max_num_queries(12):
        assert "Сегмент 2" in api.get("/kabinet/segments/").content.decode()
