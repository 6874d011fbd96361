"""Cell values for the XLSX and CSV exports: what openpyxl refuses is dropped, and a text
that a spreadsheet program would run as a formula shows as text."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from lib.exports import csv_safe, xlsx_safe


def _round_trip(values: list[object]) -> list[object]:
    """The values as a spreadsheet program reads them back from the written file."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([xlsx_safe(v) for v in values])
    buffer = io.BytesIO()
    book.save(buffer)
    read = load_workbook(buffer).active
    assert read is not None
    return [cell.value for cell in read[1]]


def test_control_characters_are_dropped_so_the_file_can_be_written():
    assert _round_trip(["Пере\x0bезд", "a\x00b\x1fc", "таб\tи\nстрока"]) == [
        "Переезд",
        "abc",
        "таб\tи\nстрока",
    ]


def test_a_text_starting_like_a_formula_is_written_as_text_not_a_formula():
    book_values = _round_trip(['=HYPERLINK("http://evil.test","Жми")', "+7 900", 5, -3.5])
    # Numbers stay numbers; texts that start like a formula get the apostrophe, as in CSV.
    assert book_values == ['\'=HYPERLINK("http://evil.test","Жми")', "'+7 900", 5, -3.5]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_text_that_starts_like_a_formula_gets_an_apostrophe(text):
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Рождение ребёнка", "", "a=b", 5, -3, 4.5, None])
def test_csv_other_values_pass_unchanged(value):
    assert csv_safe(value) == value
