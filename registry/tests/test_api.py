from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from audit.models import AuditEvent
from registry.models import LifeSituation
from tests.factories import ServiceFactory

if TYPE_CHECKING:
    from conftest import World

NEW = {
    "title": "Переезд в другой город",
    "start_event": "Смена места жительства",
    "final_result": "Человек зарегистрирован по новому адресу",
    "time_bound_days": 30,
    "client_kinds": ["citizen"],
}


def _key(world: World) -> dict[str, str]:
    return {"HTTP_X_API_KEY": world.system_key}


def test_public_list_and_search_by_word_form(client, published_situation):
    data = client.get("/api/v1/life-situations", {"q": "ребёнка"}).json()
    assert data["count"] == 1 and data["results"][0]["slug"] == "rozhdenie"
    assert client.get("/api/v1/life-situations", {"q": "пенсия"}).json()["count"] == 0


def test_public_detail_is_the_published_version(client, published_situation):
    data = client.get("/api/v1/life-situations/rozhdenie").json()
    assert data["version"] == 1
    assert [s["service"]["body"]["slug"] for s in data["steps"]] == ["minsoc", "sfr", "sfr"]
    assert data["needs"][0]["reason"].startswith("Мест пока меньше")
    # R30's exception and the body's own waiting target travel with the published version.
    assert data["steps"][0]["service"]["offline_preferred"] is False
    assert data["steps"][0]["service"]["waiting_target_days"] is None


def test_a_version_published_before_the_r30_fields_still_reads(client, published_situation):
    from registry.models import LifeSituationVersion

    version = LifeSituationVersion.objects.get(life_situation=published_situation)
    for step in version.snapshot["steps"]:
        del step["service"]["offline_preferred"], step["service"]["waiting_target_days"]
    version.save()
    data = client.get("/api/v1/life-situations/rozhdenie").json()
    assert data["steps"][0]["service"]["offline_preferred"] is False


def test_system_creates_a_draft_with_its_key_and_it_is_audited(client, world):
    response = client.post(
        "/api/v1/life-situations", NEW, content_type="application/json", **_key(world)
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"
    created = LifeSituation.objects.get()
    assert created.owner_body == world.body
    assert AuditEvent.objects.get(action="life_situation.create").actor == world.system
    # A draft is not public.
    assert client.get(f"/api/v1/life-situations/{created.slug}").status_code == 404


def test_write_without_key_is_401_naming_the_header(client, world):
    response = client.post("/api/v1/life-situations", NEW, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["detail"][0]["field"] == "X-API-Key"


def test_revoked_key_is_refused(client, world):
    from accounts.models import ApiKey
    from accounts.services import api_key_revoke

    api_key_revoke(actor=world.body_admin, key=ApiKey.objects.get(system=world.system))
    response = client.post(
        "/api/v1/life-situations", NEW, content_type="application/json", **_key(world)
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"start_event": ""}, "start_event"),
        ({"final_result": "   "}, "final_result"),
        ({"time_bound_days": 0}, "time_bound_days"),
        ({"time_bound_days": "много"}, "time_bound_days"),
        ({"client_kinds": ["alien"]}, "client_kinds.0"),
        ({"client_kinds": []}, "client_kinds"),
        ({"title": "x" * 301}, "title"),
        ({"title": "Nul\x00byte"}, "title"),
        ({"owner_body": "no-such-body"}, "owner_body"),
    ],
)
def test_bad_input_is_4xx_naming_the_field(client, world, change, field):
    response = client.post(
        "/api/v1/life-situations", {**NEW, **change}, content_type="application/json", **_key(world)
    )
    assert 400 <= response.status_code < 500
    fields = [d["field"] for d in response.json()["detail"]]
    assert field in fields, response.json()
    assert all(d["message"] for d in response.json()["detail"])
    assert not LifeSituation.objects.exists()


def test_malformed_json_is_4xx(client, world):
    response = client.post(
        "/api/v1/life-situations", "{not json", content_type="application/json", **_key(world)
    )
    assert response.status_code in (400, 422)


