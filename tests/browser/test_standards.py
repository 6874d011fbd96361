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
    page.locator("#place-table").get_by_role("link", name="Проверить").click()
    page.get_by_role("button", name="Начать проверку").click()  # a self-assessment by default
    expect(page.locator("h1")).to_have_text("Горячая линия")
    for group in page.locator(".govuk-radios").all():
        group.get_by_label("выполнено", exact=True).check()
    page.locator(".govuk-radios").first.get_by_label("не выполнено").check()
    page.get_by_role("button", name="Завершить проверку").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("КЦ-1: напишите, что не так")
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


def test_a_mystery_visit_from_assignment_to_the_public_page(
    transactional_db, world, new_page, tmp_path
):  # R29
    """The issue's walk: an analyst edits the office's accessibility and assigns a mystery
    visit; the shopper, on a phone, fills it with a photo; the head sees the failed items
    and the actions; a citizen reads the office's page."""
    import datetime as dt

    from django.utils import timezone
    from PIL import Image

    from accounts.models import Role
    from standards.models import Requirement, RequirementList
    from standards.seed import load
    from tests.factories import UserFactory

    load(RequirementList, Requirement)
    office = TouchpointFactory.create(
        body=world.body, kind="one_window", title="МФЦ в Зее", address="г. Зея, ул. Мира, 5"
    )
    UserFactory.create(
        username="pavel", role=Role.SHOPPER, body=world.body, first_name="Павел", last_name="Орлов"
    )
    photo = tmp_path / "entry.jpg"
    Image.new("RGB", (120, 80), "gray").save(photo, "JPEG")

    analyst = new_page()
    login(analyst, "alice")
    analyst.goto(f"/kabinet/touchpoints/{office.pk}/")
    analyst.get_by_label("Вход без ступенек или пандус").check()
    analyst.get_by_label("Парковка для людей с инвалидностью").check()
    analyst.get_by_role("button", name="Сохранить").click()
    expect(analyst.locator(".govuk-notification-banner")).to_contain_text("сохранены")
    analyst.goto("/kabinet/standarty/")
    analyst.locator("#place-table").get_by_role("link", name="Проверить").click()
    analyst.get_by_label("Тайный визит").check()
    analyst.get_by_label("Провести до").fill("2020-01-01")
    analyst.get_by_role("button", name="Начать проверку").click()
    expect(analyst.locator("#id_due_on_error")).to_contain_text("в прошлом")
    assert_accessible(analyst, "assigning a mystery visit with an error")
    analyst.get_by_label("Провести до").fill("")
    analyst.get_by_label("Тайный покупатель").select_option(label="Орлов Павел")
    analyst.get_by_role("button", name="Начать проверку").click()
    expect(analyst.locator("#place-table")).to_contain_text("у тайного покупателя: Орлов Павел")

    shopper = new_page()
    shopper.set_viewport_size({"width": 375, "height": 800})
    shopper.goto("/accounts/login/")
    shopper.get_by_label("Имя пользователя").fill("pavel")
    shopper.get_by_label("Пароль").fill("пароль-для-тестов-1")
    shopper.get_by_role("button", name="Войти").click()
    shopper.wait_for_url("**/moi-proverki/")  # a shopper's cabinet is his checks
    expect(shopper.locator("h1")).to_have_text("Мои проверки")
    assert_accessible(shopper, "a shopper's checks")
    shopper.get_by_role("link", name="МФЦ в Зее").click()
    expect(shopper.locator("#scenario")).to_contain_text("Возьмите талон")
    for radio in shopper.locator("input[type=radio][value='met']").all():
        radio.check()
    shopper.locator(".govuk-radios").nth(1).get_by_label("не выполнено").check()  # ПР-2
    shopper.get_by_label("Что увидели или что не так (ПР-2)").fill("Парковка занята")
    shopper.locator(".govuk-radios").nth(10).get_by_label("не выполнено").check()  # ПР-11
    shopper.get_by_label("Сколько намерили (ПР-11), мин").fill("35")
    shopper.get_by_label("Что увидели или что не так (ПР-11)").fill("Ждал 35 минут")
    shopper.get_by_label("Фото (необязательно)", exact=True).set_input_files(str(photo))
    shopper.get_by_role("button", name="Завершить проверку").click()
    expect(shopper.locator(".govuk-error-summary")).to_contain_text("когда был визит")
    expect(shopper.get_by_label("Сколько намерили (ПР-11), мин")).to_have_value("35")
    expect(shopper.locator(".kc-photos img")).to_have_count(1)  # the photo is kept already
    assert_accessible(shopper, "a mystery visit on a phone, with an error")
    screenshot(shopper, "standards-mystery-visit-375")
    visited = timezone.localtime() - dt.timedelta(hours=1)
    shopper.get_by_label("Когда был визит или звонок").fill(visited.strftime("%Y-%m-%dT%H:%M"))
    shopper.get_by_role("button", name="Завершить проверку").click()
    expect(shopper.locator("#score")).to_contain_text("Выполнено")
    assert shopper.evaluate("document.documentElement.scrollWidth") <= 375

    head = new_page()
    login(head, "head")
    head.goto("/kabinet/standarty/")
    expect(head.locator("#remedy-list")).to_contain_text("Парковка занята")
    expect(head.locator("#remedy-list")).to_contain_text("Ждал 35 минут")
    head.locator("#place-table").get_by_role("link", name="МФЦ в Зее").click()
    expect(head.locator("#check-list")).to_contain_text("ПР-11")
    assert_accessible(head, "a place for its body")
    screenshot(head, "standards-place")

    citizen = new_page()
    citizen.goto(f"/places/{office.pk}/")
    expect(citizen.locator("#accessibility")).to_contain_text("Парковка для людей с инвалидностью")
    expect(citizen.locator("#check")).to_contain_text("соблюдают")
    assert_accessible(citizen, "the office's public page after the visit")


def test_the_keeper_of_lists_writes_a_new_version(transactional_db, world, new_page):  # R29
    from standards.models import Requirement, RequirementList
    from standards.seed import load

    load(RequirementList, Requirement)
    page = new_page()
    login(page, world.platform_admin.username)
    page.goto("/kabinet/standarty/spiski/")
    page.get_by_role("link", name="Изменить требования — Колл-центр").click()
    page.get_by_label("Код (2)").fill("КЦ-1")
    page.get_by_role("button", name="Сохранить новую версию").click()
    expect(page.locator("#id_code_1_error")).to_contain_text("уже есть")
    assert_accessible(page, "a list's new version with an error")
    page.get_by_label("Код (2)").fill("КЦ-2")
    page.get_by_label("Код (6)").fill("КЦ-6")
    page.get_by_label("Требование (6)").fill("Можно заказать обратный звонок.")
    page.get_by_label("Как проверяют (6)").select_option("test_contact")
    page.get_by_label("Вес от 1 до 5 (6)").fill("2")
    page.get_by_role("button", name="Сохранить новую версию").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Сохранена версия 2")
    expect(page.locator("main")).to_contain_text("Можно заказать обратный звонок.")
