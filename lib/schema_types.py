"""Pydantic field types shared by API schemas: trimmed strings without control or
direction-override characters, of at most 300 (ShortText) or 5000 (LongText) characters
unless the field says otherwise, and ids the database can hold.

A C0 control character other than tab, newline and CR is a server error when it is
stored (PostgreSQL refuses NUL) or exported (openpyxl refuses the rest, so a published
XLSX would fail for everyone). The bidirectional override and isolate characters turn
text around on screen, so a title could pass for another (a file name ending «fdp.exe»
shows as «exe.pdf»). The same check guards every form (``lib.forms``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field, GetCoreSchemaHandler, StringConstraints
from pydantic_core import CoreSchema

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
DIRECTION_CHARACTERS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
UNSAFE_CHARACTERS = re.compile(f"{CONTROL_CHARACTERS.pattern}|{DIRECTION_CHARACTERS.pattern}")

#: The largest id a database integer column holds (SQLite answers a 500 to a larger one).
MAX_ID = 2**63 - 1


def unsafe_character_message(value: str) -> str | None:
    """Why ``value`` cannot be taken as text, or None if it can."""
    found = UNSAFE_CHARACTERS.search(value)
    if found is None:
        return None
    return _("Текст содержит недопустимый служебный символ {code} — уберите его.").format(
        code=f"U+{ord(found.group()):04X}"
    )


def _safe_text(value: str) -> str:
    message = unsafe_character_message(value)
    if message:
        raise ValueError(message)
    return value


def _no_nul(value: str) -> str:
    """No control characters (NUL included); direction marks pass. For texts taken from
    other systems as they are (appeals from social networks, event details)."""
    found = CONTROL_CHARACTERS.search(value)
    if found:
        raise ValueError(unsafe_character_message(found.group()))
    return value


@dataclass(frozen=True)
class _MaxLength:
    """The longest text a type takes unless the field sets its own ``max_length``: a
    limit in the type (``StringConstraints``) would win over the field's, so that
    ``ShortText = Field(max_length=20)`` took 300 characters."""

    limit: int

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        schema = handler(source)
        if schema["type"] == "str" and "max_length" not in schema:
            schema = {**schema, "max_length": self.limit}
        return schema


ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True), _MaxLength(300), AfterValidator(_safe_text)
]
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True), _MaxLength(5000), AfterValidator(_safe_text)
]
Slug = Annotated[str, StringConstraints(pattern=r"^[-a-z0-9_]{1,120}$")]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
