"""A service of our body offered at an office, a МФЦ, the portal and the call centre, with
a rating point at the office; and helpers to solve ALTCHA as a browser would."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # the models are imported only once Django is set up
    from feedback.models import Rating, RatingPoint
    from registry.models import LifeSituation, Service, Touchpoint


@dataclass
class Place:
    service: Service
    other_service: Service
    office: Touchpoint
    mfc: Touchpoint
    portal: Touchpoint
    call_centre: Touchpoint
    point: RatingPoint
    portal_point: RatingPoint


@pytest.fixture
def place(world):
    from feedback import services
    from registry.models import Touchpoint
    from tests.factories import ServiceFactory, TouchpointFactory

    service = ServiceFactory.create(body=world.body, title="Ежемесячная выплата", slug="vyplata")
    other = ServiceFactory.create(body=world.other_body, title="Пенсия", slug="pensiya")
    office = TouchpointFactory.create(
        body=world.body, kind=Touchpoint.Kind.RECEPTION, title="Приёмная на Ленина"
    )
    mfc = TouchpointFactory.create(
        body=world.other_body, kind=Touchpoint.Kind.ONE_WINDOW, title="МФЦ Центральный"
    )
    portal = TouchpointFactory.create(
        body=world.body, kind=Touchpoint.Kind.PORTAL, title="Сайт министерства"
    )
    call = TouchpointFactory.create(
        body=world.body, kind=Touchpoint.Kind.CALL_CENTRE, title="Горячая линия"
    )
    point = services.point_create(
        actor=world.analyst, subject=service, touchpoint=office, place="окно 3"
    )
    portal_point = services.point_create(actor=world.analyst, subject=service, touchpoint=portal)
    return Place(service, other, office, mfc, portal, call, point, portal_point)


def solve() -> str:
    """Fetch nothing: make and solve a challenge the way the widget does."""
    import altcha

    from feedback import challenge

    issued = altcha.Challenge.from_dict(challenge.new())
    solution = altcha.solve_challenge(issued)
    assert solution is not None
    return altcha.Payload(challenge=issued, solution=solution).to_base64()


@pytest.fixture
def altcha_payload():
    return solve


def rate(
    subject: Service | LifeSituation,
    csat: object = 5,
    *,
    touchpoint: Touchpoint | None = None,
    channel: str = "link",
    verdict: str = "challenge",
    **answers: object,
) -> Rating:
    """Store a rating of the given verdict through the one insert every channel's rating
    goes through (the gate before it is tested in test_intake.py)."""
    from feedback import instrument, intake

    in_person = bool(touchpoint and touchpoint.kind in touchpoint.IN_PERSON_KINDS)
    rating, _created = intake.rating_store(
        subject=subject,
        answers=instrument.check(csat=csat, in_person=in_person, **answers),
        channel=channel,
        verdict=verdict,
        touchpoint=touchpoint,
    )
    return rating
