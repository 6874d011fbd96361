"""Published results come from the shared cache and change right after the write that
changes them (ADR 0014; issue 24): a rollup, an exclusion, a «Вы сказали — мы сделали»."""

from __future__ import annotations

import pytest
from django.utils import timezone

from feedback import rollup, services
from feedback.tests.fixtures import rate

pytestmark = pytest.mark.django_db(transaction=True)  # the renewal that counts is on commit

API = "/api/v1/ratings/published?service=vyplata"


def _published_n(client) -> tuple[int | None, str]:
    response = client.get(API)
    return response.json()["total"]["n"], response["X-Cache"]


def test_the_published_figures_change_with_the_rollup_not_with_each_rating(client, place):
    """A new rating waits for the rollup (seconds, the runner's job): the crowd is served
    the same figures until then, and the new ones right after it."""  # R20
    for _ in range(10):
        rate(place.service, 4)
    rollup.rollup()
    assert _published_n(client) == (10, "miss")
    assert _published_n(client) == (10, "hit")
    page = client.get("/otsenki/usluga/vyplata/")
    assert page["X-Cache"] == "miss"
    for _ in range(5):
        rate(place.service, 2)
    assert _published_n(client) == (10, "hit")  # not rolled up yet
    assert client.get("/otsenki/usluga/vyplata/")["X-Cache"] == "hit"
    assert rollup.rollup() == 5
    assert _published_n(client) == (15, "miss")
    assert client.get("/otsenki/usluga/vyplata/")["X-Cache"] == "miss"


def test_an_excluded_rating_leaves_the_published_figures_at_once(client, world, place):
    ratings = [rate(place.service, 5) for _ in range(11)]
    rollup.rollup()
    assert _published_n(client) == (11, "miss")
    services.rating_exclude(actor=world.analyst, rating=ratings[0], reason="Дубль")
    assert _published_n(client) == (10, "miss")


def test_you_said_we_did_shows_at_once(client, world, place):
    assert "Открыли второе окно" not in client.get("/otsenki/").content.decode()
    assert client.get("/otsenki/")["X-Cache"] == "hit"
    services.change_create(
        actor=world.analyst,
        subject=place.service,
        said="Очереди по утрам",
        did="Открыли второе окно",
        done_on=timezone.localdate(),
    )
    index = client.get("/otsenki/")
    assert index["X-Cache"] == "miss" and "Открыли второе окно" in index.content.decode()
