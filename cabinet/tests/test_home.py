"""The signed-in home: every role opens its own cabinet; nobody signed in is sent to log
in; what each sees comes from the apps' selectors for the person's own body only."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

URL = "/kabinet/"


@pytest.mark.parametrize(
    "role",
    ["analyst", "other_analyst", "head", "body_admin", "citizen", "business", "servant",
     "platform_admin"],
)  # fmt: skip
def test_every_role_opens_its_cabinet(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get(URL).status_code == 200


def test_nobody_signed_in_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_cabinet_lists_the_own_bodys_situations_only(client, world):
    from registry import services

    for actor, body, title in [
        (world.analyst, world.body, "Своя ситуация"),
        (world.other_analyst, world.other_body, "Чужая ситуация"),
    ]:
        services.life_situation_create(
            actor=actor, owner_body=body, title=title, start_event="С", final_result="Р",
            time_bound_days=5,
        )  # fmt: skip
    client.force_login(world.analyst)
    html = client.get(URL).content.decode()
    assert "Своя ситуация" in html and "Чужая ситуация" not in html


def test_only_the_administrator_sees_the_security_links(client, world):
    client.force_login(world.analyst)
    assert "/kabinet/exports/" not in client.get(URL).content.decode()
    client.force_login(world.body_admin)
    html = client.get(URL).content.decode()
    assert all(link in html for link in ("/kabinet/exports/", "/kabinet/audit/", "/kabinet/jobs/"))
