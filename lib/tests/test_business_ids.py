"""ИНН and ОГРН with their check digits (issue 16: a mistyped number reached nobody)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from lib.business_ids import clean_inn, normalize_inn, normalize_ogrn, validate_inn


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2801012347", "2801012347"),
        ("2801 0123 47", "2801012347"),
        ("280100123482", "280100123482"),
    ],
)
def test_an_inn_is_kept_as_its_digits(typed: str, stored: str) -> None:
    assert normalize_inn(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2801012345", "не сходятся контрольные цифры"),  # one digit off
        ("280100123456", "не сходятся контрольные цифры"),
        ("12345", "10 цифр у организации или 12 цифр у ИП"),
        ("２８０１０１２３４７", "10 цифр у организации"),  # full-width digits are not folded
    ],
)
def test_a_wrong_inn_is_refused_saying_why(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        clean_inn(typed)
    assert message in refused.value.message_dict["inn"][0]


def test_an_ogrn_and_an_ogrnip_are_checked() -> None:
    assert normalize_ogrn("1022800000002") == "1022800000002"
    assert normalize_ogrn("321280000012347") == "321280000012347"
    # remainder 10 by 13: the check digit is its last digit, 0 (python-stdnum refuses it)
    assert normalize_ogrn("304280000000050") == "304280000000050"
    with pytest.raises(ValueError, match="контрольная цифра"):
        normalize_ogrn("304280000000051")
    with pytest.raises(ValueError, match="контрольная цифра"):
        normalize_ogrn("1022800000001")


def test_an_organisation_with_a_mistyped_inn_is_not_saved() -> None:
    with pytest.raises(ValidationError, match="контрольные цифры"):
        validate_inn("2801012345")
