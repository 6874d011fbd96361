"""Readability indices of Russian text (R23): one pure module, the single source of truth.

Definitions (counts: sentences by razdel, words are tokens with at least one letter,
syllables are vowels, as ruts counts them):

- ASL — average sentence length in words; ASW — average syllables per word.
- Flesch reading ease as adapted by Oborneva: ``206.835 − 1.3·ASL − 60.1·ASW``
  (higher is easier; 0–30 a legal text, 60–80 plain speech), kept within 0–100.
- Grade level, plainrussian's Flesch–Kincaid: ``0.318·ASL + 14.2·ASW − 30.5`` (school year),
  at least 1.
- LIX: ``ASL + 100·(words of 7+ letters) / words`` (under 40 easy, over 50 hard).
- Share of long words: words of four or more syllables among all words.

textstat is not used: only its reading-ease formula is adapted to Russian.

The formulas run off their scales at both ends: «Да.» gives reading ease 145 and grade −16,
a law's paragraph reading ease −125. A person reads the scale, not the formula (R23), so
reading ease is clamped to 0–100 and the grade to the first school year; every page, the
send gate and ``POST /api/v1/readability`` get the clamped values from here.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from razdel import sentenize, tokenize

VOWELS = frozenset("аеёиоуыэюяaeiouy")
_LETTER = re.compile(r"[а-яёa-z]", re.IGNORECASE)
#: A word of this many letters or more counts as long for LIX.
LIX_LONG_LETTERS = 7
#: A word of this many syllables or more counts as long (hard to read).
LONG_WORD_SYLLABLES = 4
#: The scale of reading ease, and the lowest school year a grade can name.
READING_EASE_RANGE = (0.0, 100.0)
MIN_GRADE = 1.0


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    stop: int
    sentence: int

    @property
    def syllables(self) -> int:
        return sum(1 for ch in self.text.lower() if ch in VOWELS)

    @property
    def letters(self) -> int:
        return sum(1 for ch in self.text if ch.isalpha())


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    stop: int
    words: int


@dataclass(frozen=True)
class Indices:
    sentences: int
    words: int
    syllables: int
    long_words: int
    lix_long_words: int
    avg_sentence_words: float
    avg_word_syllables: float
    max_sentence_words: int
    reading_ease: float
    grade: float
    lix: float
    long_word_share: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def split(text: str) -> tuple[list[Sentence], list[Word]]:
    """Sentences and words of ``text`` with their character offsets."""
    sentences: list[Sentence] = []
    words: list[Word] = []
    for index, sent in enumerate(sentenize(text or "")):
        count = 0
        for token in tokenize(sent.text):
            if _LETTER.search(token.text):
                words.append(
                    Word(token.text, sent.start + token.start, sent.start + token.stop, index)
                )
                count += 1
        if count:
            sentences.append(Sentence(sent.text, sent.start, sent.stop, count))
    return sentences, words


def _within(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def compute(sentences: list[Sentence], words: list[Word]) -> Indices:
    """The indices of already split text; an empty text gives zeros, not an error."""
    n_sents, n_words = len(sentences), len(words)
    syllables = sum(w.syllables for w in words)
    long_words = sum(1 for w in words if w.syllables >= LONG_WORD_SYLLABLES)
    lix_long = sum(1 for w in words if w.letters >= LIX_LONG_LETTERS)
    if not n_words or not n_sents:
        return Indices(0, 0, 0, 0, 0, 0.0, 0.0, 0, 0.0, 0.0, 0.0, 0.0)
    asl = n_words / n_sents
    asw = syllables / n_words
    return Indices(
        sentences=n_sents,
        words=n_words,
        syllables=syllables,
        long_words=long_words,
        lix_long_words=lix_long,
        avg_sentence_words=round(asl, 2),
        avg_word_syllables=round(asw, 3),
        max_sentence_words=max(s.words for s in sentences),
        reading_ease=round(_within(206.835 - 1.3 * asl - 60.1 * asw, *READING_EASE_RANGE), 1),
        grade=round(max(0.318 * asl + 14.2 * asw - 30.5, MIN_GRADE), 1),
        lix=round(asl + 100 * lix_long / n_words, 1),
        long_word_share=round(long_words / n_words, 3),
    )


def measure(text: str) -> Indices:
    return compute(*split(text))
