"""Must show (issue: segments): an analyst builds a profile with 4 attributes and sees it
flagged, adds a fifth, records a focus group with two respondents that confirms the
hypotheses, marks the profile final, sees it rise in the priority ranking when its
capacity changes, and the version comparison shows the change. axe-core on each page."""

import re

import pytest
from playwright.sync_api import expect

from segments import services
from segments.models import Segment
from tests.browser.conftest import assert_accessible, login, screenshot

pytestmark = pytest.mark.browser

ATTRIBUTES = [
    ("age", "36–55 лет"),
    ("settlement", "посёлок или село"),
    ("family", "многодетная семья"),
    ("digital", "низкая"),
    ("distance", "более 30 км"),
]


def _choose(page, attribute, values: list[str]) -> None:
    """Pick an attribute, show its allowed values, tick ``values`` and save."""
    page.locator("#id_attr-attribute").select_option(str(attribute.pk))
    page.get_by_role("button", name="Показать значения").click()
    form = page.locator("#attribute-values")
    expect(form).to_be_visible()
    for value in values:
        form.get_by_label(value, exact=True).check()
    page.get_by_role("button", name="Сохранить признак").click()


def _place(page, code: str) -> int:
    row = page.locator(f"#ranking tr[data-segment='{code}']")
    return int(row.locator("td").first.inner_text())


def test_analyst_builds_a_profile_and_finalises_it(transactional_db, world, catalogue, new_page):
    services.segment_create(
        actor=world.analyst,
        body=world.body,
        code="2.1",
        name="Пенсионеры в городе",
        target="direction",
        direction="services",
        capacity=5000,
        capacity_source="body_statistics",
        satisfaction=4,
        satisfaction_source="survey",
    )
    page = new_page()
    login(page, "alice")
    page.goto("/kabinet/segments/new/")
    page.get_by_label("Код сегмента").fill("1.1")
    page.get_by_label("Название").fill("Многодетные семьи в сёлах")
    page.get_by_label("Направление деятельности", exact=True).check()
    page.get_by_role("button", name="Создать сегмент").click()
    # The direction is required for this audience: the error stands next to the field.
    expect(page.locator("#id_direction_error")).to_contain_text("Выберите направление")
    assert_accessible(page, "segment form with errors")
    page.locator("#id_direction").select_option("support")
    page.get_by_role("button", name="Создать сегмент").click()
    page.wait_for_url(re.compile(r"/kabinet/segments/[-a-z0-9]+/$"))

    for count, (code, value) in enumerate(ATTRIBUTES[:4], start=1):
        _choose(page, catalogue[code], [value])
        expect(page.locator("#attributes tbody tr")).to_have_count(count)
    expect(page.locator("#attribute-flag")).to_contain_text("добавьте ещё 1")
    assert_accessible(page, "profile flagged with four attributes")
    screenshot(page, "segment_flagged")

    # The values are a choice (issue 16, item 9): nothing to mistype; none chosen is
    # refused next to the field.
    _choose(page, catalogue["distance"], [])
    expect(page.locator("#id_attr-values_error")).to_contain_text(
        "Выберите значение признака «Расстояние до ближайшего МФЦ»"
    )
    expect(page.locator("#attribute-values").get_by_role("radio")).to_have_count(3)
    page.locator("#attribute-values").get_by_label(ATTRIBUTES[4][1], exact=True).check()
    page.get_by_role("button", name="Сохранить признак").click()
    expect(page.locator("#attributes tbody tr")).to_have_count(5)
    expect(page.locator("#attribute-flag")).to_have_count(0)

    for count, statement in enumerate(
        ["Предпочитают звонить в колл-центр", "Документы собирают неделями"], start=1
    ):
        page.locator("#id_hyp-statement").fill(statement)
        page.get_by_role("button", name="Добавить гипотезу").click()
        expect(page.locator("#hypotheses [data-hypothesis]")).to_have_count(count)
    page.get_by_role("button", name="Отметить профиль итоговым").click()
    expect(page.locator("#problems")).to_contain_text("Не проверено гипотез: 2")
    expect(page.locator("#problems")).to_contain_text("ни одним респондентом")

    segment = Segment.objects.get(code="1.1")
    page.goto("/kabinet/studies/")
    page.get_by_label("Название").fill("Фокус-группа в Тынде")
    page.get_by_label("Метод").select_option("focus_group")
    page.get_by_role("button", name="Создать исследование").click()
    page.wait_for_url(re.compile(r"/kabinet/studies/\d+/$"))
    # Without consent the respondent is refused.
    page.get_by_label("Код респондента").fill("ФГ-01")
    page.get_by_label("Представляет сегмент").select_option(str(segment.pk))
    page.get_by_role("button", name="Добавить респондента").click()
    expect(page.locator("#id_resp-consent_error")).to_contain_text("Без согласия")
    for code in ["ФГ-01", "ФГ-02"]:
        page.get_by_label("Код респондента").fill(code)
        page.get_by_label("Представляет сегмент").select_option(str(segment.pk))
        page.get_by_label("Респондент дал согласие").check()
        page.get_by_role("button", name="Добавить респондента").click()
    expect(page.locator("#respondents tbody tr")).to_have_count(2)
    for hypothesis in segment.hypotheses.all():
        page.locator("#id_find-hypothesis").select_option(str(hypothesis.pk))
        page.locator("#id_find-verdict").select_option("confirms")
        page.locator("#id_find-text").fill("Подтвердили оба участника")
        page.get_by_role("button", name="Записать вывод").click()
        page.wait_for_load_state()
    assert_accessible(page, "study")
    screenshot(page, "study")

    page.goto(f"/kabinet/segments/{segment.slug}/")
    page.get_by_role("button", name="Отметить профиль итоговым").click()
    expect(page.locator(".govuk-caption-l")).to_contain_text("Итоговый")
    screenshot(page, "segment_final")

    page.goto("/kabinet/segments/")
    assert _place(page, "1.1") == 2
    page.goto(f"/kabinet/segments/{segment.slug}/edit/")
    page.get_by_label("Ёмкость, человек").fill("1000000")
    page.get_by_label("Источник ёмкости").select_option("rosstat")
    page.get_by_role("button", name="Сохранить новую версию").click()
    expect(page.locator("#id_reason_error")).to_contain_text("почему меняете")
    assert_accessible(page, "profile form with errors")
    page.get_by_label("Почему меняете профиль").fill("Данные Росстата за 2026 год")
    page.get_by_role("button", name="Сохранить новую версию").click()
    page.wait_for_url(re.compile(r"/kabinet/segments/[-a-z0-9]+/$"))
    page.goto("/kabinet/segments/")
    assert _place(page, "1.1") == 1
    assert_accessible(page, "segment ranking")
    screenshot(page, "segments_ranking")

    page.goto(f"/kabinet/segments/{segment.slug}/versions/")
    changed = page.locator("#comparison tr.kc-changed")
    expect(changed.filter(has_text="Ёмкость")).to_contain_text("1\u00a0000\u00a0000; Росстат")
    expect(page.locator("table").first).to_contain_text("Данные Росстата за 2026 год")
    assert_accessible(page, "version comparison")
    screenshot(page, "segment_versions")


