"""Must show (issue: answers inbox): an answerer opens an overdue comment, inserts a
template, sees the readability flags update as the text changes, is stopped by the gate on
a bureaucratic answer, rewrites it plainly and sends it; the item shows it was answered
late, and an item still within its deadline shows answered in time. axe-core on the inbox
and the editor (R22, R23)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from inbox import services
from inbox.models import Item
from inbox.tests.conftest import BUREAUCRATIC, PLAIN
from tests.browser.conftest import assert_accessible, login, screenshot
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

TEMPLATE = "Справки о доходах мы запросим сами. Нести их не нужно."


def test_answerer_answers_an_overdue_comment_plainly(transactional_db, world, new_page):
    UserFactory.create(
        username="olga",
        role=Role.ANSWERER,
        body=world.body,
        first_name="Ольга",
        last_name="Лебедева",
    )
    services.template_save(
        actor=world.analyst,
        body=world.body,
        title="Нужно ли нести справки о доходах?",
        text=TEMPLATE,
    )
    now = timezone.now()
    overdue, _ = services.item_receive(
        actor=world.system,
        received_by=world.body,
        kind="comment",
        channel="vk",
        text="В МФЦ сказали, что справку о доходах нужно нести самим. Это правда?",
        author_name="Анна К.",
        received_at=now - dt.timedelta(hours=3),
    )
    fresh, _ = services.item_receive(
        actor=world.system,
        received_by=world.body,
        kind="mention",
        channel="telegram",
        text="Когда придёт компенсация за садик?",
        received_at=now - dt.timedelta(minutes=5),
    )
    page = new_page()
    login(page, "olga")

    page.goto("/kabinet/inbox/")
    row = page.locator("#inbox tr", has_text=f"№ {overdue.pk}")
    expect(row.locator(".govuk-tag--red")).to_contain_text("просрочено на 1 ч")
    expect(
        page.locator("#inbox tr", has_text=f"№ {fresh.pk}").locator(".govuk-tag")
    ).to_contain_text("осталось")
    assert_accessible(page, "inbox list")
    screenshot(page, "inbox_list")
    row.get_by_role("link", name=f"№ {overdue.pk}").click()

    # Insert a template found by another word form.
    page.get_by_label("Найти шаблон").fill("справкам")
    page.locator("#hits").get_by_role("button", name="Вставить в ответ").click()
    answer = page.get_by_label("Ответ")
    expect(answer).to_have_value(TEMPLATE)
    expect(page.locator("#answer-check")).to_contain_text("Текст простой")

    # The flags follow the text as it changes. The editor was just swapped in: wait until
    # htmx has settled it (and bound the live check) before typing, as a person would.
    # (A locator, not wait_for_function: its polling evaluates a string, which the
    # product's CSP — no 'unsafe-eval' — refuses whenever the first look is not enough.)
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)
    page.wait_for_timeout(100)
    answer.fill(BUREAUCRATIC)
    check = page.locator("#answer-check")
    expect(check).to_contain_text("Сложнее, чем разрешено")
    expect(check.locator("mark.kc-flag--stock").first).to_contain_text("до Вашего сведения")
    expect(check.locator("#flags")).to_contain_text("Канцелярит")
    assert_accessible(page, "editor with flags")
    screenshot(page, "inbox_editor_flags")

    # The gate stops the bureaucratic answer and keeps the text.
    page.get_by_role("button", name="Отправить ответ").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("только с одобрения руководителя")
    expect(page.get_by_label("Ответ")).to_have_value(BUREAUCRATIC)
    assert_accessible(page, "editor stopped by the gate")
    assert Item.objects.get(pk=overdue.pk).answered_at is None

    # Rewritten plainly, it goes out; the comment was overdue, so it is marked late.
    page.get_by_label("Ответ").fill(PLAIN)
    expect(page.locator("#answer-check")).to_contain_text("Текст простой")
    page.get_by_role("button", name="Отправить ответ").click()
    expect(page.locator("#sent-answer")).to_contain_text(PLAIN)
    expect(page.locator(".govuk-tag--orange")).to_contain_text("ответ с опозданием")
    expect(page.locator("#history")).to_contain_text("с опозданием")

    page.goto(f"/kabinet/inbox/{fresh.pk}/")
    page.get_by_label("Ответ").fill("Деньги придут до 10 декабря. Мы всё проверили.")
    page.get_by_role("button", name="Отправить ответ").click()
    expect(page.locator(".govuk-tag--green")).to_contain_text("ответ в срок")


def test_head_sees_figures_and_approves(transactional_db, world, new_page):
    answerer = UserFactory.create(username="olga", role=Role.ANSWERER, body=world.body)
    item, _ = services.item_receive(
        actor=world.system,
        received_by=world.body,
        kind="appeal",
        channel="portal",
        text="Прошу разъяснить порядок выплаты.",
    )
    services.approval_request(actor=answerer, item=item, text=BUREAUCRATIC)
    page = new_page()
    login(page, "head")
    page.goto(f"/kabinet/inbox/{item.pk}/")
    page.get_by_label("Комментарий руководителя").fill("Формулировка согласована с юристами")
    assert_accessible(page, "approval")
    page.get_by_role("button", name="Одобрить отправку").click()
    expect(page.locator("#history")).to_contain_text("Руководитель одобрил ответ")
    page.goto("/kabinet/inbox/stats/")
    expect(page.locator("#overdue-count")).to_have_text("0")
    assert_accessible(page, "head figures")


def test_rules_templates_and_mail_preferences_are_accessible(transactional_db, world, new_page):
    import re

    from django.core import mail

    from mailings.services import mail_send

    page = new_page()
    login(page, "head")
    page.goto("/kabinet/inbox/rules/")
    page.get_by_label("Слов в предложении не больше").fill("2")
    page.get_by_role("button", name="Сохранить правила").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("больше либо равно 5")
    assert_accessible(page, "rules with an error")
    page.goto("/kabinet/inbox/templates/")
    assert_accessible(page, "templates")

    mail_send(email="anna@example.ru", topic="appeal_answer", subject="Ответ", body="Текст")
    url = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    path = re.sub(r"^https?://[^/]+", "", url)
    page.goto(path)
    assert_accessible(page, "unsubscribe")
    page.get_by_role("button", name="Отписаться").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Вы отписались")
    page.get_by_role("link", name="Выбрать, как часто присылать сообщения").click()
    expect(
        page.get_by_role("group", name="Ответы на мои обращения").get_by_label("Не присылать")
    ).to_be_checked()
    assert_accessible(page, "mail preferences")
