"""Does a short text look like it names or reaches a person? For fields that must hold no
personal data (a respondent's pseudonymous code, research notes: 152-ФЗ minimisation).

What it finds: an e-mail address; a СНИЛС (written 112-233-445 95, or eleven digits whose
check number is right); a phone number (ten or more digits, with the separators people
type); a person's name — a patronymic («Сергеевна»), two capitalised names in a row
(«Анна Петрова», «Иванов Иван»), or, where even one would be too many (a code), a single
capitalised first name or surname. Names are told by pymorphy3's dictionary (the Name,
Surn and Patr grammemes), so «Тында», «Вера» (faith) or «Мама» pass. It is a guard
against a slip, not a proof that a text is anonymous.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Literal

from lib import snils as snils_lib
from lib.morph import analyzer

Kind = Literal["email", "snils", "phone", "name"]

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SNILS_WRITTEN = re.compile(r"(?<!\d)\d{3}[-\s]\d{3}[-\s]\d{3}[-\s]\d{2}(?!\d)")
_ELEVEN = re.compile(r"(?<![\d+])\d{11}(?!\d)")
#: Ten or more digits, the first maybe after «+», with spaces, hyphens or brackets (not dots:
#: «12.03.2026 14:00» is a date).
_PHONE = re.compile(r"(?<!\d)\+?\(?\d(?:[\s\-()]{0,2}\d){9,}(?!\d)")
_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)?")
_NAME_TAGS = ("Name", "Surn", "Patr")
#: A parse of a word counts if it is at least this likely (pymorphy3's score).
_LIKELY = 0.2


def _name_parts(word: str) -> set[str]:
    """The name grammemes a capitalised word likely has: {"Name"}, {"Surn"}, {"Patr"}…"""
    if len(word) < 2 or not word[0].isupper():
        return set()
    found: set[str] = set()
    for parse in analyzer().parse(word.lower()):
        if parse.score < _LIKELY:
            continue
        found |= {tag for tag in _NAME_TAGS if tag in parse.tag}
    return found


def _best_is_name(word: str) -> bool:
    if len(word) < 2 or not word[0].isupper():
        return False
    parses = analyzer().parse(word.lower())
    return bool(parses) and any(tag in parses[0].tag for tag in _NAME_TAGS)


def _has_name(text: str, *, single: bool) -> bool:
    words = _WORD.findall(text)
    parts = [_name_parts(w) for w in words]
    if any("Patr" in p for p in parts):
        return True
    if any(a and b for a, b in pairwise(parts)):
        return True
    return single and any(_best_is_name(w) for w in words)


def personal_data_in(text: str, *, single_name: bool = False) -> Kind | None:
    """The kind of personal data ``text`` seems to hold, or None. ``single_name``: one
    capitalised first name or surname is enough (a pseudonymous code must have none)."""
    if not text:
        return None
    if _EMAIL.search(text):
        return "email"
    if _SNILS_WRITTEN.search(text):
        return "snils"
    for digits in _ELEVEN.findall(text):
        if digits[:9] != "000000000" and int(digits[9:]) == snils_lib.check_number(digits[:9]):
            return "snils"
    if _PHONE.search(text):
        return "phone"
    if _has_name(text, single=single_name):
        return "name"
    return None
