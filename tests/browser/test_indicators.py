"""Issue 21 (first part): the head reads the body's indicators — each with n, interval,
target and light, and a sentence on what changed — sets the body's own target with a bad
value explained next to it, and reads how each is counted. axe-core clean on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, screenshot
from tests.factories import ServiceFactory

pytestmark = pytest.mark.browser


def test_the_head_reads_the_indicators_and_sets_a_target(transactional_db, world, new_page):
    from feedback.tests.fixtures import rate

    service = ServiceFactory.create(body=world.body)
    for score in [5] * 7 + [2] * 5:
        rate(service, score)
    page = new_page()
    login(page, "head")
    page.get_by_role("link", name="Показатели", exact=True).click()
    expect(page.locator("h1")).to_have_text("Показатели клиентоцентричности")
    row = page.locator("#row-satisfaction")
    expect(row).to_contain_text("58 %")
    expect(row).to_contain_text("n = 12")
    expect(row).to_contain_text("на грани")  # 58 % misses 60 %, its interval reaches it
    assert_accessible(page, "a body's indicators")
    screenshot(page, "indicators-body")
    page.get_by_role("link", name="Цели и ответственные").click()
    page.get_by_label("Доля довольных: цель, %").fill("150")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#id_target_satisfaction_error")).to_contain_text("от 0 до 100 %")
    assert_accessible(page, "targets with an error")
    page.get_by_label("Доля довольных: цель, %").fill("50")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#row-satisfaction")).to_contain_text("в норме")
    expect(page.locator("#row-satisfaction")).to_contain_text("цель органа")
    from indicators.models import Shortcoming

    found = Shortcoming.objects.create(
        body=world.body,
        code="satisfaction",
        quarter="2026-Q3",
        reason="miss",
        summary="Доля довольных: 50 % в II кв. 2026, затем 50 % в III кв. 2026 при цели 60 %.",
        due_on="2027-01-31",
    )
    page.goto(f"/kabinet/pokazateli/nedostatki/{found.pk}/")
    page.get_by_role("button", name="Закрыть недостаток").click()
    expect(page.locator("#id_done_error")).to_be_visible()
    assert_accessible(page, "a shortcoming with an error")
    page.get_by_label("Что сделали").fill("Открыли второе окно.")
    page.get_by_role("button", name="Закрыть недостаток").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Недостаток закрыт")
    page.get_by_role("link", name="Как считаем").click()
    expect(page.locator("#satisfaction_score")).to_contain_text("Индекс удовлетворённости")
    assert_accessible(page, "how the indicators are counted")

    phone = new_page()
    phone.set_viewport_size({"width": 375, "height": 800})
    login(phone, "head")
    phone.goto("/kabinet/pokazateli/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone, "indicators on a phone")


def test_the_regional_office_compares_bodies_on_a_funnel(transactional_db, world, new_page):
    import datetime as dt

    import time_machine

    from feedback.tests.fixtures import rate
    from indicators.periods import last_quarters

    quarter = last_quarters(2)[0]  # the last finished one: the page's default
    when = quarter.start + dt.timedelta(days=20)
    ours = ServiceFactory.create(body=world.body)
    theirs = ServiceFactory.create(body=world.other_body)
    with time_machine.travel(when, tick=False):
        for score in [5] * 180 + [1] * 20:
            rate(ours, score)
        for score in [5] * 10 + [1] * 10:
            rate(theirs, score)
    page = new_page()
    page.goto("/pokazateli/sravnenie/")
    expect(page.locator("#funnel-chart svg[role=img]")).to_have_count(1)
    expect(page.locator("#funnel-table")).to_contain_text(world.other_body.name)
    expect(page.locator("#funnel-table")).to_contain_text("ниже области")
    assert_accessible(page, "bodies on a funnel plot")
    screenshot(page, "indicators-funnel")
    login(page, "head")  # the body's own services, for its staff
    page.goto("/kabinet/pokazateli/")
    page.get_by_role("link", name="Сравнение услуг органа").click()
    expect(page.locator("h1")).to_have_text("Сравнение услуг органа: доля довольных")
    expect(page.locator("#funnel-table")).to_contain_text(ours.title)
    assert_accessible(page, "a body's services on a funnel plot")


def test_the_head_approves_last_years_report_and_everyone_reads_it(
    transactional_db, world, new_page
):
    """Issue 21: the head opens the yearly report from the body's page, is told what is
    missing, writes the plans, approves it and downloads the PDF; anyone then finds it on
    the body's public page."""
    import datetime as dt

    import time_machine

    from feedback.tests.fixtures import rate

    service = ServiceFactory.create(body=world.body)
    year = dt.datetime.now(tz=dt.UTC).year - 1
    with time_machine.travel(dt.datetime(year, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        for score in [5] * 15 + [2] * 5:
            rate(service, score)
    page = new_page()
    login(page, "head")
    page.goto("/kabinet/pokazateli/")
    page.get_by_role("link", name="Годовой отчёт").click()
    page.goto(f"/kabinet/pokazateli/otchet/{year}/")
    expect(page.locator("#report-status")).to_contain_text("Черновик")
    expect(page.locator("#report-satisfaction")).to_contain_text("75 %")
    page.get_by_role("button", name="Утвердить отчёт").click()
    expect(page.locator("#id_plans_error")).to_contain_text("Напишите, что орган сделает")
    assert_accessible(page, "a yearly report with an error")
    page.get_by_label("Что орган сделает в следующем году").fill("Открыть второе окно приёма.")
    page.get_by_role("button", name="Утвердить отчёт").click()
    expect(page.locator("#report-status")).to_contain_text("Утверждён")
    expect(page.locator("#report-plans")).to_contain_text("Открыть второе окно приёма.")
    assert_accessible(page, "an approved yearly report")
    screenshot(page, "indicators-report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Скачать PDF").click()
    assert download.value.suggested_filename == f"indicators-{world.body.slug}-{year}.pdf"

    visitor = new_page()
    visitor.goto(f"/pokazateli/organ/{world.body.slug}/")
    expect(visitor.locator("h1")).to_have_text("Как орган работает с людьми")
    expect(visitor.locator("#reports")).to_be_visible()
    link = visitor.get_by_role("link", name=f"Отчёт за {year} год (PDF)")
    expect(link).to_have_count(1)
    assert_accessible(visitor, "a body's public indicators")
    screenshot(visitor, "indicators-public")

    phone = new_page()
    phone.set_viewport_size({"width": 375, "height": 800})
    login(phone, "head")
    phone.goto(f"/kabinet/pokazateli/otchet/{year}/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone, "a yearly report on a phone")


def test_the_head_takes_satisfaction_apart_down_to_a_touchpoint(
    transactional_db, world, published_situation, new_page
):
    """Issue 21: body → life situation → service → touchpoint on the same figures, the
    group below the level above marked so; axe-core clean, and on a phone."""
    from feedback.tests.fixtures import rate
    from registry.models import Service
    from tests.factories import TouchpointFactory

    reg = Service.objects.get(slug="reg")
    office = TouchpointFactory.create(body=world.body, kind="office", title="Офис на Ленина")
    for score in [5] * 12:
        rate(reg, score, touchpoint=office)
    for score in [2] * 10:
        rate(published_situation, score)
    page = new_page()
    login(page, "head")
    page.goto("/kabinet/pokazateli/")
    page.get_by_role("link", name="Из чего складывается доля довольных").click()
    page.get_by_role("link", name="Рождение ребёнка").click()
    table = page.locator("#drill-table")
    expect(table).to_contain_text("Оценки ситуации целиком")
    expect(table.locator("tr", has_text="Оценки ситуации целиком")).to_contain_text("ниже")
    assert_accessible(page, "a life situation taken apart")
    page.get_by_role("link", name="Регистрация рождения").click()
    page.get_by_role("link", name="точки").click()
    expect(page.locator("#drill-table")).to_contain_text("Офис на Ленина")
    expect(page.locator("#drill-path")).to_contain_text("Регистрация рождения")
    screenshot(page, "indicators-drilldown")
    phone = new_page()
    phone.set_viewport_size({"width": 375, "height": 800})
    login(phone, "head")
    phone.goto(page.url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone, "a drill-down on a phone")


def test_the_analyst_enters_a_cost_and_reads_the_cost_per_transaction(
    transactional_db, world, new_page
):
    """Issue 21: a cost typed with a mistake is explained next to its field; typed right,
    the page gives the cost per transaction from the volumes. axe-core clean."""
    from feedback.models import Volume
    from indicators.periods import last_quarters
    from tests.factories import TouchpointFactory

    service = ServiceFactory.create(body=world.body, title="Пособие на ребёнка")
    office = TouchpointFactory.create(body=world.body, kind="reception", title="Приёмная")
    quarter = last_quarters(2)[0]
    Volume.objects.create(
        body=world.body,
        touchpoint=office,
        service=service,
        month=quarter.first_month,
        served=400,
        offered=0,
    )
    page = new_page()
    login(page, "alice")
    page.goto("/kabinet/pokazateli/")
    page.get_by_role("link", name="Затраты на услуги").click()
    page.get_by_label("Услуга", exact=True).select_option(label="Пособие на ребёнка")
    page.get_by_label("Квартал", exact=True).select_option(quarter.code)
    page.get_by_label("Затраты за квартал, ₽").fill("-100")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#id_amount_error")).to_be_visible()
    assert_accessible(page, "costs with an error")
    page.get_by_label("Затраты за квартал, ₽").fill("100 000")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#cost-table")).to_contain_text("250,00 ₽")
    assert_accessible(page, "costs")
