"""Issue 22 (first part): an analyst tells citizens what they need to know about a place
— hours a day at a time, accessibility, languages, the services delivered — with a bad
day explained next to it; a citizen reads the place's page on a phone and finds it from
the service's page. axe-core clean on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, screenshot
from tests.factories import ServiceFactory, TouchpointFactory

pytestmark = pytest.mark.browser


def test_an_analyst_describes_a_place_and_a_citizen_reads_it(transactional_db, world, new_page):
    ServiceFactory.create(body=world.body, slug="vyplata", title="Ежемесячная выплата")
    office = TouchpointFactory.create(
        body=world.body, kind="reception", title="Приёмная в Зее", address="г. Зея, ул. Мира, 1"
    )
    page = new_page()
    login(page, "alice")
    page.goto("/kabinet/touchpoints/")
    page.get_by_role("link", name="Приёмная в Зее").click()
    page.get_by_label("Понедельник").fill("9:00–18:00")
    page.get_by_label("Вторник").fill("с девяти")
    page.get_by_label("Вход без ступенек или пандус").check()
    page.get_by_label("Переводчик русского жестового языка").check()
    page.get_by_label("Языки, кроме русского").fill("английский")
    page.get_by_label("Ближайшая остановка общественного транспорта").fill("«Площадь Мира»")
    page.get_by_label("Ежемесячная выплата", exact=False).check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#id_day_1_error")).to_contain_text("Напишите время так")
    expect(page.get_by_label("Языки, кроме русского")).to_have_value("английский")
    assert_accessible(page, "place editor with an error")
    page.get_by_label("Вторник").fill("9:00–13:00, 14:00–18:00")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Сведения о месте сохранены")
    screenshot(page, "place-editor")

    citizen = new_page()
    citizen.set_viewport_size({"width": 375, "height": 800})
    citizen.goto("/services/vyplata/")
    citizen.get_by_role("link", name="Приёмная в Зее").click()
    expect(citizen.locator("#hours")).to_contain_text("пн: 9:00–18:00")
    expect(citizen.locator("#hours")).to_contain_text("вт: 9:00–13:00, 14:00–18:00")
    expect(citizen.locator("#hours")).to_contain_text("ср–вс: выходной")
    expect(citizen.locator("#accessibility")).to_contain_text("Переводчик русского жестового языка")
    expect(citizen.locator("#languages")).to_contain_text("русский, а также английский")
    expect(citizen.locator("#rating")).to_contain_text("Оценок меньше 10")
    assert_accessible(citizen, "a place's public page")
    screenshot(citizen, "place-public-375")
    assert citizen.evaluate("document.documentElement.scrollWidth") <= 375
    assert office.pk
