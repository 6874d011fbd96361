"""Style flags of Russian text (R23): what makes an answer heavy, with the words marked and
a plain explanation of each. Word lists are the project's own data files in ``data/``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lib.morph import analyzer
from readability.indices import Sentence, Word

DATA = Path(__file__).resolve().parent / "data"

KIND_LABELS = {
    "bureaucratese": "Канцелярит",
    "stock": "Штамп",
    "stopword": "Пустое слово",
    "verbal_noun": "Отглагольное существительное",
    "passive": "Страдательный залог",
    "participle": "Причастный оборот",
    "adverbial": "Деепричастный оборот",
    "long_sentence": "Длинное предложение",
}


@dataclass(frozen=True)
class Flag:
    kind: str
    start: int
    stop: int
    text: str
    message: str
    suggestion: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Entry:
    kind: str
    lemmas: tuple[str, ...]
    message: str
    suggestion: str


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def lexicon() -> tuple[Entry, ...]:
    """Entries of ``style.tsv``, longest phrases first so that they win over single words."""
    entries = []
    for line in _lines("style.tsv"):
        kind, lemmas, message, suggestion = line.split("\t")
        entries.append(Entry(kind, tuple(lemmas.split()), message, suggestion))
    return tuple(sorted(entries, key=lambda e: -len(e.lemmas)))


@lru_cache(maxsize=1)
def _word_set(name: str) -> frozenset[str]:
    return frozenset(line.strip() for line in _lines(name))


@lru_cache(maxsize=50_000)
def _parse(word: str) -> tuple[str, str, frozenset[str]]:
    """(lemma, part of speech, grammemes) of the most likely parse, ё folded into е."""
    parse = analyzer().parse(word.lower())[0]
    return (
        parse.normal_form.replace("ё", "е"),
        str(parse.tag.POS or ""),
        frozenset(str(parse.tag).replace(" ", ",").split(",")),
    )


@lru_cache(maxsize=10_000)
def _participle_headword(word: str) -> str:
    """The masculine nominative singular of a participle form («следующих» → «следующий»)."""
    parse = analyzer().parse(word.lower())[0]
    inflected = parse.inflect({"masc", "sing", "nomn"})
    return (inflected.word if inflected else word.lower()).replace("ё", "е")


@lru_cache(maxsize=10_000)
def _transitive(lemma: str) -> bool:
    return any("tran" in p.tag for p in analyzer().parse(lemma) if p.tag.POS == "INFN")


@lru_cache(maxsize=1)
def _by_first_lemma() -> dict[str, tuple[Entry, ...]]:
    """Entries keyed by their first lemma, longest first: one dictionary look-up a word."""
    index: dict[str, list[Entry]] = {}
    for entry in lexicon():
        index.setdefault(entry.lemmas[0], []).append(entry)
    return {first: tuple(entries) for first, entries in index.items()}


def _phrase_flags(words: list[Word], lemmas: list[str]) -> tuple[list[Flag], set[int]]:
    flags: list[Flag] = []
    used: set[int] = set()
    index = _by_first_lemma()
    i = 0
    while i < len(words):
        for entry in index.get(lemmas[i], ()):
            size = len(entry.lemmas)
            if tuple(lemmas[i : i + size]) != entry.lemmas:
                continue
            if words[i + size - 1].sentence != words[i].sentence:
                continue
            used.update(range(i, i + size))
            start, stop = words[i].start, words[i + size - 1].stop
            flags.append(Flag(entry.kind, start, stop, "", entry.message, entry.suggestion))
            i += size - 1
            break
        i += 1
    return flags, used


def _morph_flag(word: Word, lemma: str, pos: str, grammemes: frozenset[str]) -> Flag | None:
    def flag(kind: str, message: str, suggestion: str) -> Flag:
        return Flag(kind, word.start, word.stop, word.text, message, suggestion)

    if (
        pos == "NOUN"
        and lemma.endswith(("ние", "тие"))
        and len(lemma) >= 7
        and lemma not in _word_set("not_verbal_nouns.txt")
    ):
        return flag(
            "verbal_noun",
            f"«{word.text}» — действие, спрятанное в существительное.",
            "Скажите глаголом: не «осуществление выплаты», а «выплатим».",
        )
    if pos == "PRTS" and "pssv" in grammemes:
        return flag(
            "passive",
            f"«{word.text}» — страдательный залог: непонятно, кто сделал.",
            "Назовите, кто делает: не «решение принято», а «мы решили».",
        )
    if (
        pos == "VERB"
        and "3per" in grammemes
        and word.text.lower().endswith(("ся", "сь"))
        and lemma not in _word_set("not_passive.txt")
        and _transitive(lemma[:-2])
    ):
        return flag(
            "passive",
            f"«{word.text}» — похоже на страдательный залог: кто это делает?",
            "Назовите, кто делает: не «выплата производится», а «мы выплачиваем».",
        )
    if pos == "PRTF" and _participle_headword(word.text) not in _word_set("not_participles.txt"):
        return flag(
            "participle",
            f"«{word.text}» — причастие: причастный оборот утяжеляет фразу.",
            "Разбейте на два предложения или скажите «который».",
        )
    if pos == "GRND":
        return flag(
            "adverbial",
            f"«{word.text}» — деепричастие: деепричастный оборот утяжеляет фразу.",
            "Скажите двумя глаголами: «Мы проверили и выяснили».",
        )
    return None


def find_flags(
    text: str, sentences: list[Sentence], words: list[Word], *, max_sentence_words: int
) -> list[Flag]:
    """Every flag of ``text``, in reading order; a word is flagged once at most."""
    parsed = [_parse(w.text) for w in words]
    lemmas = [p[0] for p in parsed]
    flags, used = _phrase_flags(words, lemmas)
    for i, word in enumerate(words):
        if i in used:
            continue
        found = _morph_flag(word, *parsed[i])
        if found:
            flags.append(found)
    for sentence in sentences:
        if sentence.words > max_sentence_words:
            flags.append(
                Flag(
                    "long_sentence",
                    sentence.start,
                    sentence.stop,
                    "",
                    f"В предложении {sentence.words} слов — больше {max_sentence_words}.",
                    "Разбейте на два-три коротких: одна мысль — одно предложение.",
                )
            )
    return sorted(
        (
            Flag(f.kind, f.start, f.stop, text[f.start : f.stop], f.message, f.suggestion)
            for f in flags
        ),
        key=lambda f: (f.start, f.kind == "long_sentence"),
    )
