"""Who sees a body's inbox (R22, R23; 152-ФЗ: items carry the author's name and contact).
Answerers, analysts and body admins of the body work with it; its head reads and approves;
everyone else gets a 403 for the pages and a 404 for an item, as if it did not exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from accounts.models import User
    from conftest import World

pytestmark = pytest.mark.django_db

READERS = ["answerer", "analyst", "body_admin", "head", "platform_admin"]
OUTSIDERS = ["other_analyst", "citizen", "business", "servant"]


def _user(world: World, answerer: User, name: str) -> User:
    user: User = answerer if name == "answerer" else getattr(world, name)
    return user


BODY_PAGES = ["/kabinet/inbox/", "/kabinet/inbox/stats/", "/kabinet/inbox/templates/"]


@pytest.mark.parametrize("name", ["answerer", "analyst", "body_admin", "head"])
@pytest.mark.parametrize("url", BODY_PAGES)
def test_staff_of_the_body_open_its_pages(client, world, answerer, name, url):
    client.force_login(_user(world, answerer, name))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["citizen", "business", "servant", "platform_admin"])
@pytest.mark.parametrize("url", BODY_PAGES)
def test_no_body_inbox_for_others(client, world, answerer, name, url):
    # The platform administrator has no body: reads an item by its link, not a body's list.
    client.force_login(_user(world, answerer, name))
    assert client.get(url).status_code == 403


def test_another_bodys_analyst_sees_only_their_own_inbox(client, world, receive):
    item = receive(text="Секретный вопрос нашего органа")
    client.force_login(world.other_analyst)
    html = client.get("/kabinet/inbox/?status=").content.decode()
    assert "Секретный вопрос" not in html and f"№ {item.pk}" not in html


@pytest.mark.parametrize("name", READERS + OUTSIDERS)
def test_item_page_and_its_personal_data(client, world, answerer, receive, name):
    item = receive(author_name="Иванова Анна", author_contact="anna@example.ru")
    client.force_login(_user(world, answerer, name))
    response = client.get(f"/kabinet/inbox/{item.pk}/")
    if name in READERS:
        assert response.status_code == 200
        assert "anna@example.ru" in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("answerer", 302),
        ("analyst", 302),
        ("body_admin", 302),
        ("head", 403),
        ("other_analyst", 404),
    ],
)
def test_who_may_answer(client, world, answerer, receive, name, status):
    item = receive()
    client.force_login(_user(world, answerer, name))
    response = client.post(
        f"/kabinet/inbox/{item.pk}/answer/", {"text": "Черновик", "action": "save"}
    )
    assert response.status_code == status


@pytest.mark.parametrize(
    ("name", "status"), [("head", 422), ("answerer", 403), ("analyst", 403), ("other_analyst", 404)]
)
def test_only_the_head_approves_through_the_page(  # 422 for the head: nothing asked to approve
    client, world, answerer, receive, name, status
):
    item = receive()
    client.force_login(_user(world, answerer, name))
    assert client.post(f"/kabinet/inbox/{item.pk}/approve/").status_code == status


@pytest.mark.parametrize(
    ("name", "status"), [("head", 200), ("body_admin", 200), ("analyst", 403), ("answerer", 403)]
)
def test_rules_page(client, world, answerer, name, status):
    client.force_login(_user(world, answerer, name))
    assert client.get("/kabinet/inbox/rules/").status_code == status


def test_anonymous_is_sent_to_login(client):
    assert client.get("/kabinet/inbox/").status_code == 302
