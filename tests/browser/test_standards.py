"""Issue 22 (checks): an analyst checks a call centre against its list — a requirement not
met without a word is explained next to it — the action appears on the body's board, the
head reads the board on a phone, a citizen reads the result on the place's page (R29).
axe-core clean on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, screenshot
from tests.factories import TouchpointFactory

pytestmark = pytest.mark.browser


def test_an_analyst_checks_a_place_and_the_head_sees_the_action(transactional_db, world, new_page):
    from standards.models import Requirement, RequirementList
    from standards.seed import load

    load(RequirementList, Requirement)
    place = TouchpointFactory.create(body=world.body, kind="call_centre", title="Горячая линия")
    page = new_page()
    login(page, "alice")
    page.goto("/kabinet/standarty/")
    page.locator("#place-table").get_by_role("button", name="Проверить").click()
    expect(page.locator("h1")).to_have_text("Горячая линия")
    for group in page.locator(".govuk-radios").all():
        group.get_by_label("выполнено", exact=True).check()
    page.locator(".govuk-radios").first.get_by_label("не выполнено").check()
    page.get_by_role("button", name="Завершить проверку").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Напишите, что не так")
    assert_accessible(page, "check with an error")
    page.get_by_label("Что увидели или что не так (КЦ-1)").fill("Ночью никто не ответил")
    page.get_by_role("button", name="Завершить проверку").click()
    expect(page.locator("#score")).to_contain_text("Выполнено")
    screenshot(page, "standards-check")
    page.goto("/kabinet/standarty/")
    page.locator("#remedy-list").get_by_role("link", name="Назначить и задать срок").click()
    page.get_by_label("Срок").fill("2020-01-01")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#id_due_on_error")).to_contain_text("в прошлом")
    assert_accessible(page, "an action with an error")
    page.goto("/kabinet/standarty/spiski/")
    expect(page.locator("main")).to_contain_text("КЦ-1")
    assert_accessible(page, "requirement lists")

    head = new_page()
    head.set_viewport_size({"width": 375, "height": 800})
    login(head, "head")
    head.goto("/kabinet/standarty/")
    expect(head.locator("#remedy-list")).to_contain_text("Ночью никто не ответил")
    assert_accessible(head, "standards board on a phone")
    screenshot(head, "standards-board-375")

    citizen = new_page()
    citizen.goto(f"/places/{place.pk}/")
    expect(citizen.locator("#check")).to_contain_text("Из 5 правил здесь соблюдают 4")
    assert_accessible(citizen, "a place with its last check")
