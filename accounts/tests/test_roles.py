"""The roles table and the capacities a person acts in (seed 000)."""

from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from accounts.roles import TABLE, Cap, can, roles_with
from audit.models import AuditEvent
from feedback.models import Rating

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


@pytest.mark.parametrize(
    ("who", "cap", "own", "other"),
    [
        ("analyst", Cap.EDIT, True, False),
        ("head", Cap.READ, True, False),
        ("head", Cap.EDIT, False, False),
        ("head", Cap.INBOX_APPROVE, True, False),
        ("body_admin", Cap.ADMINISTER, True, False),
        ("servant", Cap.VERIFY_IDENTITY, True, False),
        ("servant", Cap.READ, False, False),
        ("system", Cap.INTEGRATE, True, False),
        ("platform_admin", Cap.EDIT, True, True),
        ("platform_admin", Cap.INTEGRATE, False, False),
        ("citizen", Cap.READ, False, False),
    ],
)
def test_a_capability_holds_in_the_users_own_body_only(world, who, cap, own, other):
    user = getattr(world, who)
    assert can(user, cap, world.body.pk) is own
    assert can(user, cap, world.other_body.pk) is other
    assert can(user, cap, None) is (who == "platform_admin" and cap in TABLE[Role.PLATFORM_ADMIN])


def test_acting_as_a_client_belongs_to_no_body(world):  # R15
    assert can(world.citizen, Cap.CLIENT) and can(world.business, Cap.CLIENT)
    assert not can(world.analyst, Cap.CLIENT)
    assert not can(world.system, Cap.CLIENT)


def test_roles_with_lists_the_holders_of_a_capability():
    assert set(roles_with(Cap.INBOX_APPROVE)) == {Role.HEAD, Role.PLATFORM_ADMIN}


def test_nobody_signed_in_may_do_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    assert not any(can(AnonymousUser(), cap, 1) for cap in Cap)


def _switch(client: Client, capacity: str) -> "Response":
    return client.post(reverse("accounts:capacity"), {"capacity": capacity})


def test_a_civil_servant_rates_as_an_external_client_in_the_client_capacity(
    client, world, place, altcha_payload
):  # seed 000, R18
    client.force_login(world.servant)
    response = _switch(client, "client")
    assert response.status_code == 302 and response["Location"] == reverse("proactive:cabinet")
    client.post(f"/o/{place.point.code}/", {"csat": "4", "altcha": altcha_payload()})
    assert Rating.objects.get().client_kind == "citizen"
    _switch(client, "staff")
    client.post(f"/o/{place.point.code}/", {"csat": "5", "altcha": altcha_payload()})
    assert Rating.objects.get(csat=5).client_kind == "internal"


def test_in_the_client_capacity_the_body_s_work_is_closed_and_the_cabinet_open(client, world):
    client.force_login(world.analyst)
    assert client.get(reverse("proactive:cabinet")).status_code == 403
    assert client.get(reverse("segments:list")).status_code == 200
    _switch(client, "client")
    assert client.get(reverse("proactive:cabinet")).status_code == 200
    assert client.get(reverse("segments:list")).status_code == 403
    home = client.get(reverse("cabinet:home")).text
    assert "Как гражданин" in home and "Вернуться к работе органа" in home
    assert "Клиентские сегменты" not in home
    _switch(client, "staff")
    assert client.get(reverse("segments:list")).status_code == 200


def test_the_switch_is_audited(client, world):
    client.force_login(world.head)
    _switch(client, "client")
    event = AuditEvent.objects.get(action="user.capacity")
    assert (event.actor, event.body, event.changes) == (
        world.head,
        world.body,
        {"capacity": "client"},
    )


def test_a_citizen_or_a_system_has_one_capacity(client, world):
    client.force_login(world.citizen)
    assert _switch(client, "staff").status_code == 403
    assert "Действовать как гражданин" not in client.get(reverse("cabinet:home")).text
    assert not AuditEvent.objects.filter(action="user.capacity").exists()


def test_an_unknown_capacity_is_refused_plainly(client, world):
    client.force_login(world.analyst)
    response = _switch(client, "admin")
    assert response.status_code == 400 and "Неизвестная роль" in response.text
