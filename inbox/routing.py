"""Automatic routing by keywords (R22): the category whose words the text uses most.

Keywords and text are compared as lemmas, so «пособия», «пособием» and «пособие» match.
Every body's active categories compete, so an item sent to the wrong body goes to the one
that answers it; on a tie the receiving body's own category wins.
"""

from __future__ import annotations

from collections.abc import Iterable

from inbox.models import Category
from lib.morph import lemmas


def keyword_lemmas(keywords: str) -> str:
    """Space-padded lemmas of the comma-separated keywords (a phrase keeps its words)."""
    found: list[str] = []
    for phrase in keywords.split(","):
        joined = " ".join(lemmas(phrase))
        if joined and joined not in found:
            found.append(joined)
    return "|" + "|".join(found) + "|" if found else ""


def score(text_lemmas: list[str], category: Category) -> int:
    padded = " " + " ".join(text_lemmas) + " "
    return sum(
        1
        for phrase in category.keyword_lemmas.strip("|").split("|")
        if phrase and f" {phrase} " in padded
    )


def best_category(
    text: str, candidates: Iterable[Category], *, prefer_body_id: int | None
) -> Category | None:
    text_lemmas = lemmas(text)
    ranked = [(score(text_lemmas, c), c.body_id == prefer_body_id, -c.pk, c) for c in candidates]
    ranked = [r for r in ranked if r[0] > 0]
    if not ranked:
        return None
    return max(ranked, key=lambda r: r[:3])[3]
