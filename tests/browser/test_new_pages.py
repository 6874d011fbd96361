"""Pages this session added, seen in the browser: the search synonyms a body keeps and
password reset by e-mail — axe-core clean at desktop and phone width, no sideways
scroll, a bad input explained next to its field."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_an_analyst_keeps_search_synonyms(transactional_db, world, new_page, width):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "alice")
    page.goto("/kabinet/synonyms/")
    page.get_by_label("Слово, которое пишут люди").fill("два слова")
    page.get_by_label("Как это называется в реестре").fill("переезд")
    page.get_by_role("button", name="Добавить").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Введите одно слово")
    assert_accessible(page, "synonyms with an error")
    page.get_by_label("Слово, которое пишут люди").fill("малыш")
    page.get_by_label("Как это называется в реестре").fill("рождение")
    page.get_by_role("button", name="Добавить").click()
    expect(page.locator("table")).to_contain_text("малыш")
    assert_accessible(page, "synonyms")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 375])
def test_password_reset_pages(transactional_db, world, new_page, width):
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Забыли пароль?").click()
    page.get_by_label("Адрес электронной почты").fill("не почта")
    page.get_by_role("button", name="Прислать ссылку").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page, "reset form with an error")
    page.get_by_label("Адрес электронной почты").fill("nobody@example.org")
    page.get_by_role("button", name="Прислать ссылку").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Проверьте почту")
    assert_accessible(page, "reset sent")
    page.goto("/accounts/password/MQ/set-password/")
    expect(page.locator("main")).to_contain_text("Ссылка устарела или уже использована")
    assert_accessible(page, "reset link out of date")
    page.goto("/accounts/password/done/")
    assert_accessible(page, "reset complete")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