def test_respondent_codes_hold_no_names_or_contacts_and_respondents_can_go(
    transactional_db, world, new_page
):
    """Issue 16, item 8: a full name, a phone, an e-mail or a СНИЛС is refused next to its
    field; a respondent is deleted after a confirmation that says what happens."""
    segment = services.segment_create(
        actor=world.analyst,
        body=world.body,
        code="1.1",
        name="Многодетные семьи",
        target="direction",
        direction="support",
    )
    study = services.study_create(
        actor=world.analyst, body=world.body, title="Интервью в Тынде", method="interview"
    )
    page = new_page()
    login(page, "alice")
    page.goto(f"/kabinet/studies/{study.pk}/")
    for code, note, field, message in [
        ("Иванов Иван Иванович", "", "code", "Похоже на имя человека"),
        ("+7 914 123-45-67", "", "code", "Похоже на номер телефона"),
        ("Р-01", "пишите на ivanova@mail.ru", "note", "Похоже на адрес электронной почты"),
        ("Р-01", "СНИЛС 112-233-445 95", "note", "Похоже на СНИЛС"),
    ]:
        page.get_by_label("Код респондента").fill(code)
        page.get_by_label("Представляет сегмент").select_option(str(segment.pk))
        page.get_by_label("Респондент дал согласие").check()
        page.get_by_label("Заметка").fill(note)
        page.get_by_role("button", name="Добавить респондента").click()
        expect(page.locator(f"#id_resp-{field}_error")).to_contain_text(message)
    assert_accessible(page, "respondent refused")
    expect(page.locator("#respondents")).to_have_count(0)

    page.get_by_label("Код респондента").fill("Р-01")
    page.get_by_label("Представляет сегмент").select_option(str(segment.pk))
    page.get_by_label("Респондент дал согласие").check()
    page.get_by_label("Заметка").fill("Мама троих детей, живёт в селе")
    page.get_by_role("button", name="Добавить респондента").click()
    expect(page.locator("#respondents tbody tr")).to_have_count(1)

    page.get_by_role("link", name="Удалить респондента Р-01").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Удалить респондента Р-01?")
    assert_accessible(page, "respondent removal confirmation")
    screenshot(page, "respondent_remove")
    page.get_by_role("button", name="Да, удалить").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Респондент удалён")
    expect(page.locator("#respondents")).to_have_count(0)


