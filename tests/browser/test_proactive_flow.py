"""Must show (issue: proactive delivery): a citizen gives consent for «рождение ребёнка»;
a system posts the birth event; the citizen sees the offers, confirms one in one click,
fills the short form of another, and sees a refusal that names the failed condition and
what to do; revoking consent asks first, naming what it withdraws, withdraws what is
pending, and consenting again brings it back (issue 16, item 6). axe-core on the cabinet
pages."""

import pytest
from playwright.sync_api import expect

from proactive.tests.fixtures import BORN
from tests.browser.conftest import assert_accessible, login, screenshot

pytestmark = pytest.mark.browser


def _ratings_on_the_dashboard(client, world) -> int:
    """The ratings the body's head sees on the ratings dashboard."""
    import re

    client.force_login(world.head)
    found = re.search(r'id="total-n">(\d+)<', client.get("/kabinet/otsenki/").content.decode())
    assert found is not None
    return int(found.group(1))


def test_citizen_consents_gets_offers_and_revokes(transactional_db, world, birth, new_page, client):
    page = new_page()
    login(page, "charlie")
    page.goto("/kabinet/proaktiv/")
    assert_accessible(page, "cabinet without consents")
    page.get_by_role("button", name="Дать согласие").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Выберите жизненную ситуацию")
    page.get_by_label("Жизненная ситуация").select_option(label="Рождение ребёнка")
    page.get_by_role("button", name="Дать согласие").click()
    expect(page.locator("#consent-list")).to_contain_text("Рождение ребёнка")

    # The civil registry's system reports the birth.
    response = client.post(
        "/api/v1/life-events",
        {"kind": "birth_registered", "snils": "112-233-445 95", "occurred_on": BORN.isoformat()},
        content_type="application/json",
        HTTP_X_API_KEY=world.system_key,
        HTTP_IDEMPOTENCY_KEY="zags-1",
    )
    assert response.status_code == 202
    from proactive.services import events_sweep

    assert events_sweep() == 1  # the runner's job, within seconds of the report

    page.reload()
    expect(page.locator("#pending")).to_contain_text(
        "Ждут вашего ответа: 3"
    )  # one click, two forms
    assert_accessible(page, "cabinet with offers")
    screenshot(page, "proactive_cabinet")

    allowance = page.locator(".kc-step", has_text="Пособие при рождении ребёнка")
    allowance.get_by_role("button", name="Подтвердить").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Больше ничего делать не нужно"
    )
    expect(page.locator(".kc-step", has_text="Пособие при рождении ребёнка")).to_contain_text(
        "Подтверждено"
    )

    page.locator(".kc-step", has_text="Региональный материнский капитал").get_by_role(
        "link", name="Заполнить короткую форму"
    ).click()
    page.get_by_role("button", name="Отправить").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Заполните: На что планируете потратить"
    )
    assert_accessible(page, "short form with an error")
    page.get_by_label("Образование детей").check()
    page.get_by_role("button", name="Отправить").click()
    expect(page.locator(".kc-step", has_text="Региональный материнский капитал")).to_contain_text(
        "Подтверждено"
    )

    page.locator(".kc-step", has_text="Единое пособие").get_by_role(
        "link", name="Почему нельзя и что сделать"
    ).click()
    refusal = page.locator(".kc-refusal")
    expect(refusal).to_contain_text(
        "Не выполнено условие: Доход на человека в семье меньше прожиточного минимума"
    )
    expect(refusal).to_contain_text("ФНС России")
    expect(refusal).to_contain_text("81-ФЗ")
    expect(refusal).to_contain_text("подайте заявление с новыми доходами")
    assert_accessible(page, "refusal")
    screenshot(page, "proactive_refusal")

    page.get_by_role("link", name="Назад в кабинет").click()
    # Revoking asks first and names what it withdraws (issue 16, item 6).
    page.get_by_role("link", name="Отозвать согласие").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Отозвать согласие?")
    expect(page.locator("#withdrawn li")).to_have_count(1)
    expect(page.locator("#withdrawn")).to_contain_text("Постановка в очередь в детский сад")
    assert_accessible(page, "revoke confirmation")
    screenshot(page, "proactive_revoke_confirmation")
    page.get_by_role("link", name="Нет, оставить").click()
    expect(page.locator("#consent-list")).to_contain_text("действует")
    page.get_by_role("link", name="Отозвать согласие").click()
    page.get_by_role("button", name="Да, отозвать согласие").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Неподтверждённых предложений отозвано: 1"
    )
    expect(page.locator(".kc-step", has_text="Очередь в детский сад")).to_contain_text("Отозвано")
    expect(page.locator("#consent-list")).to_contain_text("отозвано")

    # Consenting again decides the life situation anew: the withdrawn offer comes back.
    page.get_by_label("Жизненная ситуация").select_option(label="Рождение ребёнка")
    page.get_by_role("button", name="Дать согласие").click()
    expect(page.locator(".kc-step", has_text="Очередь в детский сад")).to_contain_text(
        "Нужно заполнить короткую форму"
    )
    expect(page.locator("#pending")).to_contain_text("Ждёт вашего ответа: 1")

    # Every delivery asks for a rating (issue 23): the confirmed allowance's one-time link
    # came by mail; the rating through it counts, and the history shows every step.
    import re

    from django.core import mail

    asked = [m for m in mail.outbox if m.subject == "Оцените услугу"]
    assert asked, [m.subject for m in mail.outbox]
    link = re.search(r"/o/i/[A-Za-z0-9_-]+/", str(asked[0].body))
    assert link is not None

    before = _ratings_on_the_dashboard(client, world)
    page.goto(link.group(0))
    page.get_by_label("5 — Очень доволен").check()
    page.get_by_role("button", name="Отправить оценку").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Спасибо!")
    assert _ratings_on_the_dashboard(client, world) == before + 1  # the body's figure moved
    page.goto("/kabinet/istoriya/")
    history = page.locator("#history")
    for step in ("Вы оценили", "Подтверждено", "Согласие отозвано", "Согласие дано", "Мы узнали"):
        expect(history).to_contain_text(step)
    assert_accessible(page, "history")
    screenshot(page, "client_history")


