"""The one export path: cells a spreadsheet would run as formulas are neutralised in CSV
and XLSX, characters a spreadsheet refuses are dropped, and every file is logged."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from exports import services
from exports.models import ExportEvent
from exports.services import Export, Sheet

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://evil")', "+7 (999) 000", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_csv_cells_that_start_like_formulas_stay_text(rf, world):
    request = rf.get("/")
    request.user = world.analyst
    response = services.csv_response(
        request,
        Export(what="test", filename="t.csv", body=world.body),
        [["Ячейка"], *[[f] for f in FORMULAS], [42]],
    )
    text = response.content.decode("utf-8-sig")
    cells = [row[0] for row in csv.reader(io.StringIO(text))]
    assert cells[1:7] == ["'" + f for f in FORMULAS]
    assert cells[7] == "42"  # numbers pass
    assert response["Content-Disposition"] == 'attachment; filename="t.csv"'


def test_xlsx_cells_that_start_like_formulas_stay_text_and_bad_characters_go(rf, world):
    request = rf.get("/")
    request.user = world.analyst
    rows: list[Sequence[object]] = [
        ["Ячейка"],
        *[[f] for f in FORMULAS],
        ["вертикальная\x0bтабуляция"],
        [7],
    ]
    response = services.xlsx_response(
        request, Export(what="test", filename="t.xlsx"), [Sheet(title="Лист", rows=rows)]
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    values = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert all(str(v).startswith("'") for v in values[1:7])
    assert values[7] == "вертикальнаятабуляция" and values[8] == 7
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)  # no formulas


def test_every_file_is_logged_with_who_what_body_and_rows(rf, world):
    request = rf.get("/")
    request.user = world.analyst
    services.csv_response(
        request,
        Export(what="test.people", filename="p.csv", body=world.body, personal=True, title="Люди"),
        [["ФИО"], ["А"], ["Б"]],
    )
    event = ExportEvent.objects.get()
    assert (event.actor, event.body, event.what, event.rows, event.personal, event.format) == (
        world.analyst,
        world.body,
        "test.people",
        2,
        True,
        "csv",
    )
    assert event.title == "Люди"


def test_xlsx_columns_keep_their_types_with_the_formats_given():
    header = ["Дата", "Число", "Доля", "Текст"]
    sheet = Sheet(
        title="Лист",
        rows=[header, [dt.date(2026, 3, 31), 1234, Decimal("4.25"), "x"]],
        formats={0: services.DATE, 1: services.INTEGER, 2: services.DECIMAL_2},
    )
    book = load_workbook(io.BytesIO(services.xlsx_bytes([sheet])))
    assert isinstance(book.active, Worksheet)
    first, second = ([c for c in r if isinstance(c, Cell)] for r in book.active.iter_rows())
    assert (first[0].value, first[0].number_format) == ("Дата", "General")
    assert second[0].is_date and isinstance(second[0].value, dt.datetime)
    assert (second[0].value.date(), second[0].number_format) == (dt.date(2026, 3, 31), "DD.MM.YYYY")
    assert (second[1].value, second[1].number_format) == (1234, "#,##0")
    assert (second[2].value, second[2].data_type, second[2].number_format) == (4.25, "n", "0.00")
    assert (second[3].value, second[3].data_type) == ("x", "s")
    assert book.active.freeze_panes == "A2"
