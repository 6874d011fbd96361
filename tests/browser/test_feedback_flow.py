"""Must show (issue: feedback): a rating through the hosted link, the QR link, the widget
embedded in a page served from another port, and the kiosk; an operator enters a phone
rating; the five land with the same structure and appear in the body's dashboard; the
public page shows the aggregate and hides a group under 10. axe-core on the rating page,
the widget, the dashboard and the public page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from feedback import instrument, services
from feedback.models import Rating
from feedback.tests.fixtures import rate
from tests.browser.conftest import assert_accessible, login, screenshot

pytestmark = pytest.mark.browser


def _rate_in(frame_or_page, score_label: str) -> None:
    frame_or_page.get_by_label(score_label).check()
    frame_or_page.get_by_role("button", name="Отправить оценку").click()


def test_every_channel_lands_the_same_way(transactional_db, world, place, new_page, other_site):
    page = new_page()
    # 1. The hosted page on the short link.
    page.goto(f"/o/{place.point.code}/")
    assert_accessible(page, "rating page")
    page.get_by_role("button", name="Отправить оценку").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Выберите оценку от 1 до 5.")
    page.get_by_label("5 — Очень доволен").check()
    page.get_by_label("4 — Легко").check()
    screenshot(page, "feedback-rating-page")
    page.get_by_role("button", name="Отправить оценку").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Спасибо!")

    # 2. The QR link.
    page.goto(f"/o/{place.point.code}/q/")
    page.get_by_label("2 — Скорее недоволен").check()
    page.get_by_label("Долго ждал в очереди").check()
    page.get_by_label("Что вы хотите нам сказать? (необязательно)").fill("Очередь на час")
    page.get_by_role("button", name="Отправить оценку").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Спасибо!")

    # 3. The widget on another site whose styles try to break everything.
    pages, origin = other_site
    server, code = page.url.split("/o/")[0], place.portal_point.code
    # The body lists the site that shows its widget (no other site may frame it).
    services.point_frame_origins_set(
        actor=world.analyst, point=place.portal_point, frame_origins=origin
    )
    pages["/"] = f"""<!DOCTYPE html><html lang="ru"><head><title>Сайт министерства</title>
      <style>* {{ all: unset !important; }} button {{ display: none !important; }}</style></head>
      <body><main><h1>Ежемесячная выплата</h1>
      <script src="{server}/o/widget.js" data-point="{code}" data-mode="modal"></script>
      </main></body></html>"""
    site = new_page()
    site.goto(origin + "/")
    opener = site.get_by_role("button", name="Оцените услугу")
    opener.focus()
    site.keyboard.press("Enter")
    dialog = site.get_by_role("dialog", name="Оценка услуги")
    expect(dialog).to_be_visible()
    frame = site.frame_locator("iframe[title='Оценка услуги']")
    expect(frame.get_by_text("Насколько вы довольны?")).to_be_visible()
    site.keyboard.press("Escape")  # the dialog closes and focus goes back to the button
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    opener.click()
    _rate_in(frame, "4 — Скорее доволен")
    expect(frame.locator(".govuk-panel__title")).to_have_text("Спасибо!")
    screenshot(site, "feedback-widget")

    # 4. The kiosk: after a rating, back to a clean form.
    kiosk = new_page()
    kiosk.goto(f"/o/{place.point.code}/kiosk/")
    _rate_in(kiosk, "3 — Ни то ни другое")
    expect(kiosk.locator(".govuk-panel__title")).to_have_text("Спасибо!")
    kiosk.get_by_role("link", name="Следующая оценка").click()
    expect(kiosk.get_by_label("3 — Ни то ни другое")).not_to_be_checked()

    # 5. An operator records what a caller said.
    operator = new_page()
    login(operator, "servant")
    operator.goto("/kabinet/otsenki/operator/")
    operator.get_by_label("Что оценивает звонящий").select_option(index=1)
    operator.get_by_label("1 — Очень недоволен").check()
    operator.get_by_label("Что сказал звонящий (необязательно)").fill(
        "Не дозвонился с первого раза"
    )
    operator.get_by_role("button", name="Записать оценку").click()
    expect(operator.locator(".govuk-notification-banner")).to_contain_text("записана")

    ratings = list(Rating.objects.order_by("id"))
    assert [r.channel for r in ratings] == ["link", "qr", "widget", "kiosk", "operator"]
    assert {r.instrument for r in ratings} == {instrument.VERSION}
    assert [r.csat for r in ratings] == [5, 4 - 2, 4, 3, 1]
    assert ratings[1].drivers == 1 << instrument.DRIVER_CODES.index("queue")

    # The body's dashboard shows all five.
    analyst = new_page()
    login(analyst, "alice")
    analyst.goto("/kabinet/otsenki/")
    expect(analyst.locator("#total-n")).to_have_text("5")
    expect(analyst.locator("#by-channel")).to_contain_text("Виджет на сайте")
    assert_accessible(analyst, "dashboard")
    analyst.goto(f"/o/{place.portal_point.code}/embed/")
    assert_accessible(analyst, "widget form")


def test_public_page_shows_the_aggregate_and_hides_small_groups(transactional_db, place, new_page):
    for score in (5, 5, 4, 4, 4, 5, 3, 5, 4, 5, 5, 4):
        rate(place.service, score, touchpoint=place.office)
    rate(place.service, 1, touchpoint=place.portal)
    page = new_page()
    page.goto("/otsenki/usluga/vyplata/")
    expect(page.locator("#total")).to_contain_text("13")
    expect(page.locator("#public-touchpoints")).to_contain_text("Приёмная на Ленина")
    expect(page.locator("#public-touchpoints")).to_contain_text("меньше 10 оценок — не показываем")
    assert_accessible(page, "public results")  # its screenshot: test_feedback_ux (charts)


def test_rating_form_in_english_has_english_scales(transactional_db, place, new_page):
    """Issue 16, item 1: the scales were built once at import, in Russian, so an English
    form asked English questions with «5 — Очень доволен» answers."""
    page = new_page()
    page.goto(f"/o/{place.point.code}/?lang=en")
    expect(page.get_by_text("How satisfied are you?")).to_be_visible()
    expect(page.get_by_label("5 — Very satisfied")).to_be_visible()
    expect(page.get_by_label("4 — Easy")).to_be_visible()
    expect(page.locator("form.kc-rating-form")).not_to_contain_text("Очень доволен")
    page.get_by_label("5 — Very satisfied").check()
    page.get_by_role("button", name="Send rating").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Thank you!")  # still English
    # A Russian page right after it is Russian again: the language is the request's.
    page.goto(f"/o/{place.point.code}/")
    expect(page.get_by_label("5 — Очень доволен")).to_be_visible()


WIDGET_TEXTS = {
    "ru": ("Оцените услугу", "Оценка услуги", "4 — Скорее доволен", "Отправить оценку",
           "Спасибо!", "Закрыть"),
    "en": ("Rate this service", "Rate the service", "4 — Somewhat satisfied", "Send rating",
           "Thank you!", "Close"),
}  # fmt: skip


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_modal_widget_shows_the_thank_you_and_closes_itself(
    transactional_db, world, place, new_page, other_site, live_server, lang
):
    """Issue 16, items 1 and 2: after sending from the modal widget on a phone, the frame
    stayed as tall as the form and scrolled down — an empty pale box. The thank-you is in
    view with the focus on it, and its «Закрыть» closes the dialog."""
    opener_name, title, score, send, thanks, close = WIDGET_TEXTS[lang]
    pages, origin = other_site
    services.point_frame_origins_set(
        actor=world.analyst, point=place.portal_point, frame_origins=origin
    )
    pages["/"] = f"""<!DOCTYPE html><html lang="{lang}"><head><title>Сайт министерства</title>
      </head><body><main><h1>Ежемесячная выплата</h1>
      <script src="{live_server.url}/o/widget.js" data-point="{place.portal_point.code}"
        data-mode="modal" data-lang="{lang}"></script></main></body></html>"""
    site = new_page()
    site.set_viewport_size({"width": 375, "height": 640})
    site.goto(origin + "/")
    opener = site.get_by_role("button", name=opener_name)
    opener.click()
    dialog = site.get_by_role("dialog", name=title)
    frame = site.frame_locator(f"iframe[title='{title}']")
    frame.get_by_label(score).check()
    if lang == "en":
        expect(frame.locator("form")).not_to_contain_text("доволен")
    frame.get_by_role("button", name=send).click()
    panel = frame.locator(".govuk-panel__title")
    expect(panel).to_have_text(thanks)
    expect(panel).to_be_in_viewport()
    # In view inside the dialog too, not below its scrolled-off edge.
    inside, box = dialog.bounding_box(), panel.bounding_box()
    assert inside is not None and box is not None
    assert inside["y"] <= box["y"] and box["y"] + box["height"] <= inside["y"] + inside["height"]
    expect(frame.locator(".govuk-panel")).to_be_focused()
    assert site.locator("[data-kc-rating] >> iframe").evaluate("f => f.offsetHeight") < 500
    screenshot(site, f"feedback-widget-thanks-{lang}")
    assert_accessible(site, "widget after sending")
    frame.get_by_role("button", name=close).click()
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    assert Rating.objects.get().csat == 4


def test_dashboard_period_shows_what_the_figures_cover(transactional_db, world, place, new_page):
    """Issue 16, item 5: the period said «Этот месяц» while the figures covered 12 months,
    and «Показать» pressed unchanged dropped to this month's ratings."""
    for score in (5, 4, 3):
        rate(place.service, score, touchpoint=place.office)
    earlier = [rate(place.service, score, touchpoint=place.office).pk for score in (2, 5)]
    Rating.objects.filter(pk__in=earlier).update(created_at=timezone.now() - dt.timedelta(days=95))
    page = new_page()
    login(page, "alice")
    page.goto("/kabinet/otsenki/")
    period = page.get_by_label("Период")
    expect(page.locator("#total-n")).to_have_text("5")
    expect(period).to_have_value("12")
    page.get_by_role("button", name="Показать").click()  # unchanged: the same figures
    expect(page.locator("#total-n")).to_have_text("5")
    expect(period).to_have_value("12")
    period.select_option(label="Этот месяц")
    page.get_by_role("button", name="Показать").click()
    expect(page.locator("#total-n")).to_have_text("3")
    expect(period).to_have_value("1")
    page.goto("/kabinet/otsenki/?period=7")  # a wrong value is dropped, and so shown
    expect(page.locator("#total-n")).to_have_text("5")
    expect(period).to_have_value("12")
