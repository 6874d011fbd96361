"""Who opens which page of proactive delivery (R15; 152-ФЗ). Clients keep their own
cabinet; reception staff confirm a СНИЛС; the body administrator sets the event sources;
the body's staff read depersonalised figures and the rules. Everyone else: 403; nobody
signed in: the login page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

ROLES = [
    "citizen",
    "business",
    "analyst",
    "head",
    "body_admin",
    "servant",
    "other_analyst",
    "platform_admin",
]

#: page → the roles that open it (200); every other role gets 403.
MATRIX = {
    "/kabinet/proaktiv/": {"citizen", "business"},
    "/kabinet/proaktiv/profile/": {"citizen", "business"},
    "/kabinet/proaktiv/verify/": {"servant", "platform_admin"},
    "/kabinet/proaktiv/sources/": {"body_admin"},
    "/kabinet/proaktiv/figures/": {"analyst", "head", "body_admin", "other_analyst"},
    "/kabinet/proaktiv/rules/": {
        "analyst",
        "head",
        "body_admin",
        "other_analyst",
        "platform_admin",
    },
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", list(MATRIX))
def test_each_role_opens_only_its_pages(client, world, url, role):
    client.force_login(getattr(world, role))
    expected = 200 if role in MATRIX[url] else 403
    assert client.get(url).status_code == expected


@pytest.mark.parametrize("url", list(MATRIX))
def test_nobody_signed_in_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["analyst", "head", "citizen", "other_analyst"])
def test_only_the_body_administrator_changes_the_sources(client, world, role):
    client.force_login(getattr(world, role))
    response = client.post("/kabinet/proaktiv/sources/", {"kinds": ["job_lost"]})
    assert response.status_code == 403
    from proactive.selectors import event_sources_of

    assert event_sources_of(world.body) == []
