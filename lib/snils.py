"""СНИЛС: the insurance number by which the state's registries know a person.

Eleven ASCII digits; the last two are a check number over the first nine (the Pension
Fund's algorithm): each digit times its weight, 9 for the first down to 1 for the ninth;
a sum under 100 is the check number, 100 and 101 give 00, a larger sum is taken modulo 101
(and 100 again gives 00). Numbers up to 001-001-998 were issued before check digits.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Separators people type: spaces, hyphens (and their typographic kin).
_SEPARATORS = re.compile(r"[ \u00a0\-\u2010-\u2015]")
_DIGITS = re.compile(r"[0-9]{11}")
_NO_CHECK_UP_TO = 1001998


def check_number(first_nine: str) -> int:
    """The check number the nine digits must end with."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(9, 0, -1), strict=True))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    rest = total % 101
    return 0 if rest == 100 else rest


def normalize(value: str) -> str:
    """Eleven digits from what a person or a system typed, or a ``ValueError`` saying why.

    Only ASCII digits count: Arabic-Indic or full-width digits are refused rather than
    silently folded, so what is stored is exactly what a registry would match."""
    digits = _SEPARATORS.sub("", value.strip())
    if not _DIGITS.fullmatch(digits) or digits[:9] == "000000000":
        raise ValueError(_("СНИЛС — 11 цифр, например 112-233-445 95."))
    if int(digits[:9]) > _NO_CHECK_UP_TO and int(digits[9:]) != check_number(digits[:9]):
        raise ValueError(_("В СНИЛС ошибка: не сходится контрольное число. Проверьте цифры."))
    return digits


def clean(value: str, *, field: str = "snils") -> str:
    """``normalize`` for services: the problem becomes a ``ValidationError`` on ``field``."""
    try:
        return normalize(value)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from None


def masked(digits: str) -> str:
    """For pages that need to tell people apart, not to identify them."""
    return f"***-***-{digits[6:9]} {digits[9:]}"
