"""The answer checker (R23): indices, style flags and the gate thresholds in one report.

Pages (the live check in the answer editor), the send gate and ``POST /api/v1/readability``
all call :func:`check`, so they can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from readability.indices import Indices, compute, split
from readability.style import KIND_LABELS, Flag, find_flags

#: A text longer than this is refused (about 30 pages): the checker is for answers and letters.
MAX_CHARS = 200_000


@dataclass(frozen=True)
class Thresholds:
    """What a body accepts without the head's approval (R23). Defaults suit plain answers."""

    min_reading_ease: float = 30.0
    max_grade: float = 12.0
    max_sentence_words: int = 25
    max_flags_per_100_words: float = 6.0


@dataclass(frozen=True)
class Segment:
    """A run of text for highlighting: plain, or marked with the flag it belongs to."""

    text: str
    flag: Flag | None = None
    number: int | None = None


@dataclass
class Report:
    text: str
    indices: Indices
    flags: list[Flag]
    thresholds: Thresholds
    problems: list[str] = field(default_factory=list)

    @property
    def passes(self) -> bool:
        return not self.problems

    @property
    def word_flags(self) -> list[Flag]:
        return [f for f in self.flags if f.kind != "long_sentence"]

    @property
    def flags_per_100_words(self) -> float:
        words = self.indices.words
        return round(100 * len(self.word_flags) / words, 1) if words else 0.0

    def counts(self) -> list[tuple[str, int]]:
        out: dict[str, int] = {}
        for flag in self.flags:
            out[flag.label] = out.get(flag.label, 0) + 1
        return sorted(out.items(), key=lambda kv: -kv[1])

    def segments(self) -> list[Segment]:
        """The text cut into plain and marked runs (word flags only, numbered as listed)."""
        out, pos = [], 0
        for number, flag in enumerate(self.word_flags, start=1):
            if flag.start < pos:
                continue
            if flag.start > pos:
                out.append(Segment(self.text[pos : flag.start]))
            out.append(Segment(flag.text, flag, number))
            pos = flag.stop
        if pos < len(self.text):
            out.append(Segment(self.text[pos:]))
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "indices": self.indices.as_dict(),
            "flags_per_100_words": self.flags_per_100_words,
            "passes": self.passes,
            "problems": self.problems,
            "flags": [
                {
                    "kind": f.kind,
                    "label": f.label,
                    "start": f.start,
                    "end": f.stop,
                    "text": f.text,
                    "message": f.message,
                    "suggestion": f.suggestion,
                }
                for f in self.flags
            ],
        }


def _n(value: float) -> str:
    """A number as Russian writes it: «9,6»."""
    return f"{value:g}".replace(".", ",")


#: A text shorter than this (a reason, a summary, a label) is judged by what still means
#: something at its length: the indices of a dozen words are noise, and one flagged word
#: in twelve is already «8 per 100».
SHORT_TEXT_WORDS = 40
#: Under this many words the reading-ease and grade indices are not judged at all.
INDEX_MIN_WORDS = 12


def _problems(report: Report, *, short_ok: bool = False) -> list[str]:
    """The reasons the text fails the thresholds. ``short_ok``: a short text (under
    ``SHORT_TEXT_WORDS``) may have one flagged word more than its density allows, and its
    indices count only from ``INDEX_MIN_WORDS`` words — for the short texts saved and
    published across the product (R23); answers are judged in full."""
    t, ix = report.thresholds, report.indices
    problems = []
    if ix.words == 0:
        return ["Текст пустой."]
    short = short_ok and ix.words < SHORT_TEXT_WORDS
    indices = not short or ix.words >= INDEX_MIN_WORDS
    if indices and ix.reading_ease < t.min_reading_ease:
        problems.append(
            f"Индекс удобочитаемости {_n(ix.reading_ease)} — ниже порога {_n(t.min_reading_ease)}: "
            "сократите предложения и длинные слова."
        )
    if indices and ix.grade > t.max_grade:
        problems.append(f"Уровень сложности {_n(ix.grade)} класса — выше порога {_n(t.max_grade)}.")
    if ix.max_sentence_words > t.max_sentence_words:
        problems.append(
            f"Самое длинное предложение — {ix.max_sentence_words} слов, "
            f"порог {t.max_sentence_words}."
        )
    one_more = t.max_flags_per_100_words * ix.words / 100 + 1  # a short text's allowance
    if report.flags_per_100_words > t.max_flags_per_100_words and (
        not short or len(report.word_flags) > one_more
    ):
        problems.append(
            f"Замечаний к стилю {_n(report.flags_per_100_words)} на 100 слов, "
            f"порог {_n(t.max_flags_per_100_words)}."
        )
    return problems


def check(text: str, thresholds: Thresholds | None = None, *, short_ok: bool = False) -> Report:
    """Indices, flags and the reasons the text fails the thresholds (empty when it passes);
    ``short_ok`` for the short texts the product saves and publishes (``_problems``)."""
    thresholds = thresholds or Thresholds()
    text = text or ""
    sentences, words = split(text)
    flags = find_flags(text, sentences, words, max_sentence_words=thresholds.max_sentence_words)
    report = Report(
        text=text, indices=compute(sentences, words), flags=flags, thresholds=thresholds
    )
    report.problems = _problems(report, short_ok=short_ok)
    return report


#: Where a body's own thresholds come from (R23: a body may set them). The app that keeps
#: them registers it at start (``inbox.apps``), so that apps below it — the registry — check
#: their texts by the body's rules without importing it.
_thresholds_of_body: Callable[[int], Thresholds] | None = None


def thresholds_provider(provider: Callable[[int], Thresholds]) -> None:
    global _thresholds_of_body
    _thresholds_of_body = provider


def thresholds_for(body_id: int | None) -> Thresholds:
    """The body's thresholds, or the defaults when it has none (or none are kept)."""
    if body_id is None or _thresholds_of_body is None:
        return Thresholds()
    return _thresholds_of_body(body_id)


__all__ = [
    "KIND_LABELS",
    "MAX_CHARS",
    "Report",
    "Thresholds",
    "check",
    "thresholds_for",
    "thresholds_provider",
]
