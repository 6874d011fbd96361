"""A map as a file (R13): PDF on A3 landscape with every lane and the curve, PNG (the PDF's
page as an image, for slides), XLSX and CSV (stages as columns, lanes as rows)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from journeys import access, views
from journeys.models import JourneyMap, Stage
from lib.exports import csv_safe, xlsx_safe


def rows(journey_map: JourneyMap) -> list[list[str]]:
    """The table: a header row of stages, then one row per lane."""
    stages = list(journey_map.stages.all())
    table = [[str(_("Этап")), *[f"{i}. {s.title}" for i, s in enumerate(stages, start=1)]]]
    for name, label in views.LANES:
        table.append([str(label), *[cell_text(s, name) for s in stages]])
    return table


def cell_text(stage: Stage, name: str) -> str:
    if name == "emotion":
        return f"{stage.get_emotion_display()} ({stage.score} / 5)"
    if name == "touchpoints":
        return "\n".join(t.title for t in stage.touchpoints.all())
    if name == "minutes":
        return "" if stage.minutes is None else _("%(n)s мин") % {"n": stage.minutes}
    if name == "cost":
        return "" if stage.cost is None else _("%(n)s ₽") % {"n": stage.cost}
    return str(getattr(stage, name))


def _file(content: bytes, kind: str, journey_map: JourneyMap, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="journey-{journey_map.pk}.{extension}"'
    return response


def render_pdf(request: HttpRequest, journey_map: JourneyMap) -> bytes:
    from weasyprint import HTML

    context: dict[str, Any] = views.map_context(request, journey_map)
    context["table"] = rows(journey_map)
    html = render_to_string("journeys/map_pdf.html", context, request=request)
    return bytes(HTML(string=html).write_pdf())


@login_required
def map_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    journey_map = access.get_map_for_read(request.user, pk)
    return _file(render_pdf(request, journey_map), "application/pdf", journey_map, "pdf")


@login_required
def map_png(request: HttpRequest, pk: int) -> HttpResponse:
    import pypdfium2

    journey_map = access.get_map_for_read(request.user, pk)
    document = pypdfium2.PdfDocument(render_pdf(request, journey_map))
    image = document[0].render(scale=150 / 72).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return _file(buffer.getvalue(), "image/png", journey_map, "png")


@login_required
def map_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    journey_map = access.get_map_for_read(request.user, pk)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(_("Карта пути"))[:31]
    sheet.append([xlsx_safe(journey_map.title)])
    subtitle = (
        f"{journey_map.segment.name} · {journey_map.variant} · {journey_map.get_kind_display()}"
    )
    sheet.append([xlsx_safe(subtitle)])
    sheet.append([])
    for row in rows(journey_map):
        sheet.append([xlsx_safe(cell) for cell in row])
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 24
    for index, column in enumerate(sheet.iter_cols(min_col=2, min_row=4), start=2):
        sheet.column_dimensions[get_column_letter(index)].width = 36
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return _file(
        buffer.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        journey_map,
        "xlsx",
    )


@login_required
def map_csv(request: HttpRequest, pk: int) -> HttpResponse:
    journey_map = access.get_map_for_read(request.user, pk)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([csv_safe(cell) for cell in row] for row in rows(journey_map))
    return _file(
        ("\ufeff" + buffer.getvalue()).encode(), "text/csv; charset=utf-8", journey_map, "csv"
    )
