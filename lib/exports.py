"""Cell values made safe for the spreadsheets the product writes (XLSX and CSV).

Text already stored may hold characters that no form or API takes any longer (older data,
an import, the admin): openpyxl refuses to write control characters, so one such text made
a whole export, the public open data among them, answer a server error. And a text that
starts like a formula runs as one when the file is opened in a spreadsheet program.
"""

from __future__ import annotations

from typing import TypeVar

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

T = TypeVar("T")

#: What a spreadsheet program reads as the start of a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def xlsx_safe(value: T) -> T | str:
    """A text without the characters openpyxl refuses; a text that starts like a formula
    (``=`` openpyxl would even write as one) gets a leading apostrophe, as in CSV, so the
    file reads the same whichever way it is saved on. Other values pass."""
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_safe(value: T) -> T | str:
    """A text that a spreadsheet program would take for a formula gets a leading
    apostrophe, so it shows as text; numbers and other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
