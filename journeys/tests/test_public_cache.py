"""A life situation's public page comes from the shared cache and shows a map right after
it is published or withdrawn (ADR 0014; issue 24)."""

from __future__ import annotations

import pytest

from journeys import services

pytestmark = pytest.mark.django_db(transaction=True)  # the renewal that counts is on commit


def test_a_published_map_shows_on_the_public_page_at_once(client, world, birth_map):  # R13
    url = "/situations/rozhdenie/"
    client.get(url)
    before = client.get(url)
    assert before["X-Cache"] == "hit"
    stage = birth_map.stages.first()
    assert stage.title not in before.content.decode()
    services.map_publish(actor=world.analyst, journey_map=birth_map)
    after = client.get(url)
    assert after["X-Cache"] == "miss" and stage.title in after.content.decode()
    services.map_unpublish(actor=world.analyst, journey_map=birth_map)
    assert stage.title not in client.get(url).content.decode()


def test_a_renamed_segment_shows_on_the_public_map_at_once(client, world, birth_map):
    from segments import services as segments

    services.map_publish(actor=world.analyst, journey_map=birth_map)
    url = "/situations/rozhdenie/"
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    segment = birth_map.segment
    segments.segment_update(
        actor=world.analyst, segment=segment, name="Семьи с новорождёнными", reason="Уточнили"
    )
    assert "Семьи с новорождёнными" in client.get(url).content.decode()
