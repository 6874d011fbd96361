"""Codes and notes that must hold no personal data (152-ФЗ minimisation, issue 16 item 8)."""

import pytest

from lib.personal_data import personal_data_in


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Иванов Иван Иванович", "name"),
        ("Анна Петрова, живёт в Тынде", "name"),
        ("Сергеевна", "name"),
        ("+7 914 123-45-67", "phone"),
        ("8 (4162) 22-33-44", "phone"),
        ("89141234567", "phone"),
        ("ivan.petrov@mail.ru", "email"),
        ("112-233-445 95", "snils"),
        ("11223344595", "snils"),
    ],
)
def test_personal_data_is_found(text: str, kind: str) -> None:
    assert personal_data_in(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "Р-07",
        "ФГ-01",
        "Р-2026-0001",
        "Мама троих детей из Тынды",
        "Говорила с Мариной о пособии",  # one first name in a note is not a full name
        "Многодетная мать, Благовещенск",
        "Интервью 12.03.2026 14:00",
        "Семья из 5 человек, доход 25000",
        "Вера в будущее",
    ],
)
def test_ordinary_notes_pass(text: str) -> None:
    assert personal_data_in(text) is None


def test_a_code_may_not_hold_even_one_name() -> None:
    assert personal_data_in("Марина", single_name=True) == "name"
    assert personal_data_in("Петрова", single_name=True) == "name"
    assert personal_data_in("Марина") is None
    assert personal_data_in("Надежда", single_name=True) is None  # likelier hope than a name
