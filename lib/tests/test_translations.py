"""English is the second language of every page: the catalogue has no gaps (run
``manage.py makemessages -l en`` after adding strings, then translate what it adds)."""

from __future__ import annotations

import re
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[2] / "locale/en/LC_MESSAGES/django.po"


def entries() -> list[tuple[str, bool, list[str]]]:
    """(msgid, fuzzy, msgstr values) per entry, the header left out."""
    found = []
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
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
