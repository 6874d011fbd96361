"""Comments are depersonalised wherever the body's staff read them: phones, e-mail
addresses, СНИЛС, passport numbers and postal addresses never reach a head's screen
(152-ФЗ; the comments of R18 ratings, the topics and cases of R20)."""

from __future__ import annotations

import pytest

from feedback.privacy import depersonalise
from feedback.tests.fixtures import rate


@pytest.mark.parametrize(
    ("text", "label", "secrets"),
    [
        ("Мой СНИЛС 112-233-445 95, проверьте", "[СНИЛС]", ["112-233-445", "445 95"]),
        ("снилс 11223344595 не нашли", "[СНИЛС]", ["11223344595", "1122334459"]),
        ("Ошибка в номере 112 233 445 95", "[СНИЛС]", ["445 95"]),
        ("паспорт 1012 345678 не приняли", "[паспорт]", ["1012", "345678"]),
        ("Паспорт серия 10 12 № 345678", "[паспорт]", ["345678"]),
        ("данные: 10 12 345678", "[паспорт]", ["345678"]),
        ("серия 1012 номер 345678", "[паспорт]", ["345678"]),
        ("Паспорт РФ: 1012345678", "[паспорт]", ["1012345678"]),
        ("Живу: ул. Ленина, д. 5, кв. 12, придите", "[адрес]", ["Ленина", "д. 5", "кв. 12"]),
        ("г. Благовещенск, ул. Зейская 1 — туда", "[адрес]", ["Благовещенск", "Зейская"]),
        ("проспект Мира 10а кв 5", "[адрес]", ["Мира", "10а"]),
        ("Звоните 8 900 123-45-67", "[телефон]", ["900", "123-45-67"]),
        ("+7 (900) 123-45-67 вечером", "[телефон]", ["900", "45-67"]),
        ("мой номер 89001234567", "[телефон]", ["89001234567", "9001234567"]),
        ("городской 52-34-56", "[телефон]", ["52-34-56"]),
        ("почта ivan.petrov@mail.example.ru", "[почта]", ["ivan", "example"]),
    ],
)
def test_personal_data_in_a_comment_is_masked(text, label, secrets):
    masked = depersonalise(text)
    assert label in masked, masked
    for secret in secrets:
        assert secret not in masked, masked


def test_an_unformatted_snils_is_masked_whole_not_garbled():
    # The old phone rule took ten of its eleven digits and left «[телефон]5».
    assert depersonalise("СНИЛС 11223344595.") == "СНИЛС [СНИЛС]."


def test_ordinary_numbers_and_words_stay():
    text = "В 2024 г. Ждал 3 часа в окне 5, талон 45, 12.03.2024 в 10:30, заплатил 15 000 ₽"
    assert depersonalise(text) == text


def test_without_labels_masked_data_are_left_out():
    assert "Ленина" not in depersonalise("ул. Ленина, д. 5", labelled=False)
    assert "[" not in depersonalise("ул. Ленина, д. 5, тел. 8 900 123-45-67", labelled=False)


PERSONAL = (
    "Очередь огромная. СНИЛС 112-233-445 95, паспорт 1012 345678, "
    "живу г. Благовещенск, ул. Зейская 1, кв. 12, звоните 8 900 123-45-67"
)
RAW = ["112-233-445", "345678", "Благовещенск", "Зейская", "кв. 12", "123-45-67"]


def _assert_masked(page: str) -> None:
    assert "Очередь огромная" in page
    for secret in RAW:
        assert secret not in page, secret


def test_a_head_never_sees_personal_data_of_a_comment(client, world, place):  # R20
    rating = rate(place.service, 1, comment=PERSONAL)
    client.force_login(world.head)
    _assert_masked(client.get("/kabinet/otsenki/kommentarii/").text)
    _assert_masked(client.get(f"/kabinet/otsenki/razbory/{rating.case.pk}/").text)


def test_the_rating_page_masks_the_comment_and_the_need_it_may_become(client, world, place):
    rating = rate(place.service, 1, comment=PERSONAL)
    client.force_login(world.analyst)
    _assert_masked(client.get(f"/kabinet/otsenki/ocenka/{rating.pk}/").text)


def test_topics_of_a_service_carry_no_personal_data(client, world, place):  # R20
    waits = ["час", "два часа", "полдня", "всё утро"]
    staff = ["вежливый", "внимательный", "грамотный", "спокойный"]
    for flat in range(8):
        rate(
            place.service, 2,
            comment=f"Очередь огромная, ждал {waits[flat % 4]}. "
            f"Живу ул. Зейская, д. {flat + 1}, кв. {flat + 10}",
        )  # fmt: skip
        rate(place.service, 4, comment=f"Сотрудник {staff[flat % 4]}, всё объяснил, спасибо")
    client.force_login(world.head)
    page = client.get(f"/kabinet/otsenki/usluga/{place.service.pk}/").text
    assert "очередь" in page  # the topic is there
    assert "зейск" not in page.lower() and "кв. 1" not in page
