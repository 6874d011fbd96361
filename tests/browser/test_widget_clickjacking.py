"""Clickjacking of the rating widget (R18–R19: a rating is what a person meant). A site
may not frame the widget unless the body listed it; and even on a listed site, a frame
made invisible (opacity 0 over a decoy) collects no rating from the clicks it steals.
Where the browser lacks IntersectionObserver v2, the client confirms in a second step."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from feedback import services
from feedback.models import Rating

pytestmark = pytest.mark.browser

REFUSED = "Оценка не учтена: анкета была скрыта или перекрыта"


def _framing_page(embed_url: str, *, opacity: str) -> str:
    """A page with a decoy button and the widget's frame laid over it."""
    return f"""<!DOCTYPE html><html lang="ru"><head><title>Розыгрыш</title></head><body>
      <div style="position: relative; width: 640px; height: 900px">
        <button style="position: absolute; left: 20px; top: 120px">Получить подарок</button>
        <iframe src="{embed_url}" title="Анкета" style="position: absolute; inset: 0;
          width: 640px; height: 900px; border: 0; opacity: {opacity}"></iframe>
      </div></body></html>"""


def _click_through(page, label: str = "5 — Очень доволен"):
    """What a client's clicks on the decoy do to the frame laid over it."""
    frame = page.frame_locator("iframe[title='Анкета']")
    frame.get_by_label(label).click()
    frame.get_by_role("button", name="Отправить оценку").click()
    return frame


def test_an_unlisted_site_cannot_frame_the_widget(
    transactional_db, place, new_page, live_server, other_site
):
    pages, origin = other_site
    pages["/"] = _framing_page(f"{live_server.url}/o/{place.portal_point.code}/embed/", opacity="1")
    page = new_page()
    page.goto(origin + "/")  # waits for the frame to load (or be refused)
    frame = page.frame_locator("iframe[title='Анкета']")
    expect(frame.locator("form.kc-rating-form")).to_have_count(0)
    assert not Rating.objects.exists()


def test_an_invisible_frame_on_a_listed_site_counts_no_rating(
    transactional_db, world, place, new_page, live_server, other_site
):  # R19
    pages, origin = other_site
    services.point_frame_origins_set(
        actor=world.analyst, point=place.portal_point, frame_origins=origin
    )
    embed = f"{live_server.url}/o/{place.portal_point.code}/embed/"
    pages["/hidden"] = _framing_page(embed, opacity="0")
    pages["/shown"] = _framing_page(embed, opacity="1")

    page = new_page()
    page.goto(origin + "/hidden")
    frame = _click_through(page)
    expect(frame.locator(".govuk-error-summary")).to_contain_text(REFUSED, timeout=30_000)
    assert not Rating.objects.exists()

    # The same page with the frame in sight: the client's rating counts.
    page.goto(origin + "/shown")
    frame = _click_through(page, "4 — Скорее доволен")
    expect(frame.locator(".govuk-panel__title")).to_have_text("Спасибо!", timeout=30_000)
    assert list(Rating.objects.values_list("channel", "csat")) == [("widget", 4)]


def test_without_intersection_observer_v2_the_client_confirms(
    transactional_db, world, place, new_page, live_server, other_site
):  # R19
    pages, origin = other_site
    services.point_frame_origins_set(
        actor=world.analyst, point=place.portal_point, frame_origins=origin
    )
    pages["/"] = _framing_page(f"{live_server.url}/o/{place.portal_point.code}/embed/", opacity="0")
    page = new_page()
    # A browser without IOv2: its entries have no ``isVisible`` (every frame, our own too).
    page.context.add_init_script("delete IntersectionObserverEntry.prototype.isVisible;")
    page.goto(origin + "/")
    frame = _click_through(page)
    # A stolen click on «Отправить» only opens the confirmation step; nothing is sent.
    confirm = frame.locator("#kc-confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("5 — Очень доволен")
    page.wait_for_timeout(1500)  # time enough for ALTCHA to have sent anything it would
    assert not Rating.objects.exists()
    # The client confirms inside the frame, in another place: now it counts.
    confirm.get_by_role("button", name="Да, отправить").click()
    expect(frame.locator(".govuk-panel__title")).to_have_text("Спасибо!", timeout=30_000)
    assert list(Rating.objects.values_list("channel", "csat")) == [("widget", 5)]
