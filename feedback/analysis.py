"""Comment analysis, offline (no external service): tone from the project's lexicon of
praise and complaint lemmas with negation, and recurring topics from TF-IDF over lemmas
factorised with NMF (scikit-learn). Lemmas come from pymorphy3 (lib.morph)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from lib.morph import lemma, lemmas, words

NEGATIONS = {"не", "нет", "без", "ни"}
#: Lemmas that say nothing about a topic (besides the usual function words).
STOP = {
    "и", "в", "во", "на", "с", "со", "по", "за", "к", "ко", "у", "о", "об", "от", "до", "из",
    "а", "но", "что", "как", "это", "этот", "тот", "я", "мы", "вы", "он", "она", "они", "мой",
    "наш", "ваш", "весь", "всё", "все", "бы", "же", "ли", "так", "очень", "быть", "который",
    "для", "при", "или", "то", "уже", "ещё", "только", "свой", "себя", "мочь", "раз",
    "не", "нет", "ни", "без", "да", "вот", "тут", "там", "когда", "если", "чтобы",
}  # fmt: skip


@functools.cache
def _lexicon() -> dict[str, int]:
    path = Path(__file__).parent / "data" / "tone.tsv"
    words: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, weight = line.split("\t")
        words[lemma.replace("ё", "е")] = int(weight)
    return words


def tone(text: str) -> int:
    """-1 negative, 0 neutral, +1 positive."""
    if not text.strip():
        return 0
    lexicon = _lexicon()
    score = 0
    negate = False
    for word in words(text):
        base = lemma(word)
        if base in NEGATIONS:
            negate = True
            continue
        weight = lexicon.get(base, 0)
        if weight:
            score += -weight if negate else weight
        negate = False
    return (score > 0) - (score < 0)


@dataclass(frozen=True)
class Topic:
    words: tuple[str, ...]
    count: int
    examples: tuple[int, ...]  # rating ids, most typical first


def topics(
    comments: list[tuple[int, str]], *, n_topics: int = 5, top_words: int = 5
) -> list[Topic]:
    """Recurring topics of comments (id, text): each with its leading lemmas, how many
    comments are mostly about it, and example comment ids. Deterministic (fixed seed)."""
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    documents = [
        (pk, " ".join(w for w in lemmas(text) if w not in STOP and len(w) > 2))
        for pk, text in comments
    ]
    documents = [(pk, doc) for pk, doc in documents if doc]
    if len(documents) < 3:
        return []
    vectoriser = TfidfVectorizer(min_df=2, max_df=0.9, token_pattern=r"(?u)\b\w+\b")  # noqa: S106  # nosec B106 - a regex
    try:
        matrix = vectoriser.fit_transform([doc for _pk, doc in documents])
    except ValueError:  # no word occurs twice
        return []
    k = max(1, min(n_topics, matrix.shape[1] - 1, len(documents) // 2))
    model = NMF(n_components=k, init="nndsvda", random_state=0, max_iter=400)
    weights = model.fit_transform(matrix)
    vocabulary = vectoriser.get_feature_names_out()
    result = []
    dominant = weights.argmax(axis=1)
    for index, component in enumerate(model.components_):
        members = [
            i for i in range(len(documents)) if dominant[i] == index and weights[i, index] > 0
        ]
        if not members:
            continue
        members.sort(key=lambda i: -weights[i, index])
        words = tuple(str(vocabulary[j]) for j in component.argsort()[::-1][:top_words])
        result.append(Topic(words, len(members), tuple(documents[i][0] for i in members[:3])))
    result.sort(key=lambda t: -t.count)
    return result