def test_attribute_values_are_chosen_several_where_the_catalogue_allows(
    transactional_db, world, catalogue, new_page
):
    """Issue 16, item 9: an attribute's allowed values are offered as a choice — radios for
    one value, checkboxes where the catalogue allows several — and a value is changed
    through the same choice, the current ones ticked."""
    segment = services.segment_create(
        actor=world.analyst,
        body=world.body,
        code="1.1",
        name="Многодетные семьи",
        target="direction",
        direction="support",
    )
    page = new_page()
    login(page, "alice")
    page.goto(f"/kabinet/segments/{segment.slug}/")
    page.locator("#id_attr-attribute").select_option(str(catalogue["channel"].pk))
    page.get_by_role("button", name="Показать значения").click()
    form = page.locator("#attribute-values")
    expect(form.get_by_role("checkbox")).to_have_count(5)
    expect(form).to_contain_text("Можно выбрать несколько")
    form.get_by_label("лично", exact=True).check()
    form.get_by_label("портал Госуслуг", exact=True).check()
    assert_accessible(page, "several values of an attribute")
    screenshot(page, "segment_attribute_values")
    page.get_by_role("button", name="Сохранить признак").click()
    row = page.locator("#attributes tbody tr", has_text="Привычный канал обращения")
    expect(row).to_contain_text("лично; портал Госуслуг")

    _choose(page, catalogue["age"], ["36–55 лет"])
    expect(page.locator("#attributes tbody tr", has_text="Возраст")).to_contain_text("36–55 лет")

    # Changing a value: the current ones are ticked.
    row.get_by_role("link", name="Изменить").click()
    form = page.locator("#attribute-values")
    expect(form.get_by_label("лично", exact=True)).to_be_checked()
    form.get_by_label("лично", exact=True).uncheck()
    page.get_by_role("button", name="Сохранить признак").click()
    expect(row).to_contain_text("портал Госуслуг")
    expect(row).not_to_contain_text("лично")
    assert segment.attributes.get(attribute=catalogue["channel"]).values == ["портал Госуслуг"]


def test_each_hypothesis_makes_a_version_that_holds_it(transactional_db, world, new_page):
    """Issue 16, item 10 (R7, R9): one version per added hypothesis, holding that hypothesis
    — the first one made none and each later version held only the ones before it."""
    segment = services.segment_create(
        actor=world.analyst,
        body=world.body,
        code="1.1",
        name="Многодетные семьи",
        target="direction",
        direction="support",
    )
    page = new_page()
    login(page, "alice")
    page.goto(f"/kabinet/segments/{segment.slug}/")
    for count, statement in enumerate(
        ["Предпочитают звонить в колл-центр", "Документы собирают неделями"], start=1
    ):
        page.locator("#id_hyp-statement").fill(statement)
        page.get_by_role("button", name="Добавить гипотезу").click()
        expect(page.locator("#hypotheses [data-hypothesis]")).to_have_count(count)

    page.goto(f"/kabinet/segments/{segment.slug}/versions/")
    history = page.locator("table").first.locator("tbody tr")
    expect(history).to_have_count(3)
    expect(history.filter(has_text="Добавлена гипотеза")).to_have_count(2)
    # The default comparison is the last change: the second hypothesis, beside the first.
    row = page.locator("#comparison tr.kc-changed", has_text="Гипотезы")
    expect(row.locator("td").nth(0)).to_contain_text("Предпочитают звонить в колл-центр")
    expect(row.locator("td").nth(0)).not_to_contain_text("Документы собирают неделями")
    expect(row.locator("td").nth(1)).to_contain_text("Документы собирают неделями")
    assert_accessible(page, "segment versions after two hypotheses")