def test_citizen_books_moves_and_cancels_a_visit_in_the_offices_time(
    transactional_db, world, birth, new_page, post_event
):
    """Issue 16, item 7: an office, then a day, then a time — the office's own, named with
    its zone, weekdays in Russian; one booking per offer; the booking in the cabinet, moved
    and cancelled there."""
    from proactive import services
    from tests.factories import TouchpointFactory

    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    post_event()
    TouchpointFactory.create(
        body=world.body,
        kind="reception",
        title="Приёмная в Тынде",
        address="г. Тында, ул. Красная Пресня, 47",
        time_zone="Asia/Yakutsk",
    )
    TouchpointFactory.create(
        body=world.body,
        kind="reception",
        title="Приёмная в Благовещенске",
        address="г. Благовещенск, ул. Ленина, 135",
        time_zone="Asia/Yakutsk",
    )
    page = new_page()
    login(page, "charlie")
    page.goto("/kabinet/proaktiv/")
    page.locator(".kc-step", has_text="Единое пособие").get_by_role(
        "link", name="Почему нельзя и что сделать"
    ).click()
    visit = page.locator("main")
    expect(visit.get_by_role("radio", name="Приёмная в Тынде", exact=False)).to_be_visible()
    expect(page.locator("input[name=day]")).to_have_count(0)
    expect(page.locator("input[name=slot]")).to_have_count(0)
    page.get_by_role("radio", name="Приёмная в Тынде", exact=False).check()
    page.get_by_role("button", name="Показать свободные дни").click()
    days = page.locator("input[name=day]")
    expect(days).to_have_count(7)
    first_day = page.locator("label[for=id_day_0]").inner_text()
    assert first_day.split(",")[0] in (
        "Понедельник",
        "Вторник",
        "Среда",
        "Четверг",
        "Пятница",
    ), first_day
    page.locator("#id_day_0").check()
    page.get_by_role("button", name="Показать свободное время").click()
    expect(page.locator("input[name=slot]")).to_have_count(8)
    expect(page.locator("#visit-time")).to_contain_text("Время местное: Якутское время (МСК+6)")
    assert_accessible(page, "visit: office, day and time")
    screenshot(page, "proactive_visit_time")
    page.get_by_role("radio", name="10:00").check()
    page.get_by_role("button", name="Записаться").click()
    expect(page.locator("#booking")).to_contain_text("10:00 (Якутское время (МСК+6))")
    expect(page.locator("#booking")).to_contain_text("Приёмная в Тынде")
    # One booking per offer: the form gives way to moving or cancelling it.
    expect(page.locator("input[name=touchpoint]")).to_have_count(0)

    page.goto("/kabinet/")
    expect(page.locator("#booking-list")).to_contain_text("Приёмная в Тынде")
    page.goto("/kabinet/proaktiv/")
    bookings = page.locator("#booking-list")
    expect(bookings).to_contain_text(first_day.split(",")[0].lower())  # mid-sentence
    bookings.get_by_role("link", name="Перенести").click()
    page.get_by_role("radio", name="Приёмная в Благовещенске", exact=False).check()
    page.get_by_role("button", name="Показать свободные дни").click()
    page.locator("#id_day_1").check()
    page.get_by_role("button", name="Показать свободное время").click()
    page.get_by_role("radio", name="15:00").check()
    assert_accessible(page, "moving a visit")
    page.get_by_role("button", name="Перенести").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Запись перенесена")
    expect(bookings).to_contain_text("Приёмная в Благовещенске")
    expect(bookings).to_contain_text("15:00")

    bookings.get_by_role("link", name="Отменить").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Отменить запись?")
    assert_accessible(page, "cancelling a visit")
    page.get_by_role("button", name="Да, отменить запись").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Запись отменена")
    expect(page.locator("#booking-list")).to_have_count(0)


