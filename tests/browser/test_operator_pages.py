"""The body administrator's security pages in the browser: the export log (every file,
who took it, personal data marked), the background jobs, confirming a СНИЛС and the keys
with their scopes — axe-core clean at desktop and phone width, no sideways scroll."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from exports.models import ExportEvent
from tests.browser.conftest import assert_accessible, login, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_administrator_reads_the_export_log_and_the_jobs(
    transactional_db, world, published_situation, new_page, width
):
    from proactive.models import Trigger

    Trigger.objects.create(
        kind="birth_registered", title="Зарегистрировано рождение ребёнка",
        life_situation=published_situation,
    )  # fmt: skip
    ExportEvent.objects.create(
        body=world.body, actor=world.analyst, what="journeys.map",
        title="Карта пути «Рождение ребёнка»", filename="journey-1.pdf", format="pdf", rows=6,
    )  # fmt: skip
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "badmin")

    assert_accessible(page, "cabinet home")  # where login() lands
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto("/kabinet/exports/")
    expect(page.locator("table")).to_contain_text("Карта пути «Рождение ребёнка»")
    assert_accessible(page, "export log")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width == 1280:
        screenshot(page, "export_log")

    page.goto("/kabinet/jobs/")
    expect(page.locator("#job-inboxescalate")).to_contain_text("каждую минуту")
    assert_accessible(page, "jobs")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto("/kabinet/audit/?since=2026-12-31&until=2026-01-01")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Дата «по» раньше")
    assert_accessible(page, "audit trail with a filter error")
    page.goto("/kabinet/audit/")
    # The section menu stays on every staff page, the current section marked (issue 16).
    expect(page.locator('.kc-sections [aria-current="page"]')).to_have_text("Администрирование")
    assert_accessible(page, "audit trail")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto("/kabinet/proaktiv/sources/")
    page.get_by_label("Зарегистрировано рождение ребёнка").check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Сохранено")
    assert_accessible(page, "event sources")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.goto("/kabinet/api-keys/")
    page.get_by_label("Название ключа").fill("Оценки МФЦ")
    page.get_by_role("button", name="Выдать ключ").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Отметьте, что система может")
    page.get_by_label("Передавать оценки, приглашения к оценке и объёмы обслуживания").check()
    page.get_by_role("button", name="Выдать ключ").click()
    expect(page.locator(".kc-key")).to_contain_text("kc_")
    assert_accessible(page, "api keys with a new key")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_operator_confirms_a_snils(transactional_db, world, new_page):
    from proactive.services import client_profile_set

    world.citizen.last_name = "Смирнова"
    world.citizen.save()
    client_profile_set(actor=world.citizen, user=world.citizen, snils="112-233-445 95")
    page = new_page()
    login(page, "servant")
    page.goto("/kabinet/proaktiv/verify/")
    page.get_by_label("Логин клиента").fill("charlie")
    page.get_by_label("Фамилия из паспорта").fill("Смирнова")
    page.get_by_label("СНИЛС из документа").fill("112-233-445 96")
    page.get_by_role("button", name="Подтвердить").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("контрольное число")
    assert_accessible(page, "verify with errors")
    page.get_by_label("СНИЛС из документа").fill("112-233-445 95")
    page.get_by_label("Я сверил паспорт клиента и СНИЛС").check()
    page.get_by_role("button", name="Подтвердить").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("СНИЛС подтверждён")
    screenshot(page, "snils_confirmed")


def test_a_new_key_is_copied_with_a_button_and_revoked_after_a_confirmation(
    transactional_db, world, new_page
):
    """Issue 16, basics: the key shown once has a copy button (with JavaScript; without it
    the key is there to select), its last day is chosen when it is issued, and revoking it
    asks first, naming the key and its system, then says what happened."""
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    login(page, "badmin")
    page.goto("/kabinet/api-keys/")
    page.get_by_label("Название ключа").fill("Оценки МФЦ")
    page.get_by_label("Передавать оценки, приглашения к оценке и объёмы обслуживания").check()
    page.get_by_label("Последний день работы ключа").fill("2027-06-30")
    page.get_by_role("button", name="Выдать ключ").click()
    key = page.locator("#new-key").inner_text().strip()
    assert key.startswith("kc_")
    page.get_by_role("button", name="Скопировать ключ").click()
    expect(page.locator("#new-key-status")).to_have_text("Ключ скопирован.")
    assert page.evaluate("navigator.clipboard.readText()") == key
    row = page.locator("tbody tr", has_text="Оценки МФЦ")
    expect(row.locator("[data-expires]")).to_have_text("30.06.2027")
    assert_accessible(page, "api keys with the copy button")

    row.get_by_role("link", name="Отозвать ключ «Оценки МФЦ»").click()
    system = world.system.display_name
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Отозвать ключ «Оценки МФЦ» системы «{system}»?"
    )
    expect(page.locator(".govuk-warning-text")).to_contain_text("Вернуть ключ нельзя")
    assert_accessible(page, "api key revoke confirmation")
    screenshot(page, "api_key_revoke")
    page.get_by_role("button", name="Да, отозвать ключ").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Ключ «Оценки МФЦ» системы «{system}» отозван"
    )
    expect(page.locator("tbody tr", has_text="Оценки МФЦ")).to_contain_text("отозван")


def test_without_javascript_the_new_key_is_shown_with_no_copy_button(
    transactional_db, world, new_page
):
    page = new_page(java_script_enabled=False)
    login(page, "badmin")
    page.goto("/kabinet/api-keys/")
    page.get_by_label("Название ключа").fill("Оценки МФЦ")
    page.get_by_label("Передавать оценки, приглашения к оценке и объёмы обслуживания").check()
    page.get_by_role("button", name="Выдать ключ").click()
    expect(page.locator("#new-key")).to_contain_text("kc_")
    expect(page.get_by_role("button", name="Скопировать ключ")).to_be_hidden()
    page.get_by_role("link", name="Отозвать ключ «Оценки МФЦ»").click()
    page.get_by_role("button", name="Да, отозвать ключ").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("отозван")
