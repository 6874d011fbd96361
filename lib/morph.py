"""Russian word forms: reduce words to lemmas so that a search for «ребёнок»
finds «рождение ребенка» and «пенсии» finds «выход на пенсию»."""

from __future__ import annotations

import re
from functools import lru_cache

import pymorphy3

_WORD = re.compile(r"[0-9a-zа-яё]+", re.IGNORECASE)


@lru_cache(maxsize=1)
def analyzer() -> pymorphy3.MorphAnalyzer:
    """The one pymorphy3 analyzer of the process (its dictionaries take a while to load)."""
    return pymorphy3.MorphAnalyzer()


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The normal form of one word, lower-cased with ё folded into е."""
    folded = _fold(word)
    if not re.search("[а-я]", folded):
        return folded
    parses = analyzer().parse(folded)
    return _fold(parses[0].normal_form) if parses else folded


def words(text: str) -> list[str]:
    return _WORD.findall(text or "")


def lemmas(text: str) -> list[str]:
    """Lemmas of every word of ``text``, in order, with duplicates removed."""
    seen: dict[str, None] = {}
    for word in words(text):
        seen.setdefault(lemma(word), None)
    return list(seen)


#: Parts of speech a query's meaning does not hang on: «что делать, если я переехал».
_FUNCTION_WORDS = {"PREP", "CONJ", "PRCL", "INTJ", "NPRO"}
#: Words of how people ask, not of what about: «что делать», «как получить», «где нужно».
_ASKING = {"делать", "сделать", "нужно", "надо", "нужный", "хотеть", "мочь", "как", "где", "куда"}


def query_lemmas(text: str) -> list[str]:
    """Lemmas of the words of a search query that carry its meaning: prepositions,
    conjunctions, particles and pronouns are left out, so that they need not appear in
    the text searched."""
    found: dict[str, None] = {}
    for word in words(text):
        folded = _fold(word)
        parses = analyzer().parse(folded) if re.search("[а-я]", folded) else []
        if (parses and parses[0].tag.POS in _FUNCTION_WORDS) or lemma(word) in _ASKING:
            continue
        found.setdefault(lemma(word), None)
    return list(found)


def search_document(*texts: str) -> str:
    """A space-delimited, space-padded string of lemmas to match whole lemmas against."""
    found: dict[str, None] = {}
    for text in texts:
        for item in lemmas(text):
            found.setdefault(item, None)
    return " " + " ".join(found) + " " if found else ""
