"""Must show (issue: foundation): an analyst creates a life situation with three steps
owned by two bodies and publishes it; an anonymous visitor finds it by another word form
and sees the steps and the FAQ; axe-core finds no violations on the pages on the way."""

import re

import pytest
from playwright.sync_api import expect

from registry.models import LifeSituationVersion
from tests.browser.conftest import assert_accessible, login, screenshot
from tests.factories import ServiceFactory

pytestmark = pytest.mark.browser


def test_analyst_builds_and_publishes_and_a_visitor_finds_it(transactional_db, world, new_page):
    services = [
        ServiceFactory.create(
            body=world.body, title="Установление опеки над ребёнком", slug="opeka"
        ),
        ServiceFactory.create(
            body=world.other_body, title="Выплата при передаче ребёнка в семью", slug="vyplata"
        ),
        ServiceFactory.create(
            body=world.other_body, title="Присвоение СНИЛС ребёнку", slug="snils"
        ),
    ]

    page = new_page()
    page.goto("/accounts/login/")
    assert_accessible(page, "login")
    screenshot(page, "login")
    login(page, "alice")

    page.goto("/kabinet/situations/new/")
    # Bad input first: the errors stand next to the fields, in Russian.
    page.get_by_label("Название").fill("Усыновление ребёнка")
    page.get_by_role("button", name="Создать черновик").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Укажите стартовое событие")
    expect(page.locator("#id_start_event_error")).to_be_visible()
    assert_accessible(page, "create form with errors")

    page.get_by_label("Стартовое событие").fill("Решение суда об усыновлении")
    page.get_by_label("Конечный ценный результат").fill(
        "Ребёнок живёт в семье, семья получила выплаты"
    )
    page.get_by_label("Срок, дней").fill("90")
    page.get_by_role("button", name="Создать черновик").click()
    page.wait_for_url(re.compile(r"/kabinet/situations/[-a-z0-9]+/$"))

    for count, service in enumerate(services, start=1):
        page.locator("#id_step-service").select_option(str(service.pk))
        page.get_by_role("button", name="Добавить шаг").click()
        expect(page.locator("#steps .kc-step")).to_have_count(count)
    # Reorder without a full reload: move the last step up.
    last = page.locator("#steps .kc-step").nth(2)
    last.get_by_role("button", name=re.compile("^Выше")).click()
    expect(page.locator("#steps .kc-step").nth(1)).to_contain_text("Присвоение СНИЛС ребёнку")

    page.locator("#id_need-title").fill("Узнать о ребёнке всё до суда")
    page.locator("#id_need-status").select_option("cannot")
    page.get_by_role("button", name="Добавить потребность").click()
    expect(page.locator("#id_need-reason_error")).to_contain_text("Объясните")
    page.locator("#id_need-status").select_option("cannot")
    page.locator("#id_need-reason").fill(
        "Тайна усыновления охраняется законом. До суда вы узнаете о здоровье ребёнка "
        "и его истории из заключения органа опеки."
    )
    page.get_by_role("button", name="Добавить потребность").click()
    # R23: the reason citizens will read is checked when saved, next to its field.
    expect(page.locator("#id_need-reason_error")).to_contain_text("Текст сложен для граждан")
    page.locator("#id_need-status").select_option("cannot")
    page.locator("#id_need-reason").fill(
        "Тайну усыновления защищает закон. До суда вы узнаете о здоровье ребёнка "
        "и его истории из заключения органа опеки."
    )
    page.get_by_role("button", name="Добавить потребность").click()
    expect(page.locator("#needs .kc-step")).to_have_count(1)
    assert_accessible(page, "edit page")
    screenshot(page, "edit")
    # Issue 23: a need is mended in place, not removed and added again.
    page.get_by_role("link", name="Изменить потребность «Узнать о ребёнке всё до суда»").click()
    page.get_by_label("Почему не может быть удовлетворена").fill(
        "Тайна усыновления охраняется законом. До суда вы узнаете о здоровье ребёнка "
        "и его истории из заключения органа опеки."
    )
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#id_reason_error")).to_contain_text("Текст сложен для граждан")
    assert_accessible(page, "need editor with an error")
    page.get_by_label("Почему не может быть удовлетворена").fill(
        "Тайну усыновления защищает закон. До суда вы узнаете о здоровье ребёнка "
        "и его истории из заключения опеки."
    )
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#needs")).to_contain_text("из заключения опеки.")

    page.get_by_role("button", name="Опубликовать").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Опубликована версия 1")
    assert LifeSituationVersion.objects.public().count() == 1

    visitor = new_page()
    visitor.goto("/")
    visitor.get_by_label("Найти жизненную ситуацию").fill("усыновлением")
    visitor.get_by_role("button", name="Найти").click()
    expect(visitor.locator("#results")).to_contain_text("Усыновление ребёнка")
    assert_accessible(visitor, "catalogue")
    screenshot(visitor, "catalogue")
    visitor.get_by_role("link", name="Усыновление ребёнка").click()
    steps = visitor.locator(".kc-steps > li")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("Установление опеки")
    expect(steps.nth(0)).to_contain_text(world.body.name)
    expect(steps.nth(2)).to_contain_text(world.other_body.name)
    expect(visitor.locator("#faq")).to_be_visible()
    expect(visitor.get_by_text("Тайну усыновления защищает закон.")).to_be_visible()
    assert_accessible(visitor, "life situation page")
    screenshot(visitor, "life_situation")
