"""The body's satisfaction taken apart (issue 21): body → life situation → service →
segment → touchpoint on the same figures, each group with n, interval and whether it
differs from the level above; only what the body has ratings of may be asked about."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from indicators.drilldown import Drill, Path, drill

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(world: Any, published_situation: Any) -> dict[str, Any]:
    from feedback.tests.fixtures import rate
    from registry.models import Service
    from tests.factories import ServiceFactory, TouchpointFactory

    reg = Service.objects.get(slug="reg")
    office = TouchpointFactory.create(body=world.body, kind="office", title="Офис на Ленина")
    other = ServiceFactory.create(body=world.body, title="Справка о доходах")
    for score in [5] * 12:
        rate(reg, score, touchpoint=office)
    for score in [2] * 10:
        rate(published_situation, score)
    for score in [5] * 30 + [1] * 10:
        rate(other, score)
    return {"reg": reg, "office": office, "other": other, "situation": published_situation}


def _drill(body: Any, path: Any, by: str = "") -> Drill:
    found = drill(body, quarter=None, path=path, by=by)
    assert found is not None
    return found


def _rows(found: Any) -> dict[str, tuple[int, str, str]]:
    return {g.label: (g.figures.n, g.share, g.differs) for g in found.groups}


def test_the_top_level_adds_each_life_situations_services_and_its_own_ratings(world, rated):
    found = _drill(world.body, Path())
    assert found.by == "life_situation"
    assert found.top.figures.n == 62  # the body's every rating
    # the situation's own 10 (all 2) and its step «reg» (12 fives); «Справка» is no step
    assert _rows(found) == {"Рождение ребёнка": (22, "55 %", "")}


def test_a_life_situation_opens_into_its_services_and_its_own_ratings(world, rated):
    situation = rated["situation"]
    found = _drill(world.body, Path(situation.pk))
    assert found.by == "service"
    assert _rows(found) == {
        "Регистрация рождения": (12, "100 %", "above"),
        "Оценки ситуации целиком": (10, "0 %", "below"),
    }
    assert found.crumbs[-1][0] == "Рождение ребёнка"


def test_a_service_opens_by_segment_or_by_touchpoint(world, rated):
    path = Path(rated["situation"].pk, service=rated["reg"].pk)
    found = _drill(world.body, path, by="touchpoint")
    assert _rows(found) == {"Офис на Ленина": (12, "100 %", "")}
    assert [c[0] for c in found.choices] == ["segment"]
    assert found.top.share == "100 %"


def test_under_ten_ratings_say_so(world, rated):  # R20
    from feedback.tests.fixtures import rate

    lonely = type(rated["reg"]).objects.create(body=world.body, title="Редкая услуга", slug="r")
    for _ in range(3):
        rate(lonely, 5)
    found = _drill(world.body, Path(), by="service")
    assert _rows(found)["Редкая услуга"] == (3, "мало данных", "")


def test_a_path_the_body_has_no_ratings_of_is_not_found(client, world, rated):
    from tests.factories import ServiceFactory

    theirs = ServiceFactory.create(body=world.other_body)
    assert drill(world.body, quarter=None, path=Path(service=theirs.pk)) is None
    assert drill(world.body, quarter=None, path=Path(service=999999)) is None
    client.force_login(world.analyst)
    url = reverse("indicators:drilldown")
    assert client.get(url, {"service": theirs.pk}).status_code == 404
    assert client.get(url, {"service": "абв", "q": "2099-Q9"}).status_code == 200  # ignored
    page = client.get(url, {"ls": rated["situation"].pk}).content.decode()
    assert "Регистрация рождения" in page and "Оценки ситуации целиком" in page
    client.force_login(world.citizen)
    assert client.get(url).status_code == 403
