"""English is the second language of every page: the catalogue has no gaps (run
``manage.py makemessages -l en -l ru`` after adding strings, then translate what it adds
and give each Russian count its three forms)."""

from __future__ import annotations

import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[2] / "locale/en/LC_MESSAGES/django.po"


def entries(catalogue: Path = CATALOGUE) -> list[tuple[str, bool, list[str]]]:
    """(msgid, fuzzy, msgstr values) per entry, the header left out."""
    found = []
    for block in catalogue.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        text = "\n".join(lines)
        msgid = re.search(r'^msgid "(.*)"((?:\n".*")*)', text, re.M)
        if msgid is None or not (msgid.group(1) or msgid.group(2)):
            continue
        strings = re.findall(r'^msgstr(?:\[\d\])? "(.*)"((?:\n".*")*)', text, re.M)
        values = [first + "".join(re.findall(r'"(.*)"', rest)) for first, rest in strings]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        found.append((msgid.group(1) + msgid.group(2), fuzzy, values))
    return found


def test_every_russian_string_has_an_english_translation():
    found = entries()
    assert len(found) > 1000  # the catalogue was read, not an empty file
    missing = [msgid for msgid, fuzzy, values in found if fuzzy or not all(values)]
    assert missing == []


def test_placeholders_survive_translation():
    for msgid, _fuzzy, values in entries():
        wanted = sorted(re.findall(r"%\(\w+\)s|\{\w+\}", msgid))
        for value in values:
            assert sorted(re.findall(r"%\(\w+\)s|\{\w+\}", value)) == wanted, msgid


RUSSIAN = Path(__file__).resolve().parents[2] / "locale/ru/LC_MESSAGES/django.po"


def test_every_russian_plural_has_its_forms() -> None:
    """Russian is the source language, but a count needs three forms («1 месяц», «3 месяца»,
    «5 месяцев»): the ru catalogue holds them for every plural string (makemessages -l ru)."""
    plurals = [(msgid, values) for msgid, _fuzzy, values in entries(RUSSIAN) if len(values) > 1]
    assert len(plurals) >= 10
    assert [msgid for msgid, values in plurals if not all(values)] == []


def test_counts_read_as_russian_counts() -> None:
    from django.utils import translation
    from django.utils.translation import ngettext

    with translation.override("ru"):
        got = [ngettext("%(n)s месяц", "%(n)s месяцев", n) % {"n": n} for n in (1, 3, 5, 21, 44)]
    assert got == ["1 месяц", "3 месяца", "5 месяцев", "21 месяц", "44 месяца"]


def test_catalogues_keep_no_previous_text_outside_fuzzy_entries():
    """``#|`` lines (the text an entry had before) belong to a fuzzy entry only: left on a
    translated one, msgmerge refuses the file and ``makemessages`` stops for everyone."""
    for language in ("en", "ru"):
        catalogue = CATALOGUE.parents[2] / language / "LC_MESSAGES/django.po"
        for block in catalogue.read_text(encoding="utf-8").split("\n\n"):
            lines = block.splitlines()
            if any(line.startswith("#| ") for line in lines):
                assert any(line.startswith("#,") and "fuzzy" in line for line in lines), block
