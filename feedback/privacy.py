"""Depersonalising what clients type into comments (152-ФЗ) before the body's staff read
it in lists, topics, cases and the rating page: e-mail addresses, phone numbers, СНИЛС,
passport numbers, postal addresses and other long numbers become a label in brackets.

The rules err towards masking: any number of nine digits or more, or one that only looks
like a passport, is masked too — a lost figure costs less than a leaked document number.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from lib.snils import check_number

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# A passport named as such: «паспорт 1012 345678», «паспорт серия 10 12 № 345678»,
# «серия 1012 номер 345678», «паспорт 1012345678».
_PASSPORT = re.compile(
    r"(?:паспорт\w*(?:\s+РФ)?[\s:,]*(?:сери[яи]\s*)?|сери[яи]\s*)"
    r"\d{2}\s?\d{2}[\s,;]*(?:(?:номер|№|N)\s*)?\d{6}(?!\d)",
    re.IGNORECASE,
)

# Any run of digits with the separators people put in numbers (spaces, hyphens and
# dashes, brackets) — classified by ``_kind`` below. Dots are no separator, so dates
# («12.03.2024 10:30») stay apart.
_DIGITS = re.compile(r"(?<![\w+])\+?\d(?:[ \u00a0\-\u2010-\u2015()]{0,3}\d)*")
_GROUPS = re.compile(r"\d+")

# Postal addresses: a settlement, a street, a house or flat, in any chain.
_WORD = r"[А-ЯЁа-яё][а-яё]+"
_CAPITAL = r"[А-ЯЁ][а-яё]+"
_NAME = rf"(?:\d{{1,3}}(?:-?[а-яё]{{1,3}})?\s+)?{_WORD}(?:[\s-]{_CAPITAL}){{0,2}}"
_HOUSE_NO = r"\d{1,4}(?:\s?[а-яА-Я](?![а-яё]))?(?:/\d{1,4})?"
_SETTLEMENT = r"(?:(?<![\w\d])(?<!\d\s)г\.|город|с\.|село|пос\.|пос[её]лок|пгт\.?|дер\.|деревня)"
_STREET = (
    r"(?i:ул\.?|улиц[аеуы]|пр-к?т\.?|просп\.|проспект\w*|пер\.|переул\w*|б-р|бульвар\w*"
    r"|ш\.|шоссе|наб\.|набережн\w*|пл\.|площад\w*|мкр-?н?\.?|микрорайон\w*|туп\.|тупик\w*"
    r"|проезд\w*)"
)
_UNIT = r"(?i:д\.|дом\b|кв\.|кв\b|квартир\w*|корп\.|корпус\w*|стр\.|строени\w*|оф\.|офис\w*)"
_COMPONENT = (
    rf"(?:{_SETTLEMENT}\s*{_CAPITAL}(?:-{_CAPITAL})?"
    rf"|{_STREET}\s*{_NAME}(?:,?\s*{_HOUSE_NO}(?![\d\w]))?"
    rf"|{_UNIT}\s*№?\s*{_HOUSE_NO}(?![\d\w]))"
)
_ADDRESS = re.compile(rf"(?<![\w]){_COMPONENT}(?:[,\s]+{_COMPONENT})*")
_NAMED = {
    "паспорт": "passport",
    "сери": "passport",
    "снилс": "snils",
}


def _labels() -> dict[str, str]:
    return {
        "email": _("[почта]"),
        "phone": _("[телефон]"),
        "snils": _("[СНИЛС]"),
        "passport": _("[паспорт]"),
        "address": _("[адрес]"),
        "number": _("[номер]"),
    }


def _named_before(text: str, start: int) -> str:
    """A kind of document named just before a number («СНИЛС 112…», «паспорт: 10…»)."""
    before = text[max(0, start - 24) : start].lower()
    found = [(before.rfind(word), kind) for word, kind in _NAMED.items() if word in before]
    return max(found)[1] if found else ""


def _kind(text: str, match: re.Match[str]) -> str:
    """What a run of digits is: a phone, a СНИЛС, a passport, another long number, or
    nothing personal (a sum, a year, a count) — then ""."""
    run = match.group()
    groups = [len(g) for g in _GROUPS.findall(run)]
    digits = "".join(_GROUPS.findall(run))
    named = _named_before(text, match.start())
    if len(digits) == 11:
        if run.startswith("+"):
            return "phone"
        if named == "snils" or groups == [3, 3, 3, 2]:
            return "snils"
        if groups == [11] and int(digits[9:]) == check_number(digits[:9]):
            return "snils"
        return "phone" if digits[0] in "78" else "number"
    if len(digits) == 10:
        if named == "passport" or groups in ([4, 6], [2, 2, 6]):
            return "passport"
        return "phone"
    if len(digits) >= 9:
        return "number"
    # A local number «52-34-56», «123-45-67».
    if len(groups) == 3 and groups[1:] == [2, 2] and groups[0] in (2, 3) and "-" in run:
        return "phone"
    return ""


def depersonalise(text: str, *, labelled: bool = True) -> str:
    """``text`` with personal data masked: «[почта]», «[паспорт]», «[СНИЛС]», «[телефон]»,
    «[номер]», «[адрес]»; with ``labelled=False`` masked data are left out instead (for
    topic modelling, where a label would become a topic word)."""
    labels = _labels()

    def mask(kind: str) -> str:
        return labels[kind] if labelled else " "

    masked = _EMAIL.sub(lambda m: mask("email"), text)
    masked = _PASSPORT.sub(lambda m: mask("passport"), masked)
    source = masked  # the digits' context (a «СНИЛС» or «паспорт» before them)
    masked = _DIGITS.sub(lambda m: mask(kind) if (kind := _kind(source, m)) else m.group(), source)
    return _ADDRESS.sub(lambda m: mask("address"), masked)
