"""Pydantic field types shared by API schemas: trimmed strings without NUL bytes
(PostgreSQL refuses them, which would otherwise surface as a server error)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StringConstraints


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("Строка содержит недопустимый символ NUL.")
    return value


ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=300), AfterValidator(_no_nul)
]
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=5000), AfterValidator(_no_nul)
]
Slug = Annotated[str, StringConstraints(pattern=r"^[-a-z0-9_]{1,120}$")]
