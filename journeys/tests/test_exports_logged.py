"""A map's files go through the one export path and land in the export log of its body."""

from __future__ import annotations

import pytest

from exports.models import ExportEvent

pytestmark = pytest.mark.django_db


def test_a_journey_map_download_is_logged_for_its_body(client, world, birth_map):
    client.force_login(world.analyst)
    for kind in ("xlsx", "csv"):
        assert client.get(f"/kabinet/journeys/{birth_map.pk}/map.{kind}").status_code == 200
    events = list(ExportEvent.objects.order_by("id"))
    assert [e.format for e in events] == ["xlsx", "csv"]
    assert all(e.actor == world.analyst and e.body == world.body for e in events)
    assert (
        events[1].rows == len(birth_map.stages.first().__class__._meta.fields) or events[1].rows > 0
    )
    assert "Карта пути" in events[0].title


def test_costs_read_as_russian_money(world, birth_map):
    """Issue 16: costs were exported as «300.00 ₽»."""
    from decimal import Decimal

    from journeys.exports import cell_text

    stage = birth_map.stages.first()
    stage.cost = Decimal("300.00")
    assert cell_text(stage, "cost") == "300 ₽"
    stage.cost = Decimal("1300.50")
    assert cell_text(stage, "cost") == "1\xa0300,50 ₽"
