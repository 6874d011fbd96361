"""The registry's public pages come from the shared cache and change right after the write
that changes them (ADR 0014; issue 24): a publication, a service's edit, a synonym."""

from __future__ import annotations

import pytest

from registry import services

pytestmark = pytest.mark.django_db(transaction=True)  # the renewal that counts is on commit


def _cached(client, url: str) -> str:
    client.get(url)
    page = client.get(url)
    assert page["X-Cache"] == "hit", url
    return str(page.content.decode())


def test_a_publication_shows_on_the_catalogue_and_the_page_at_once(
    client, world, published_situation
):  # R4
    assert "Рождение ребёнка" in _cached(client, "/")
    assert "Рождение ребёнка" in _cached(client, "/situations/rozhdenie/")
    services.life_situation_update(
        actor=world.analyst, life_situation=published_situation, title="Рождение малыша"
    )
    assert "Рождение малыша" not in client.get("/").content.decode()  # a draft edit is not public
    services.life_situation_publish(actor=world.analyst, life_situation=published_situation)
    catalogue = client.get("/")
    assert catalogue["X-Cache"] == "miss" and "Рождение малыша" in catalogue.content.decode()
    assert "Рождение малыша" in client.get("/situations/rozhdenie/").content.decode()


def test_a_service_edit_shows_on_its_page_at_once(client, world, published_situation):
    from registry.models import Service

    service = Service.objects.get(slug="reg")
    assert "госпошлина 350 рублей" not in _cached(client, "/services/reg/")
    services.service_update(actor=world.analyst, service=service, cost="госпошлина 350 рублей")
    assert "госпошлина 350 рублей" in client.get("/services/reg/").content.decode()


def test_a_new_synonym_finds_at_once(client, world, published_situation):
    assert "Рождение ребёнка" not in _cached(client, "/?q=малыш")
    services.synonym_add(actor=world.analyst, body=world.body, word="малыш", means="ребёнок")
    assert "Рождение ребёнка" in client.get("/?q=малыш").content.decode()


def test_open_data_comes_from_the_cache_and_every_download_is_logged(
    client, world, published_situation
):  # R4; issue 24
    from exports.models import ExportEvent

    first = client.get("/opendata/life-situations.csv")
    second = client.get("/opendata/life-situations.csv")
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second["Content-Disposition"] == 'attachment; filename="life-situations.csv"'
    assert second["Access-Control-Allow-Origin"] == "*"
    assert second.content == first.content
    assert ExportEvent.objects.filter(what="registry.opendata").count() == 2
    services.life_situation_update(
        actor=world.analyst, life_situation=published_situation, title="Рождение малыша"
    )
    services.life_situation_publish(actor=world.analyst, life_situation=published_situation)
    for suffix in ("csv", "json"):
        fresh = client.get(f"/opendata/life-situations.{suffix}")
        assert fresh["X-Cache"] == "miss" and "Рождение малыша" in fresh.content.decode("utf-8-sig")
