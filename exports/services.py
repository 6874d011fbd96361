"""The one export path: CSV, XLSX, PDF and PNG files of the product are made here, and
each one handed out is logged (``ExportEvent``). No other module calls WeasyPrint or
openpyxl to write (a ruff banned-api rule holds this). Spreadsheet cells are neutralised
(``lib.exports``): a stored control character cannot break a file, and a text that starts
like a formula stays text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse

from accounts.models import Body, User
from exports.models import ExportEvent, Format
from lib.exports import csv_safe, xlsx_safe

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Export:
    """What is handed out and to whom: for the log and the file name."""

    what: str
    filename: str
    body: Body | None = None
    personal: bool = False
    title: str = ""


#: Number formats for ``Sheet.formats``: a date as Russian readers write it, a whole
#: number with groups of thousands, one decimal place, two, a percentage.
DATE = "DD.MM.YYYY"
INTEGER = "#,##0"
DECIMAL_1 = "0.0"
DECIMAL_2 = "0.00"
PERCENT = "0%"


@dataclass
class Sheet:
    """A sheet of an XLSX file: rows of values; ``bold`` rows (0-based) and column widths
    (in characters) for a readable file; ``header`` freezes the first row; ``formats``
    gives columns (0-based) a number format below the first row. Dates, numbers and
    texts are written as such; the format only says how a spreadsheet shows them."""

    title: str
    rows: Sequence[Sequence[Any]]
    bold: set[int] = field(default_factory=lambda: {0})
    widths: dict[int, int] = field(default_factory=dict)
    wrap: bool = True
    header: bool = True
    big: set[int] = field(default_factory=set)
    formats: dict[int, str] = field(default_factory=dict)


def log(request: HttpRequest | None, export: Export, fmt: str, rows: int) -> ExportEvent:
    """Record one file handed out (the caller already checked the right to it)."""
    user = getattr(request, "user", None)
    return ExportEvent.objects.create(
        actor=user if isinstance(user, User) else None,
        body=export.body,
        what=export.what,
        title=(export.title or export.filename)[:300],
        filename=export.filename,
        format=fmt,
        rows=rows,
        personal=export.personal,
    )


def _logged(response: HttpResponse, export: Export, fmt: str, rows: int) -> HttpResponse:
    """The response remembers what was logged, so that a cached download is logged again
    for each visitor served from the cache (``cached_download``)."""
    response.export_log = (export, fmt, rows)  # type: ignore[attr-defined]
    return response


def cached_download(
    *scopes: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """``lib.public_cache.cached_public`` for a public download: from the shared cache,
    and still logged once for each visitor, as every file handed out is."""
    from lib.public_cache import cached_public

    def replay(request: HttpRequest, kept: tuple[Export, str, int]) -> None:
        log(request, *kept)

    return cached_public(
        *scopes, keep=lambda response: getattr(response, "export_log", None), replay=replay
    )


def _response(
    content: bytes, content_type: str, export: Export, *, inline: bool = False
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{export.filename}"'
    return response


def csv_bytes(rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> tuple[bytes, int]:
    """UTF-8 with a BOM (so spreadsheet programs read the Cyrillic), every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    count = 0
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
        count += 1
    return ("\ufeff" + buffer.getvalue()).encode(), count


def csv_response(
    request: HttpRequest | None,
    export: Export,
    rows: Iterable[Sequence[Any]],
    *,
    delimiter: str = ",",
) -> HttpResponse:
    if request is not None and request.GET.get("sep") == "semicolon":
        # Excel set to Russian reads «;»-separated files (the «для Excel» links ask for it).
        delimiter = ";"
    content, count = csv_bytes(rows, delimiter=delimiter)
    rows_count = max(count - 1, 0)  # less the header
    log(request, export, Format.CSV, rows_count)
    response = _response(content, "text/csv; charset=utf-8", export)
    return _logged(response, export, Format.CSV, rows_count)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        for row in spec.rows:
            sheet.append([xlsx_safe(cell) for cell in row])
        for index in spec.bold:
            for cell in sheet[index + 1]:
                cell.font = Font(bold=True, size=14 if index in spec.big else 11)
        for column, width in spec.widths.items():
            sheet.column_dimensions[get_column_letter(column + 1)].width = width
        if spec.wrap:
            for row_cells in sheet.iter_rows(min_row=2):
                for cell in row_cells:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for column, number_format in spec.formats.items():
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
                cell.number_format = number_format
        if spec.header:
            sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    request: HttpRequest | None, export: Export, sheets: Sequence[Sheet]
) -> HttpResponse:
    content = xlsx_bytes(sheets)
    rows_count = sum(max(len(s.rows) - 1, 0) for s in sheets)
    log(request, export, Format.XLSX, rows_count)
    return _logged(_response(content, XLSX_TYPE, export), export, Format.XLSX, rows_count)


def stored_response(
    request: HttpRequest | None, export: Export, content: bytes, fmt: str, *, rows: int = 0
) -> HttpResponse:
    """A file made earlier and kept (a frozen report), handed out and logged as any other."""
    content_type = {Format.PDF: "application/pdf", Format.XLSX: XLSX_TYPE}[Format(fmt)]
    log(request, export, fmt, rows)
    return _response(content, content_type, export)


def pdf_bytes(html: str, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html, base_url=base_url).write_pdf())


def pdf_response(
    request: HttpRequest | None,
    export: Export,
    html: str,
    *,
    rows: int = 0,
    base_url: str | None = None,
    inline: bool = False,
) -> HttpResponse:
    content = pdf_bytes(html, base_url=base_url)
    log(request, export, Format.PDF, rows)
    return _response(content, "application/pdf", export, inline=inline)


def png_response(
    request: HttpRequest | None, export: Export, html: str, *, rows: int = 0
) -> HttpResponse:
    """The first page of the PDF as an image (for slides)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf_bytes(html))
    image = document[0].render(scale=150 / 72).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    log(request, export, Format.PNG, rows)
    return _response(buffer.getvalue(), "image/png", export)


def json_response(
    request: HttpRequest | None, export: Export, body: str, *, rows: int
) -> HttpResponse:
    log(request, export, Format.JSON, rows)
    response = _response(body.encode(), "application/json; charset=utf-8", export)
    return _logged(response, export, Format.JSON, rows)
