"""СНИЛС check digits and the characters a number may be typed with."""

from __future__ import annotations

import pytest

from lib import snils


@pytest.mark.parametrize(
    "typed", ["112-233-445 95", "11223344595", " 112 233 445 95 ", "112‐233‐445‐95"]
)
def test_the_usual_ways_to_type_a_number_are_accepted(typed):
    assert snils.normalize(typed) == "11223344595"


@pytest.mark.parametrize("typed", ["112-233-445 96", "123-456-789 65", "99999999999"])
def test_a_wrong_check_number_is_refused(typed):
    with pytest.raises(ValueError, match="контрольное число"):
        snils.normalize(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "١١٢٢٣٣٤٤٥٩٥",  # Arabic-Indic digits pass str.isdigit(), not the registries
        "１１２２３３４４５９５",  # full-width digits
        "1122334459",
        "112233445955",
        "1122334459a",
        "000-000-000 00",
    ],
)
def test_anything_but_eleven_ascii_digits_is_refused(typed):
    with pytest.raises(ValueError, match="11 цифр"):
        snils.normalize(typed)


def test_check_number_rules_of_the_pension_fund():
    assert snils.check_number("112233445") == 95  # sum under 100
    assert snils.check_number("123456789") == 64  # 165 mod 101
    assert snils.check_number("999999999") == 1  # 405 mod 101
    assert snils.normalize("00100199800") == "00100199800"  # issued before check digits


def test_masked_shows_only_the_tail():
    assert snils.masked("11223344595") == "***-***-445 95"
