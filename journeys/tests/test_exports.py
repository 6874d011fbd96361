"""A map's files explain its marks (issue 16: they had no legend): the PDF (and the PNG made
from it) and the XLSX hold the same legend as the page, read from one list."""

from __future__ import annotations

import io

import pypdfium2
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from feedback.tests.fixtures import rate
from journeys import selectors


def _pdf_text(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return " ".join(text.split())


def test_pdf_explains_every_mark_it_shows(client, world, place, birth_map):
    for score in (4, 5, 4, 4, 5, 4, 4, 5, 4, 4):  # ten ratings at the registry office
        rate(place.reg, score, touchpoint=place.office)
    client.force_login(world.analyst)
    text = _pdf_text(client.get(reverse("journeys:pdf", args=[birth_map.pk])).content)
    legend = selectors.legend(table=True, curve=True, ratings=True)
    assert "Условные обозначения" in text
    assert [e.line for e in legend] == ["", "", "analyst", "ratings"]
    for entry in legend:
        assert entry.mark in text and entry.meaning in text, entry


def test_pdf_explains_no_line_it_does_not_draw(client, world, birth_map):
    client.force_login(world.analyst)
    text = _pdf_text(client.get(reverse("journeys:pdf", args=[birth_map.pk])).content)
    assert "Синяя сплошная линия" in text
    assert "Зелёная пунктирная линия" not in text  # no stage has ten ratings


def test_xlsx_has_a_legend_sheet_of_the_tables_marks(client, world, birth_map):
    client.force_login(world.analyst)
    book = load_workbook(
        io.BytesIO(client.get(reverse("journeys:xlsx", args=[birth_map.pk])).content)
    )
    assert book.sheetnames == ["Карта пути", "Легенда"]
    sheet = book["Легенда"]
    assert isinstance(sheet, Worksheet)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Обозначение", "Что значит")
    assert rows[1:] == [(e.mark, e.meaning) for e in selectors.legend(table=True)]
    assert any("негативная — 2" in str(meaning) for _mark, meaning in rows[1:])
    assert sheet.freeze_panes == "A2"


def test_a_map_without_stages_has_no_legend(client, world, place, published_situation):
    from journeys import services

    empty = services.map_create(
        actor=world.analyst,
        body=world.body,
        title="Пустая",
        segment=place.segment,
        variant="лично",
        life_situation=published_situation,
    )
    client.force_login(world.analyst)
    book = load_workbook(io.BytesIO(client.get(reverse("journeys:xlsx", args=[empty.pk])).content))
    assert book.sheetnames == ["Карта пути"]
    text = _pdf_text(client.get(reverse("journeys:pdf", args=[empty.pk])).content)
    assert "Условные обозначения" not in text


def test_page_shows_the_same_legend_as_the_files(client, world, birth_map):
    client.force_login(world.analyst)
    page = client.get(reverse("journeys:detail", args=[birth_map.pk])).content.decode()
    for entry in selectors.legend(table=True, curve=True):
        assert entry.mark in page and entry.meaning in page, entry
    table_only = client.get(reverse("journeys:detail", args=[birth_map.pk]), {"view": "table"})
    assert "Синяя сплошная линия" not in table_only.content.decode()
