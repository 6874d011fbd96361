"""A requirement list's new version (R29): written by the keeper of shared lists, checked
whole, used by new checks while old ones keep theirs; an action of a requirement taken out
is closed."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from standards import seed, services
from standards.models import Check, Remedy, Requirement, RequirementList

pytestmark = pytest.mark.django_db


@pytest.fixture
def call_list(db: Any) -> RequirementList:
    seed.load(RequirementList, Requirement)
    return RequirementList.objects.get(kind="call_centre", is_current=True)


def _items(requirement_list: RequirementList) -> list[dict[str, Any]]:
    return [
        {
            "code": r.code,
            "text": r.text,
            "method": r.method,
            "can_be_na": r.can_be_na,
            "weight": r.weight,
            "unit": r.unit,
            "limit": r.limit,
            "driver": r.driver,
            "source": "",
        }
        for r in requirement_list.requirements.all()
    ]


def test_a_new_version_is_used_by_new_checks_and_old_ones_keep_theirs(world, call_list):  # R29
    from tests.factories import TouchpointFactory

    place = TouchpointFactory.create(body=world.body, kind="call_centre")
    under_way = services.check_start(actor=world.analyst, touchpoint_id=place.pk)
    items = _items(call_list)
    items[0]["text"] = "Колл-центр отвечает круглосуточно и в праздники."
    items.append({"code": "КЦ-6", "text": "Есть обратный звонок.", "method": "test_contact",
                  "weight": 2})  # fmt: skip
    made = services.list_revise(actor=world.platform_admin, requirement_list=call_list, items=items)
    assert made.version == 2 and made.is_current
    assert not RequirementList.objects.get(pk=call_list.pk).is_current
    assert made.requirements.count() == 6
    under_way.refresh_from_db()
    assert under_way.requirement_list == call_list  # a check keeps the version it began on


def test_a_list_with_a_repeated_code_changes_nothing(world, call_list):  # R29
    items = _items(call_list)
    items[1]["code"] = "КЦ-1"
    items[2]["weight"] = 9
    with pytest.raises(ValidationError) as refused:
        services.list_revise(actor=world.platform_admin, requirement_list=call_list, items=items)
    assert set(refused.value.message_dict) == {"items.1.code", "items.2.weight"}
    assert RequirementList.objects.filter(kind="call_centre").count() == 1


def test_an_action_of_a_requirement_taken_out_is_closed(world, call_list):  # R29
    from tests.factories import TouchpointFactory

    place = TouchpointFactory.create(body=world.body, kind="call_centre")
    check = services.check_start(actor=world.analyst, touchpoint_id=place.pk)
    services.check_complete(
        actor=world.analyst,
        check=check,
        answers={
            r.pk: ("not_met", "Нет сценариев") if r.code == "КЦ-4" else ("met", "")
            for r in check.requirement_list.requirements.all()
        },
    )
    items = [i for i in _items(call_list) if i["code"] != "КЦ-4"]
    services.list_revise(actor=world.platform_admin, requirement_list=call_list, items=items)
    assert not Remedy.objects.open().exists()


def test_only_the_keeper_of_shared_lists_writes_a_version(world, call_list):
    with pytest.raises(ValidationError):
        services.list_revise(
            actor=world.analyst, requirement_list=call_list, items=_items(call_list)
        )


def test_the_page_shows_a_problem_next_to_its_row(client, world, call_list):
    client.force_login(world.platform_admin)
    url = reverse("standards:list_edit", args=[call_list.pk])
    page = client.get(url)
    assert page.status_code == 200 and "КЦ-1" in page.content.decode()
    data = {"title": call_list.title, "source": call_list.source}
    for i, item in enumerate(_items(call_list)):
        for name, value in item.items():
            if value not in (None, False):
                data[f"{name}_{i}"] = str(value)
    data["code_1"] = "КЦ-1"  # twice
    refused = client.post(url, data)
    assert refused.status_code == 422 and 'id="id_code_1_error"' in refused.content.decode()
    data["code_1"] = "КЦ-2"
    data["remove_4"] = "on"
    data |= {"code_6": "КЦ-7", "text_6": "Можно заказать звонок.", "method_6": "test_contact",
             "weight_6": "1"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    current = RequirementList.objects.get(kind="call_centre", is_current=True)
    assert [r.code for r in current.requirements.all()] == ["КЦ-1", "КЦ-2", "КЦ-3", "КЦ-4", "КЦ-7"]
    assert Check.objects.count() == 0


def test_the_api_writes_a_version_and_names_the_bad_requirement(client, world, call_list):
    client.force_login(world.platform_admin)
    url = f"/api/v1/standards/lists/{call_list.pk}/versions"
    items = _items(call_list)
    items[0]["limit"] = "5"  # a limit with no unit
    items[0]["unit"] = ""
    bad = client.post(url, {"requirements": items}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["field"] == "requirements.0.unit"
    items[0]["limit"] = None
    ok = client.post(url, {"requirements": items}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["version"] == 2
