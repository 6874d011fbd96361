"""Readable unique addresses (slugs) from Russian titles."""

from __future__ import annotations

from django.db.models import Model
from slugify import slugify


def unique_slug(model: type[Model], text: str, *, fallback: str = "item") -> str:
    """A transliterated slug of ``text`` not yet used in ``model.slug``: «-2», «-3»… on clashes."""
    base = slugify(text, max_length=100, word_boundary=True) or fallback
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug
