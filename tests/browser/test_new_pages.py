"""Pages this session added, seen in the browser: the search synonyms a body keeps and
password reset by e-mail — axe-core clean at desktop and phone width, no sideways
scroll, a bad input explained next to its field."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login, screenshot

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


@pytest.mark.parametrize("width", [1280, 375])
def test_the_language_switch_works_from_a_cached_page_and_says_what_stays_russian(
    transactional_db, published_situation, new_page, width
):
    """Issue 24: a page served from the shared cache carries each visitor's own CSRF
    token, so the switch is not refused; issue 16: in English the page says that what
    bodies and citizens write stays Russian. Two visitors, one after the other."""
    for visitor in ("first", "second"):
        page = new_page()
        page.set_viewport_size({"width": width, "height": 900})
        seen = page.goto("/")
        assert seen is not None
        if visitor == "second":
            assert seen.headers["x-cache"] == "hit"  # rendered for the first visitor
        page.get_by_label("Язык").select_option("en")
        page.get_by_role("button", name="Сменить").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("#content-language")).to_contain_text("kept and shown in Russian")
        expect(page.get_by_text("Рождение ребёнка").first).to_be_visible()
        assert_accessible(page, f"the catalogue in English ({visitor} visitor, {width} px)")


@pytest.mark.parametrize("width", [1280, 375])
def test_an_analyst_loads_volumes_from_a_file(transactional_db, world, new_page, width, tmp_path):
    """Issue 23: rating volumes from a CSV — every bad row named above the form, axe-clean,
    then a good file stored and the analyst back on the dashboard."""
    from feedback.models import Volume
    from tests.factories import TouchpointFactory

    TouchpointFactory.create(body=world.body, kind="reception", title="Приёмная на Ленина")
    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text("точка,месяц,обслужено,предложено оценить\nНет такой,октябрь,5,9\n")
    good.write_text("точка,месяц,обслужено,предложено оценить\nПриёмная на Ленина,2026-10,50,20\n")
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "alice")
    page.goto("/kabinet/otsenki/obemy/")
    assert_accessible(page, "volumes upload")
    page.get_by_label("Файл CSV или XLSX").set_input_files(str(bad))
    page.get_by_role("button", name="Загрузить").click()
    expect(page.locator("#import-errors")).to_contain_text("Строка 2: точка «Нет такой»")
    assert_accessible(page, "volumes upload with errors")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not Volume.objects.exists()
    page.get_by_label("Файл CSV или XLSX").set_input_files(str(good))
    page.get_by_role("button", name="Загрузить").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Загружено строк: 1")
    assert Volume.objects.get().served == 50


def test_the_history_page_on_a_phone(transactional_db, world, new_page):
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, "charlie")
    page.goto("/kabinet/istoriya/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Моя история")
    assert_accessible(page, "history on a phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize("width", [1280, 375])
def test_a_citizen_chooses_sms_and_sees_what_was_sent(transactional_db, world, new_page, width):
    """SMS needs a mobile number, explained next to the field; the preferences page lists
    what the product sent, whatever the channel (R24)."""
    from mailings import services as mailings

    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "charlie")
    page.goto("/kabinet/proaktiv/profile/")
    page.get_by_label("СНИЛС").fill("123-456-789 64")
    page.get_by_role("radio", name="СМС").check()
    page.get_by_label("Мобильный телефон для СМС").fill("+7 495 123-45-67")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Это городской номер")
    expect(page.locator("#id_phone")).to_have_value("+7 495 123-45-67")  # nothing typed is lost
    assert_accessible(page, "profile with a landline for SMS")
    page.get_by_label("Мобильный телефон для СМС").fill("8 916 123-45-67")
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Сохранено")
    address = mailings.address_of(email=world.citizen.email, user_id=world.citizen.pk)
    mailings.notify(
        address=address, channel="sms", to="+79161234567", topic="proactive_offers",
        subject="Мы подготовили услуги для вас", text="Есть решения",
    )  # fmt: skip
    page.goto("/kabinet/rassylki/")
    expect(page.locator("table")).to_contain_text("СМС")
    assert_accessible(page, "preferences with what was sent")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width == 375:
        screenshot(page, "notices-on-a-phone")


@pytest.mark.parametrize("width", [1280, 375])
def test_an_analyst_adds_a_start_event_for_systems(
    transactional_db, world, published_situation, new_page, width
):
    """Issue 23: the kinds of life event systems report come from the registry — an
    analyst names the start event of the body's life situation in the browser; a bad code
    is explained next to its field and nothing typed is lost."""
    from proactive.models import Trigger

    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "alice")
    page.goto("/kabinet/proaktiv/figures/")
    page.get_by_role("link", name="Стартовые события").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Стартовые события жизненных ситуаций"
    )
    page.get_by_label("Событие", exact=True).fill("Зарегистрировано рождение ребёнка")
    page.get_by_label("Код для систем").fill("Birth Registered")
    page.get_by_label("Какую жизненную ситуацию начинает").select_option(label="Рождение ребёнка")
    page.get_by_role("button", name="Добавить").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("строчных латинских букв")
    expect(page.get_by_label("Событие", exact=True)).to_have_value(
        "Зарегистрировано рождение ребёнка"
    )
    assert_accessible(page, "start events with an error")
    page.get_by_label("Код для систем").fill("birth_registered")
    page.get_by_role("button", name="Добавить").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("добавлено")
    expect(page.locator("#start-events")).to_contain_text("birth_registered")
    assert Trigger.objects.get(kind="birth_registered").life_situation == published_situation
    assert_accessible(page, "start events")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width == 375:
        screenshot(page, "start-events-on-a-phone")


@pytest.mark.parametrize("width", [1280, 375])
def test_an_analyst_marks_the_exception_r30_allows(transactional_db, world, new_page, width):
    """R30 (004 §5.2.1): a service whose audience prefers another format is the exception
    the seed allows — the reason is asked for next to its field, and the public page shows
    the exception, not a failing «electronic»."""
    from tests.factories import ServiceFactory

    service = ServiceFactory.create(body=world.body, title="Выдача слуховых аппаратов")
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "alice")
    page.goto(f"/kabinet/services/{service.slug}/edit/")
    page.get_by_label("Не электронная, потому что аудитория предпочитает другой формат").check()
    page.get_by_role("button", name="Сохранить").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("какой формат предпочитает")
    assert_accessible(page, "service form with the exception's reason missing")
    page.get_by_label("Какой формат предпочитает аудитория").fill(
        "Опрос 2026: получатели старше 75 лет выбирают приём в МФЦ."
    )
    page.get_by_role("button", name="Сохранить").click()
    checklist = page.locator(".kc-checklist__exception")
    expect(checklist).to_contain_text("исключение")
    expect(checklist).to_contain_text("старше 75 лет")
    assert_accessible(page, "service page with the R30 exception")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 375])
def test_an_analyst_keeps_the_bodys_digital_services(transactional_db, world, new_page, width):
    """R2: a digital service implements several services, of any body; the form names each
    problem at its field and loses nothing typed."""
    from tests.factories import ServiceFactory

    ServiceFactory.create(body=world.body, title="Единое пособие")
    ServiceFactory.create(body=world.other_body, title="Справка о доходах")
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "alice")
    page.get_by_role("link", name="Цифровые сервисы").click()
    page.get_by_label("Наименование").fill("Госуслуги")
    page.get_by_label("Адрес").fill("не адрес")
    page.get_by_role("button", name="Добавить").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Адрес записан неверно")
    expect(summary).to_contain_text("Отметьте хотя бы одну услугу")
    expect(page.get_by_label("Наименование")).to_have_value("Госуслуги")
    assert_accessible(page, "digital services with errors")
    page.get_by_label("Адрес").fill("https://www.gosuslugi.ru")
    page.get_by_label("Единое пособие").check()
    page.get_by_label("Справка о доходах").check()
    page.get_by_role("button", name="Добавить").click()
    expect(page.locator("#digital-services")).to_contain_text("Справка о доходах")
    assert_accessible(page, "digital services")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width == 375:
        screenshot(page, "digital-services-on-a-phone")


def test_staff_pages_with_tables_fit_a_phone(transactional_db, world, new_page, catalogue):
    """Tables scroll inside their own box, not the whole page, at 375 px: the inbox, its
    figures, the segments ranking and a segment's profile (found by the browser walk)."""
    from inbox import services as inbox
    from segments import services as segments

    inbox.item_receive(
        actor=world.system, received_by=world.body, kind="appeal", channel="email",
        text="Когда придёт единое пособие на ребёнка и почему так долго?",
        author_contact="anna@example.test",
    )  # fmt: skip
    segment = segments.segment_create(
        actor=world.analyst, body=world.body, code="1.1", name="Многодетные семьи в сёлах",
        target="direction", direction="support",
    )  # fmt: skip
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, "head")
    for path in (
        "/kabinet/inbox/",
        "/kabinet/inbox/stats/",
        "/kabinet/segments/",
        f"/kabinet/segments/{segment.slug}/",
    ):
        page.goto(path)
        wide = page.evaluate(
            "() => [...document.querySelectorAll('body *')].filter(e => "
            "e.getBoundingClientRect().right > 376 && !e.closest('.kc-table-scroll'))"
            ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, (path, wide)
        assert_accessible(page, f"{path} on a phone")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_edit_delete_and_short_link_pages_are_accessible(
    transactional_db, world, birth, new_page, width
):
    """axe-core on the pages behind the new lists: a start event's edit page and its
    «delete?» question, a digital service's edit page, and an SMS short link's page."""
    from mailings.services import short_url
    from proactive.models import Trigger
    from registry import services as registry
    from tests.factories import ServiceFactory

    trigger = Trigger.objects.get(kind="birth_registered")
    portal = registry.digital_service_create(
        actor=world.analyst, body=world.body, title="Портал органа",
        implements=[ServiceFactory.create(body=world.body)],
    )  # fmt: skip
    code = short_url(f"user:{world.citizen.pk}", "proactive_offers").rsplit("/", 1)[1]
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/m/{code}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Отписаться от рассылки?")
    assert_accessible(page, "SMS short link")
    login(page, "alice")
    for path, heading in [
        (f"/kabinet/proaktiv/events/{trigger.pk}/", "Зарегистрировано рождение ребёнка"),
        (f"/kabinet/proaktiv/events/{trigger.pk}/delete/", "Удалить событие"),
        (f"/kabinet/digital/{portal.pk}/", "Портал органа"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible(page, path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path


@pytest.mark.parametrize("width", [1280, 375])
def test_the_head_approves_the_yearly_report_and_sees_it_kept(
    transactional_db, world, catalogue, new_page, width
):
    """003 §9, R10: approved, the report page lists what was approved and says it is kept
    as it was; axe-clean at both widths."""
    from django.utils import timezone

    from segments import services
    from segments.tests.conftest import make_final_ready

    segment = services.segment_create(
        actor=world.analyst,
        body=world.body,
        code="1.1",
        name="Многодетные семьи в сёлах",
        target="direction",
        direction="support",
    )
    make_final_ready(world, segment, catalogue)
    services.segment_update(
        actor=world.analyst, segment=segment, reason="план", personalisation_plan="Выезды в сёла"
    )
    services.segment_finalise(actor=world.analyst, segment=segment)
    year = timezone.localdate().year
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "head")
    page.goto(f"/kabinet/segments/report/{year}/")
    assert_accessible(page, "yearly report to approve")
    page.get_by_role("button", name="Утвердить отчёт").click()
    expect(page.locator("#frozen")).to_contain_text("Отчёт сохранён таким, каким его утвердили")
    expect(page.locator("#profiles")).to_contain_text("Многодетные семьи в сёлах")
    assert_accessible(page, "yearly report approved")
    screenshot(page, f"segments-report-approved-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 375])
def test_an_analyst_publishes_what_a_study_found(
    transactional_db, world, published_situation, catalogue, new_page, width
):
    """001, needs research (2): a finished study's results, written for citizens, on the
    life situation's page; a problem is shown next to its field; axe-clean."""
    from segments import services
    from segments.tests.conftest import make_final_ready

    segment = services.segment_create(
        actor=world.analyst,
        body=world.body,
        code="2.1",
        name="Молодые родители",
        target="life_situation",
        life_situation=published_situation,
    )
    study = make_final_ready(world, segment, catalogue)
    services.study_finish(actor=world.analyst, study=study, summary="")
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "alice")
    page.goto(f"/kabinet/studies/{study.pk}/")
    page.get_by_role("link", name="Опубликовать итоги").click()
    page.get_by_label("Что узнали").fill("Звоните: +7 916 123-45-67")
    page.get_by_role("button", name="Опубликовать").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("номер телефона")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Напишите, что изменится.")
    assert_accessible(page, "publish results with errors")
    page.get_by_label("Что узнали").fill("Людям нужна запись онлайн. В МФЦ ехать не хотят.")
    page.get_by_label("Что изменится").fill("С марта записаться можно онлайн.")
    page.get_by_role("button", name="Опубликовать").click()
    expect(page.locator("#publication")).to_contain_text("Опубликованы")
    page.get_by_role("link", name="«Рождение ребёнка»").click()
    expect(page.locator("#research")).to_be_visible()
    expect(page.locator("main")).to_contain_text("С марта записаться можно онлайн.")
    assert_accessible(page, "life situation page with research results")
    # the profile's publish page is the same form, from the segment's side
    services.segment_finalise(actor=world.analyst, segment=segment)
    page.goto(f"/kabinet/segments/{segment.slug}/publish/")
    expect(page.get_by_label("Что изменится")).to_be_visible()
    assert_accessible(page, "publish a profile's results")
    screenshot(page, f"research-published-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 375])
def test_a_service_without_a_rule_shows_where_to_apply(
    transactional_db, world, birth, post_event, new_page, width
):
    """R16, never a silent skip: the citizen sees where and how to apply for a service no
    rule decides yet; axe-clean at both widths."""
    from proactive import services
    from registry import services as registry
    from tests.factories import ServiceFactory

    registry.step_add(
        actor=world.analyst,
        life_situation=birth,
        service=ServiceFactory.create(
            body=world.body,
            slug="registraciya-rebenka",
            title="Регистрация ребёнка по месту жительства",
            documents_to_bring="Паспорт родителя",
        ),
    )
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    post_event()
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "charlie")
    page.goto("/kabinet/proaktiv/")
    page.get_by_role("link", name="Где подать и какие документы нужны").first.click()
    expect(page.locator("#apply")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Паспорт родителя")
    assert_accessible(page, "offer to apply in the ordinary way")
    screenshot(page, f"offer-apply-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 375])
def test_a_client_names_a_representative_who_then_acts_for_them(
    transactional_db, world, birth, new_page, post_event, width
):
    """001: a client acts through a representative; the forms explain bad input next to
    the field; the acting banner says whose cabinet it is; the representative books the
    client's visit, and the client sees who did; axe-clean at both widths."""
    from proactive import services
    from tests.factories import TouchpointFactory, UserFactory

    grandma = UserFactory.create(username="babushka", role="citizen")
    services.client_profile_set(actor=None, user=grandma, snils="12345678964")
    services.client_profile_verify(
        actor=world.servant, user=grandma, snils="12345678964", via="operator"
    )
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    post_event()
    TouchpointFactory.create(body=world.body, kind="reception", title="Приёмная в Зее")
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "charlie")
    page.goto("/kabinet/proaktiv/representatives/")
    page.get_by_label("СНИЛС представителя").fill("123")
    page.get_by_role("button", name="Пригласить").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("СНИЛС")
    assert_accessible(page, "representatives with errors")
    page.get_by_label("СНИЛС представителя").fill("123-456-789 64")
    page.get_by_label("Доверенное лицо").check()
    page.get_by_label("Рождение ребёнка").check()
    page.get_by_role("button", name="Пригласить").click()
    expect(page.locator("#given-list")).to_contain_text("ждёт согласия")
    assert_accessible(page, "representatives")
    page.context.clear_cookies()
    login(page, "babushka")
    page.goto("/kabinet/proaktiv/representatives/")
    page.get_by_role("button", name="Принять").click()
    page.get_by_role("button", name="Действовать за этого человека").click()
    expect(page.locator("#acting")).to_contain_text("Вы действуете за другого человека")
    assert_accessible(page, "cabinet while acting for someone")
    screenshot(page, f"representative-acting-{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # A visit for the client: a refusal to appeal in person.
    page.locator(".kc-step", has_text="Единое пособие").get_by_role(
        "link", name="Почему нельзя и что сделать"
    ).click()
    page.locator("#id_day_0").check()  # the only office is chosen already
    page.get_by_role("button", name="Показать свободное время").click()
    page.get_by_role("radio", name="10:00").check()
    page.get_by_role("button", name="Записаться").click()
    expect(page.locator("#booking")).to_contain_text("Приёмная в Зее")
    page.goto("/kabinet/proaktiv/")
    expect(page.locator("#booking-list")).to_contain_text("Приёмная в Зее")
    assert_accessible(page, "cabinet while acting, with the client's visit")
    page.context.clear_cookies()
    login(page, "charlie")
    page.goto("/kabinet/proaktiv/")
    expect(page.locator("#booking-list")).to_contain_text("Записал(а) за вас")
