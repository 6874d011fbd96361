"""Issue 16, items 3 and 4: every public page read on a phone (375 px) without the page
scrolling sideways — wide tables scroll inside their own box — and axe-core clean; the
life situation's «Путь клиента» as stage cards stacked on a phone, saying what to do in
words written for citizens, never the research's notes or a TO BE map (R12, R13, R20)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from feedback import intake as feedback_intake
from feedback.tests.fixtures import rate
from journeys import services as journey_services
from journeys.models import JourneyMap
from mailings.services import preferences_url
from registry.models import LifeSituation, Touchpoint
from segments import services as segment_services
from tests.browser.conftest import assert_accessible, screenshot

if TYPE_CHECKING:
    from conftest import World

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 800}

#: The research's notes about the process as it is: they stay in the body's working map.
NOTES = "Читает чаты родителей\nЗвонит в соцзащиту в обед"
ADVICE = "Подайте заявление на Госуслугах."
TO_BE_STAGE = "Подтверждает в один клик"
FOR_CITIZENS = "Пособие назначат само, заявление писать не нужно."


def _no_sideways_scroll(page: Page, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: the page is {width} px wide"


def _journeys(world: World, situation: LifeSituation, touchpoint: Touchpoint) -> JourneyMap:
    """A published AS IS map with the research's notes and a citizen's step, and its
    published TO BE map whose only public part is what will change."""
    segment = segment_services.segment_create(
        actor=world.analyst, body=world.body, code="1.1", name="Молодые родители",
        target="life_situation", life_situation=situation,
    )  # fmt: skip
    as_is = journey_services.map_create(
        actor=world.analyst, body=world.body, title="Рождение: онлайн", segment=segment,
        variant="онлайн", life_situation=situation,
    )  # fmt: skip
    for title in ("Узнаёт о выплатах", "Подаёт на пособие с очень длинным названием этапа"):
        journey_services.stage_create(
            actor=world.analyst, journey_map=as_is, title=title, goal="Получать пособие",
            actions=NOTES, emotion=-1, pains="Нужно заново вводить данные", minutes=90,
            advice=ADVICE, touchpoints=[touchpoint],
        )  # fmt: skip
    to_be = journey_services.map_make_to_be(actor=world.analyst, journey_map=as_is)
    first = to_be.stages.order_by("order").first()
    assert first is not None
    journey_services.stage_update(actor=world.analyst, stage=first, title=TO_BE_STAGE)
    journey_services.map_update(actor=world.analyst, journey_map=to_be, public_changes=FOR_CITIZENS)
    journey_services.map_publish(actor=world.analyst, journey_map=as_is)
    journey_services.map_publish(actor=world.analyst, journey_map=to_be)
    return to_be


def test_life_situation_on_a_phone_shows_the_journey_for_citizens(
    transactional_db, world, published_situation, place, new_page
):
    _journeys(world, published_situation, place.office)
    page = new_page()
    page.set_viewport_size(PHONE)
    page.goto(f"/situations/{published_situation.slug}/")
    journey = page.locator(".kc-journey-stages")
    expect(journey).to_have_count(1)  # the AS IS map only
    cards = journey.locator("> li")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("Что нужно сделать")
    expect(cards.nth(0)).to_contain_text(ADVICE)
    expect(cards.nth(0)).to_contain_text("Приёмная на Ленина")
    expect(cards.nth(0)).to_contain_text("1 ч 30 мин")
    # Stacked, one under the other, each within the screen.
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert first is not None and second is not None
    assert first["x"] == second["x"] and second["y"] >= first["y"] + first["height"]
    assert first["x"] + first["width"] <= PHONE["width"]
    main = page.locator("main")
    for note in NOTES.splitlines():  # the research's notes stay internal
        expect(main).not_to_contain_text(note)
    expect(main).not_to_contain_text("Нужно заново вводить данные")
    # No TO BE map as if the process existed: only what will change, in plain words.
    expect(main).not_to_contain_text("TO BE")
    expect(main).not_to_contain_text(TO_BE_STAGE)
    expect(page.locator("#changes")).to_have_text("Что будет по-новому")
    expect(main).to_contain_text(FOR_CITIZENS)
    _no_sideways_scroll(page, "life situation")
    assert_accessible(page, "life situation on a phone")
    screenshot(page, "life_situation_phone")


def test_every_public_page_fits_a_phone(
    transactional_db, world, published_situation, place, new_page
):
    for index in range(12):
        rate(place.service, 5 - index % 3, touchpoint=place.office)
        rate(place.service, 4, touchpoint=place.portal, channel="widget")
        rate(published_situation, 4 - index % 2)
    _invitation, token = feedback_intake.invitation_create(
        actor=world.system, subject=place.service, touchpoint=place.office
    )
    _journeys(world, published_situation, place.office)
    service = published_situation.steps.select_related("service").first()
    assert service is not None
    pages = [
        "/",
        "/?q=ребёнок",
        f"/situations/{published_situation.slug}/",
        f"/services/{service.service.slug}/",
        "/opendata/",
        "/otsenki/",
        "/otsenki/metodika/",
        f"/otsenki/usluga/{place.service.slug}/",
        f"/otsenki/situaciya/{published_situation.slug}/",
        f"/otsenki/organ/{world.body.pk}/",
        f"/o/{place.point.code}/",
        f"/o/{place.point.code}/q/",
        f"/o/{place.point.code}/kiosk/",
        f"/o/{place.point.code}/spasibo/",
        f"/o/i/{token}/",
        "/accounts/login/",
        urlsplit(preferences_url("citizen@example.ru")).path,  # from a mail, signed out
    ]
    page = new_page()
    page.set_viewport_size(PHONE)
    for url in pages:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        _no_sideways_scroll(page, url)
        assert_accessible(page, url)
    # The published results: the wide table scrolls in its own box, the page does not.
    page.goto(f"/otsenki/usluga/{place.service.slug}/")
    box = page.locator("#public-touchpoints").locator("xpath=..")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    screenshot(page, "feedback-public-phone")
