"""List pages load related rows up front: the number of queries does not grow with rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from registry import services
from tests.factories import ServiceFactory

if TYPE_CHECKING:
    from conftest import World


def _publish_many(world: World, n: int) -> None:
    for i in range(n):
        ls = services.life_situation_create(
            actor=world.analyst,
            owner_body=world.body,
            title=f"Ситуация {i}",
            start_event="Событие",
            final_result="Результат",
            time_bound_days=10,
        )
        services.step_add(
            actor=world.analyst,
            life_situation=ls,
            service=ServiceFactory.create(body=world.other_body),
        )
        services.life_situation_publish(actor=world.analyst, life_situation=ls)


def test_catalogue_queries_do_not_grow_with_rows(client, world, django_assert_max_num_queries):
    _publish_many(world, 12)
    # The page, the count, the synonyms of the query and the kinds of client offered.
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200


def test_api_list_queries_do_not_grow_with_rows(client, world, django_assert_max_num_queries):
    _publish_many(world, 12)
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/life-situations").json()["count"] == 12


def test_working_list_queries(client, world, django_assert_max_num_queries):
    _publish_many(world, 12)
    client.force_login(world.analyst)
    with django_assert_max_num_queries(8):
        assert client.get("/kabinet/situations/").status_code == 200
