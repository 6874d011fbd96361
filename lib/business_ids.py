"""ИНН and ОГРН (ОГРНИП): the numbers by which the state's registries know a business.

The check digits are python-stdnum's (``stdnum.ru.inn``, ``stdnum.ru.ogrn``); what is
ours is the wording a person reads and that only ASCII digits are kept, so that what is
stored is exactly what a registry would match (as ``lib.snils`` does for СНИЛС)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.ru import inn as stdnum_inn
from stdnum.ru import ogrn as stdnum_ogrn

_SEPARATORS = re.compile(r"[ \u00a0\-\u2010-\u2015]")
_ASCII_DIGITS = re.compile(r"[0-9]+")


def _digits(value: str) -> str:
    digits = _SEPARATORS.sub("", (value or "").strip())
    return digits if _ASCII_DIGITS.fullmatch(digits) else ""


def normalize_inn(value: str) -> str:
    """Ten digits of an organisation's ИНН or twelve of a person's (an ИП's), or a
    ``ValueError`` saying what is wrong."""
    digits = _digits(value)
    if len(digits) not in (10, 12):
        raise ValueError(_("ИНН — 10 цифр у организации или 12 цифр у ИП, например 2801012347."))
    try:
        stdnum_inn.validate(digits)
    except InvalidChecksum:
        raise ValueError(
            _("В ИНН ошибка: не сходятся контрольные цифры. Проверьте цифры.")
        ) from None
    except StdnumError:
        raise ValueError(_("ИНН — 10 цифр у организации или 12 цифр у ИП.")) from None
    return digits


def normalize_ogrn(value: str) -> str:
    """Thirteen digits of an ОГРН or fifteen of an ОГРНИП, or a ``ValueError``.

    An ОГРНИП's check digit is the last digit of the first fourteen's remainder by 13;
    python-stdnum 2.2 compares the whole remainder, so it refuses every real ОГРНИП whose
    remainder is 10, 11 or 12 (about 3 in 13): that one is checked here."""
    digits = _digits(value)
    if len(digits) not in (13, 15):
        raise ValueError(_("ОГРН — 13 цифр, ОГРНИП — 15 цифр."))
    wrong = _("В ОГРН ошибка: не сходится контрольная цифра. Проверьте цифры.")
    if len(digits) == 15:
        if int(digits[:14]) % 13 % 10 != int(digits[14]):
            raise ValueError(wrong)
        return digits
    try:
        stdnum_ogrn.validate(digits)
    except InvalidChecksum:
        raise ValueError(wrong) from None
    except StdnumError:
        raise ValueError(_("ОГРН — 13 цифр, ОГРНИП — 15 цифр.")) from None
    return digits


def clean_inn(value: str, *, field: str = "inn") -> str:
    """``normalize_inn`` for services: the problem becomes a ``ValidationError`` on ``field``."""
    try:
        return normalize_inn(value)
    except ValueError as exc:
        raise ValidationError({field: str(exc)}) from None


def validate_inn(value: str) -> None:
    """A model field's validator: the value must already be the normalised digits."""
    try:
        if normalize_inn(value) != value:
            raise ValueError(_("ИНН — только цифры, без пробелов."))
    except ValueError as exc:
        raise ValidationError(str(exc), code="inn") from None


def validate_ogrn(value: str) -> None:
    try:
        if normalize_ogrn(value) != value:
            raise ValueError(_("ОГРН — только цифры, без пробелов."))
    except ValueError as exc:
        raise ValidationError(str(exc), code="ogrn") from None
