"""Inbox API: systems post items (idempotent by external id), read status; the readability
endpoint; bad input is 4xx naming the field."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client

from inbox.models import Item
from inbox.tests.conftest import BUREAUCRATIC, PLAIN

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db


def _post(client: Client, key: str, payload: object, path: str = "/api/v1/appeals") -> Response:
    return client.post(path, payload, content_type="application/json", HTTP_X_API_KEY=key)


def _fields(response: Response) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["detail"]}


def test_system_posts_an_appeal_with_a_deadline(client, world):  # R22
    response = _post(
        client,
        world.system_key,
        {
            "kind": "mention",
            "channel": "vk",
            "text": "Где пособие?",
            "external_id": "vk-1",
            "received_at": "2026-11-20T09:00:00Z",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["due_at"].startswith("2026-11-20T13:00")
    assert body["body"] == "minsoc" and body["status"] == "new"


def test_same_external_id_returns_the_first_item(client, world):
    payload = {"kind": "comment", "channel": "vk", "text": "Где пособие?", "external_id": "vk-7"}
    first = _post(client, world.system_key, payload)
    again = _post(client, world.system_key, payload)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert Item.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "letter", "channel": "vk", "text": "x"}, "kind"),
        ({"kind": "comment", "channel": "fax", "text": "x"}, "channel"),
        ({"kind": "comment", "channel": "vk", "text": "   "}, "text"),
        ({"kind": "comment", "channel": "vk"}, "text"),
        (
            {"kind": "comment", "channel": "vk", "text": "x", "life_situation": "net-takoy"},
            "life_situation",
        ),
        ({"kind": "comment", "channel": "vk", "text": "x", "service": "net-takoy"}, "service"),
        ({"kind": "comment", "channel": "vk", "text": "x", "received_at": "вчера"}, "received_at"),
        (
            {
                "kind": "comment",
                "channel": "vk",
                "text": "x",
                "received_at": "2099-01-01T00:00:00Z",
            },
            "received_at",
        ),
        ({"kind": "comment", "channel": "vk", "text": "x", "url": "не ссылка"}, "url"),
        ({"kind": "comment", "channel": "vk", "text": "a\x00b"}, "text"),
    ],
)
def test_bad_appeal_is_422_naming_the_field(client, world, payload, field):
    response = _post(client, world.system_key, payload)
    assert response.status_code == 422
    assert field in _fields(response)
    assert Item.objects.count() == 0


def test_appeals_need_a_key_or_session(client):
    response = _post(client, "kc_wrong", {"kind": "comment", "channel": "vk", "text": "x"})
    assert response.status_code == 401


def test_citizen_cannot_post_into_a_bodys_inbox(client, world):
    client.force_login(world.citizen)
    response = client.post(
        "/api/v1/appeals",
        {"kind": "comment", "channel": "vk", "text": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_system_key_reads_only_its_bodys_appeals(client, world, receive):
    ours = receive(text="Наш вопрос", author_contact="anna@example.ru")
    listed = client.get("/api/v1/appeals", HTTP_X_API_KEY=world.system_key).json()
    assert [i["id"] for i in listed] == [ours.pk]
    detail = client.get(f"/api/v1/appeals/{ours.pk}", HTTP_X_API_KEY=world.system_key).json()
    assert detail["author_contact"] == "anna@example.ru"
    client.force_login(world.other_analyst)
    assert client.get(f"/api/v1/appeals/{ours.pk}").status_code == 404
    assert client.get("/api/v1/appeals").json() == []


def test_a_posting_key_without_the_read_right_sees_the_status_only(client, world, receive):
    from accounts.services import api_key_issue

    _, poster = api_key_issue(
        actor=None, system=world.system, name="только передача", scopes=["appeals_submit"]
    )
    posted = _post(
        client, poster, {"kind": "appeal", "channel": "email", "text": "Где пособие?",
                         "author_contact": "anna@example.ru"}, "/api/v1/appeals",
    )  # fmt: skip
    assert posted.status_code == 201
    detail = client.get(f"/api/v1/appeals/{posted.json()['id']}", HTTP_X_API_KEY=poster).json()
    assert detail["status"] == "new"
    assert (detail["text"], detail["author_contact"], detail["answer"]) == (None, None, None)
    listed = client.get("/api/v1/appeals", HTTP_X_API_KEY=poster)
    assert listed.status_code == 403 and listed.json()["detail"][0]["field"] == "X-API-Key"


def test_list_filters_are_validated(client, world):
    response = client.get("/api/v1/appeals?limit=0&status=lost", HTTP_X_API_KEY=world.system_key)
    assert response.status_code == 422
    assert {"limit", "status"} <= set(_fields(response))


def test_readability_endpoint_returns_indices_and_flags(client, world):  # R23
    response = _post(client, world.system_key, {"text": BUREAUCRATIC}, "/api/v1/readability")
    body = response.json()
    assert response.status_code == 200
    assert body["passes"] is False and body["problems"]
    flag = next(f for f in body["flags"] if f["kind"] == "stock")
    assert BUREAUCRATIC[flag["start"] : flag["end"]] == flag["text"]
    assert body["indices"]["reading_ease"] < 30
    plain = _post(client, world.system_key, {"text": PLAIN}, "/api/v1/readability").json()
    assert plain["passes"] is True


def test_readability_accepts_own_thresholds(client, world):
    payload = {
        "text": BUREAUCRATIC,
        "thresholds": {
            "min_reading_ease": -100,
            "max_grade": 50,
            "max_sentence_words": 100,
            "max_flags_per_100_words": 100,
        },
    }
    assert _post(client, world.system_key, payload, "/api/v1/readability").json()["passes"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "text"),
        ({"text": 5}, "text"),
        ({"text": "x" * 200_001}, "text"),
        ({"text": "x", "thresholds": {"max_grade": -1}}, "thresholds.max_grade"),
    ],
)
def test_readability_bad_input_is_422(client, world, payload, field):
    response = _post(client, world.system_key, payload, "/api/v1/readability")
    assert response.status_code == 422
    assert field in _fields(response)