def test_a_business_sees_its_inn_and_business_situations_not_a_snils(
    transactional_db, world, birth, opening_a_business, new_page
):  # R15; issue 16, item 13
    page = new_page()
    login(page, "biz")
    page.goto("/kabinet/proaktiv/")
    expect(page.locator("#organisation")).to_contain_text(
        "ООО Ромашка: ИНН 2801012347, ОГРН 1022800000002."
    )
    expect(page.locator("main")).not_to_contain_text("СНИЛС")
    choice = page.get_by_label("Жизненная ситуация")
    expect(choice.locator("option", has_text="Открытие ИП")).to_have_count(1)
    expect(choice.locator("option", has_text="Рождение ребёнка")).to_have_count(0)
    assert_accessible(page, "business cabinet")
    screenshot(page, "proactive_business")
    choice.select_option(label="Открытие ИП")
    page.get_by_role("button", name="Дать согласие").click()
    expect(page.locator("#consent-list")).to_contain_text("Открытие ИП")

    page.get_by_role("link", name="Как сообщать").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Организация и уведомления")
    expect(page.locator("#organisation")).to_contain_text("2801012347")
    expect(page.get_by_label("СНИЛС")).to_have_count(0)
    assert_accessible(page, "business profile")
    page.get_by_role("radio", name="СМС").check()
    page.get_by_label("Мобильный телефон для СМС").fill("+7 916 123-45-67")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator("#organisation")).to_contain_text("Сообщаем: СМС на +7 916 ***-**-67.")


def test_the_citizens_journey_with_a_granted_function_end_to_end(
    transactional_db, world, birth, new_page, client
):
    """Issue 23, must show: event → a granted function and an offer → confirm → the
    invitation → the rating → the body's figure moves; the timeline shows each step."""
    import re

    from django.core import mail

    from proactive import services
    from proactive.models import StateRecord
    from registry.models import Service

    # Maternity capital is granted without an application (a function, seed 000).
    Service.objects.filter(slug="materinskiy-kapital").update(kind=Service.Kind.FUNCTION)
    StateRecord.objects.filter(name="has_maternity_certificate").update(value=False)
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    response = client.post(
        "/api/v1/life-events",
        {"kind": "birth_registered", "snils": "112-233-445 95", "occurred_on": BORN.isoformat()},
        content_type="application/json",
        HTTP_X_API_KEY=world.system_key,
        HTTP_IDEMPOTENCY_KEY="zags-fn",
    )
    assert response.status_code == 202
    from proactive.services import events_sweep

    assert events_sweep() == 1

    page = new_page()
    login(page, "charlie")
    page.goto("/kabinet/proaktiv/")
    granted = page.locator(".kc-step", has_text="Материнский капитал").first
    expect(granted).to_contain_text("Назначено без заявления")
    expect(granted).not_to_contain_text("Подтвердить")
    assert_accessible(page, "cabinet with a granted function")
    allowance = page.locator(".kc-step", has_text="Пособие при рождении ребёнка")
    allowance.get_by_role("button", name="Подтвердить").click()
    expect(page.locator(".kc-step", has_text="Пособие при рождении ребёнка")).to_contain_text(
        "Подтверждено"
    )

    asked = [m for m in mail.outbox if m.subject == "Оцените услугу"]
    assert len(asked) >= 2  # the granted function and the confirmed allowance
    link = re.search(r"/o/i/[A-Za-z0-9_-]+/", str(asked[-1].body))
    assert link is not None

    before = _ratings_on_the_dashboard(client, world)
    page.goto(link.group(0))
    page.get_by_label("4 — Скорее доволен").check()
    page.get_by_role("button", name="Отправить оценку").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Спасибо!")
    assert _ratings_on_the_dashboard(client, world) == before + 1

    page.goto("/kabinet/istoriya/")
    history = page.locator("#history")
    for step in ("Вы оценили", "Подтверждено", "Назначено без заявления", "Мы узнали"):
        expect(history).to_contain_text(step)
    assert_accessible(page, "history with a granted function")
