"""Live ratings on each stage (feedback issue): the numbers are the ratings made here."""

import pytest

from feedback.tests.fixtures import rate
from journeys import selectors, services
from journeys.tests.conftest import stage_fields


@pytest.fixture
def rated_map(world, place, published_situation):
    journey_map = services.map_create(
        actor=world.analyst,
        body=world.body,
        title="",
        segment=place.segment,
        variant="онлайн",
        life_situation=published_situation,
    )
    services.stage_create(
        actor=world.analyst,
        journey_map=journey_map,
        services=[place.reg],
        touchpoints=[place.office],
        **stage_fields("Регистрирует рождение", emotion=1),
    )
    services.stage_create(
        actor=world.analyst,
        journey_map=journey_map,
        services=[place.posobie],
        touchpoints=[place.mfc],
        **stage_fields("Подаёт на пособие", emotion=1),
    )
    services.stage_create(
        actor=world.analyst,
        journey_map=journey_map,
        touchpoints=[place.mfc],
        **stage_fields("Смотрит статус"),
    )
    return selectors.map_detail(journey_map.pk)


def test_stage_csat_comes_from_its_services_at_its_touchpoints(world, place, rated_map):
    for score in (5, 4, 4, 5, 5, 4, 5, 4, 5, 5, 4, 5):  # 12 at the office: mean 4.58
        rate(place.reg, score, touchpoint=place.office)
    for score in (1, 1):  # the same service elsewhere does not count for this stage
        rate(place.reg, score, touchpoint=place.mfc)
    for score in (1, 2, 2, 1, 2, 1, 2, 1, 2, 1):  # the allowance online: mean 1.5
        rate(place.posobie, score, touchpoint=place.mfc)
    found = selectors.overlay(rated_map)
    reg, posobie, status = (found[s.pk] for s in rated_map.stages.all())
    assert reg.n == 12 and reg.figures.csat.mean == pytest.approx(55 / 12)
    assert not reg.contradicts  # positive on the map, 4.58 in ratings
    assert posobie.n == 10 and posobie.figures.csat.mean == pytest.approx(1.5)
    assert posobie.contradicts  # the map says positive, clients say 1.5
    # A stage that names only a touchpoint: every rating there (reg 1, 1 and posobie).
    assert status.n == 12 and status.figures.csat.mean == pytest.approx(17 / 12)


def test_too_few_ratings_are_counted_but_never_flag(world, place, rated_map):
    for _i in range(3):
        rate(place.posobie, 1, touchpoint=place.mfc)
    found = selectors.overlay(rated_map)
    posobie = found[rated_map.stages.all()[1].pk]
    assert posobie.n == 3 and not posobie.shown and not posobie.contradicts
