"""Issue 16, «confirm or undo»: removing a step or a need of a life situation, removing a
segment attribute and handing an appeal to another body each ask first on a page of its
own (plain links and forms: nothing needs JavaScript), naming what will happen, and a
banner then says what happened. axe-core on each question."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from accounts.models import Role
from inbox import services as inbox
from segments import services as segments
from tests.browser.conftest import assert_accessible, login, screenshot
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def _banner(page: Page) -> Locator:
    return page.locator(".govuk-notification-banner")


def test_removing_a_step_and_a_need_asks_first(
    transactional_db, world, published_situation, new_page
):  # R1 R4
    page = new_page()
    login(page, "alice")
    page.goto(f"/kabinet/situations/{published_situation.slug}/")
    page.get_by_role("link", name="Убрать шаг «Единое пособие»").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Убрать шаг «Единое пособие»?")
    expect(page.locator("main")).to_contain_text("Это шаг 2, его выполняет Отделение СФР.")
    assert_accessible(page, "step removal question")
    screenshot(page, "step_remove")
    page.get_by_role("link", name="Нет, оставить").click()
    expect(page.locator("#steps .kc-step")).to_have_count(3)

    page.get_by_role("link", name="Убрать шаг «Единое пособие»").click()
    page.get_by_role("button", name="Да, убрать шаг").click()
    expect(_banner(page)).to_contain_text("Шаг «Единое пособие» убран.")
    expect(page.locator("#steps .kc-step")).to_have_count(2)
    expect(page.locator("#steps ol.kc-steps")).not_to_contain_text("Единое пособие")

    page.get_by_role("link", name="Убрать потребность «Место в детском саду»").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Убрать потребность «Место в детском саду»?"
    )
    assert_accessible(page, "need removal question")
    page.get_by_role("button", name="Да, убрать потребность").click()
    expect(_banner(page)).to_contain_text("Потребность «Место в детском саду» убрана.")
    expect(page.locator("#needs .kc-step")).to_have_count(0)


def test_removing_a_segment_attribute_asks_first(transactional_db, world, catalogue, new_page):
    # R6 R9
    segment = segments.segment_create(
        actor=world.analyst,
        body=world.body,
        code="1.1",
        name="Многодетные семьи",
        target="direction",
        direction="support",
    )
    age = catalogue["age"]
    segments.segment_attribute_set(
        actor=world.analyst, segment=segment, attribute=age, value="36–55 лет"
    )
    page = new_page()
    login(page, "alice")
    page.goto(f"/kabinet/segments/{segment.slug}/")
    page.get_by_role("link", name=f"Убрать признак «{age.name}»").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Убрать признак «{age.name}»?")
    expect(page.locator("#attributes-left")).to_contain_text("В профиле останется 0 признаков.")
    assert_accessible(page, "attribute removal question")
    page.get_by_role("button", name="Да, убрать признак").click()
    expect(_banner(page)).to_contain_text(
        f"Признак «{age.name}» убран, в историю профиля добавлена версия 3."
    )
    expect(page.locator("#attributes tbody tr")).to_have_count(0)


def test_handing_an_appeal_to_another_body_asks_first(transactional_db, world, new_page):
    UserFactory.create(username="olga", role=Role.ANSWERER, body=world.body)
    category = inbox.category_save(
        actor=world.platform_admin,
        body=world.other_body,
        name="Единое пособие",
        keywords="единое пособие",
    )
    item, _ = inbox.item_receive(
        actor=world.system,
        received_by=world.body,
        kind="appeal",
        channel="portal",
        text="Когда придёт пособие на ребёнка?",
    )
    page = new_page()
    login(page, "olga")
    page.goto(f"/kabinet/inbox/{item.pk}/")
    page.get_by_label("Категория").select_option(str(category.pk))
    page.get_by_role("button", name="Сменить категорию").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Передать обращение № {item.pk} в Отделение СФР?"
    )
    expect(page.locator(".govuk-warning-text")).to_contain_text("Вернуть его сможет только")
    assert_accessible(page, "hand-over question")
    screenshot(page, "inbox_handover")
    page.get_by_role("button", name="Да, передать в Отделение СФР").click()
    page.wait_for_url(re.compile(r"/kabinet/inbox/$"))
    expect(_banner(page)).to_contain_text(f"Обращение № {item.pk} передано в Отделение СФР.")
