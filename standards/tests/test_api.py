"""The standards API (R29): lists open to everyone; a body's system with the «standards»
scope starts and finishes a check by requirement codes, a wrong answer is a 422 naming the
requirement and nothing is saved; another body's check does not exist for it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from standards.models import Check, Remedy

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(world: Any) -> dict[str, str]:
    from accounts.models import Scope
    from accounts.services import api_key_issue
    from tests.factories import UserFactory

    system = UserFactory.create(username="std-ais", role="system", body=world.body)
    _, raw = api_key_issue(actor=None, system=system, name="std", scopes=[Scope.STANDARDS])
    return {"HTTP_X_API_KEY": raw}


@pytest.fixture
def call_centre(world: Any) -> Any:
    from standards.models import Requirement, RequirementList
    from standards.seed import load
    from tests.factories import TouchpointFactory

    load(RequirementList, Requirement)
    return TouchpointFactory.create(body=world.body, kind="call_centre", title="Горячая линия")


def test_lists_are_open_to_everyone(client, call_centre):
    lists = client.get("/api/v1/standards/lists").json()
    call = next(item for item in lists if item["kind"] == "call_centre")
    assert call["requirements"][0]["code"] == "КЦ-1" and call["overdue"] is False


def test_a_system_checks_a_place_by_codes(client, world, key, call_centre):  # R29
    started = client.post(
        "/api/v1/standards/checks",
        {"touchpoint": call_centre.pk, "kind": "mystery_call"},
        content_type="application/json",
        **key,
    )
    assert started.status_code == 201 and started.json()["status"] == "open"
    url = f"/api/v1/standards/checks/{started.json()['id']}/complete"
    codes = [f"КЦ-{i}" for i in range(1, 6)]
    answers = [{"code": c, "result": "met", "comment": ""} for c in codes]
    answers[0] = {"code": "КЦ-1", "result": "na", "comment": ""}
    refused = client.post(url, {"answers": answers}, content_type="application/json", **key)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["field"] == "answers.КЦ-1"
    assert not Check.objects.filter(status="done").exists()
    unknown = client.post(
        url,
        {"answers": [*answers[1:], {"code": "ХЗ-9", "result": "met", "comment": ""}]},
        content_type="application/json",
        **key,
    )
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["field"] == "answers"
    answers[0] = {"code": "КЦ-1", "result": "not_met", "comment": "Ночью не отвечают"}
    # a test call says when it was made and what was measured: 7 minutes is not «met»
    answers[4] = {"code": "КЦ-5", "result": "met", "comment": "", "value": "7"}
    unsaid = client.post(url, {"answers": answers}, content_type="application/json", **key)
    fields = {e["field"] for e in unsaid.json()["detail"]}
    assert unsaid.status_code == 422 and fields == {"visited_at", "answers.КЦ-5"}
    answers[4]["value"] = "2.5"
    visited = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    done = client.post(
        url,
        {"answers": answers, "visited_at": visited},
        content_type="application/json",
        **key,
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert done.json()["answers"][0] == {
        "code": "КЦ-1", "result": "not_met", "comment": "Ночью не отвечают", "value": None,
        "auto": False,
    }  # fmt: skip
    assert done.json()["answers"][4]["value"] == "2.5" and done.json()["visited_at"]
    actions = client.get("/api/v1/standards/actions", **key).json()
    assert [a["code"] for a in actions] == ["КЦ-1"] and Remedy.objects.count() == 1
    listed = client.get("/api/v1/standards/checks", {"status": "done"}, **key).json()
    assert [c["id"] for c in listed] == [started.json()["id"]]


def test_another_bodys_system_sees_nothing(client, world, call_centre):
    from accounts.models import Scope
    from accounts.services import api_key_issue
    from standards import services
    from tests.factories import UserFactory

    check = services.check_start(actor=world.analyst, touchpoint_id=call_centre.pk)
    system = UserFactory.create(username="other-ais", role="system", body=world.other_body)
    _, raw = api_key_issue(actor=None, system=system, name="o", scopes=[Scope.STANDARDS])
    assert client.get(f"/api/v1/standards/checks/{check.pk}", HTTP_X_API_KEY=raw).status_code == 404
    started = client.post(
        "/api/v1/standards/checks",
        {"touchpoint": call_centre.pk},
        content_type="application/json",
        HTTP_X_API_KEY=raw,
    )
    assert started.status_code == 404