def test_system_cannot_write_another_bodys_situation(client, world):
    from registry import services

    other = services.life_situation_create(
        actor=world.other_analyst,
        owner_body=world.other_body,
        title="Чужая",
        slug="chuzhaya",
        start_event="С",
        final_result="Р",
        time_bound_days=5,
    )
    response = client.patch(
        f"/api/v1/life-situations/{other.slug}",
        {"title": "Моя"},
        content_type="application/json",
        **_key(world),
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.title == "Чужая"


def test_steps_needs_and_publish_through_the_api(client, world):
    ServiceFactory.create(
        body=world.body, slug="reg-po-mestu", title="Регистрация по месту жительства"
    )
    ServiceFactory.create(body=world.other_body, slug="polis", title="Замена полиса ОМС")
    slug = client.post(
        "/api/v1/life-situations", NEW, content_type="application/json", **_key(world)
    ).json()["slug"]
    for service in ["reg-po-mestu", "polis"]:
        r = client.post(
            f"/api/v1/life-situations/{slug}/steps",
            {"service": service},
            content_type="application/json",
            **_key(world),
        )
        assert r.status_code == 201
    bad = client.post(
        f"/api/v1/life-situations/{slug}/needs",
        {"title": "Прописка без визита", "status": "cannot"},
        content_type="application/json",
        **_key(world),
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "reason"  # R4
    published = client.post(
        f"/api/v1/life-situations/{slug}/publish",
        {"comment": "v1"},
        content_type="application/json",
        **_key(world),
    )
    assert published.status_code == 200 and published.json()["version"] == 1
    assert client.get("/api/v1/life-situations", {"q": "переезде"}).json()["count"] == 1


def test_unknown_service_in_step_is_422_naming_service(client, world):
    slug = client.post(
        "/api/v1/life-situations", NEW, content_type="application/json", **_key(world)
    ).json()["slug"]
    r = client.post(
        f"/api/v1/life-situations/{slug}/steps",
        {"service": "nope"},
        content_type="application/json",
        **_key(world),
    )
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "service"


def test_reference_lists(client, world, published_situation):
    assert {b["slug"] for b in client.get("/api/v1/bodies").json()} == {"minsoc", "sfr"}
    services_ = client.get("/api/v1/services", {"body": "sfr"}).json()
    assert {s["slug"] for s in services_} == {"posobie", "kapital"}
    assert client.get("/api/v1/services", {"body": "nope"}).status_code == 422


def test_openapi_schema_is_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/life-situations" in schema["paths"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("analyst", 201),
        ("head", 403),
        ("citizen", 403),
        ("servant", 403),
        ("business", 403),
    ],
)
def test_api_create_matrix_for_signed_in_users(role, status, world):
    from django.test import Client

    client = Client(enforce_csrf_checks=False)
    client.force_login(getattr(world, role))
    response = client.post(
        "/api/v1/services", {"title": "Новая услуга органа"}, content_type="application/json"
    )
    assert response.status_code == status, response.content


def test_a_key_without_the_registry_scope_reads_the_public_registry(
    client, world, published_situation
):
    from accounts.services import api_key_issue

    _, ratings_only = api_key_issue(actor=None, system=world.system, name="r", scopes=["ratings"])
    url = f"/api/v1/life-situations/{published_situation.slug}"
    assert client.get(url, HTTP_X_API_KEY=ratings_only).status_code == 200
    drafts = client.get(url + "?draft=true", HTTP_X_API_KEY=ratings_only)
    assert drafts.status_code == 404  # as for anyone: the draft is the body's staff's


def test_a_need_is_changed_and_removed_by_its_id(client, world, published_situation):
    """PUT and DELETE /life-situations/{slug}/needs/{id}: the working copy lists each need
    with its id (another editor's reorder cannot make a call hit the wrong need); the same
    checks as adding (R4, R23), a typed 422 naming the field and nothing changed; another
    situation's need or none is a 404."""
    draft = client.get(
        f"/api/v1/life-situations/{published_situation.slug}", {"draft": "true"}, **_key(world)
    ).json()
    need_id = draft["needs"][0]["id"]
    assert need_id == published_situation.needs.get().pk
    published = client.get(f"/api/v1/life-situations/{published_situation.slug}").json()
    assert published["needs"][0]["id"] is None  # a version is not edited
    url = f"/api/v1/life-situations/{published_situation.slug}/needs/{need_id}"
    hard = client.put(
        url,
        {
            "title": "Место в детском саду",
            "status": "cannot",
            "reason": "Удовлетворение данной потребности не представляется возможным вследствие "
            "отсутствия нормативно-правового регулирования соответствующих правоотношений.",
        },
        content_type="application/json",
        **_key(world),
    )
    assert hard.status_code == 422 and hard.json()["detail"][0]["field"] == "reason"  # R23
    assert published_situation.needs.get().reason.startswith("Мест пока меньше")
    unknown = client.put(
        url,
        {"title": "Место в детском саду", "status": "met", "services": ["net-takoy"]},
        content_type="application/json",
        **_key(world),
    )
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["field"] == "services"
    changed = client.put(
        url,
        {"title": "Место в детском саду", "status": "met", "services": ["reg"]},
        content_type="application/json",
        **_key(world),
    )
    assert changed.status_code == 200
    assert changed.json()["needs"] == [
        {
            "id": need_id,
            "title": "Место в детском саду",
            "status": "met",
            "reason": "",
            "services": ["reg"],
        }
    ]
    missing = client.delete(
        f"/api/v1/life-situations/{published_situation.slug}/needs/{need_id + 1000}",
        **_key(world),
    )
    assert missing.status_code == 404
    gone = client.delete(url, **_key(world))
    assert gone.status_code == 200 and gone.json()["needs"] == []
