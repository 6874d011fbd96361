"""Reading an uploaded CSV or XLSX file into rows, for every import of the product.

A file that cannot be read becomes a ``ValidationError`` on the ``file`` field, never a
server error: not UTF-8, a broken XLSX, a cell over the csv module's size limit, a control
character (PostgreSQL refuses NUL), an empty file, or more rows than the import takes.

An XLSX file is a zip archive, and a small one can unpack to gigabytes: a shared string of
hundreds of megabytes, which openpyxl holds in memory whole, or one cell in the last column
on every row, which made each row sixteen thousand cells wide. So the archive is measured
before openpyxl opens it, the sheet is streamed, and only the first ``MAX_COLUMNS`` columns
and the rows the import takes are read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from lib.schema_types import CONTROL_CHARACTERS

#: Columns read from a sheet; the imports take ten at most.
MAX_COLUMNS = 100
#: An XLSX archive unpacked, all its parts together.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
#: One part unpacked: the shared strings, which openpyxl reads whole, are the largest
#: part a real file has; the limit holds whatever name a crafted file gives that part.
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_PARTS = 1000
#: A part that unpacks to more than this many times its packed size is not a real sheet.
MAX_RATIO = 200
_RATIO_FROM_BYTES = 1024 * 1024


def read_table(
    name: str, content: bytes, *, max_rows: int, aliases: dict[str, str] | None = None
) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8, comma or semicolon) or XLSX file as dicts by column name.

    Column names are lower-cased and looked up in ``aliases`` (e.g. Russian headers)."""
    _header, rows = _read(name, content, max_rows=max_rows, aliases=aliases)
    return [row for _number, row in rows]


@dataclass
class Checked:
    """A file's rows, each with its number as a spreadsheet program shows it (the header
    is row 1, a blank row keeps its number), or what makes the file unreadable."""

    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def read_rows(
    name: str,
    content: bytes,
    *,
    max_rows: int,
    required: Mapping[str, object],
    aliases: dict[str, str] | None = None,
) -> Checked:
    """The rows of an import that checks each row itself: an unreadable file, or a header
    without a ``required`` column (by column name: the name a person reads), becomes the
    file's errors instead of rows."""
    try:
        header, rows = _read(name, content, max_rows=max_rows, aliases=aliases)
    except ValidationError as exc:
        return Checked(errors=list(exc.messages))
    missing = [
        f"«{label}» ({column})" for column, label in required.items() if column not in header
    ]
    if missing:
        return Checked(errors=[_("Нет обязательных столбцов: {c}.").format(c=", ".join(missing))])
    return Checked(rows=rows)


def _read(
    name: str, content: bytes, *, max_rows: int, aliases: dict[str, str] | None
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    if name.lower().endswith(".xlsx"):
        table = _read_xlsx(content, max_rows=max_rows)
    elif name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError({"file": _("Сохраните CSV в кодировке UTF-8.")}) from exc
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        try:
            table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        except csv.Error as exc:  # a cell over the size limit
            raise ValidationError(
                {"file": _("Файл не разобрать как CSV: {e}.").format(e=exc)}
            ) from exc
    else:
        raise ValidationError({"file": _("Загрузите файл .csv или .xlsx.")})
    _refuse_control_characters(table)
    numbered = [
        (n, row) for n, row in enumerate(table, start=1) if any(str(c).strip() for c in row)
    ]
    if not numbered:
        raise ValidationError({"file": _("Файл пустой.")})
    if len(numbered) == 1:
        raise ValidationError({"file": _("В файле нет строк с данными, только заголовок.")})
    if len(numbered) - 1 > max_rows:
        raise ValidationError({"file": _("В файле больше {n} строк.").format(n=max_rows)})
    names = [h.strip().lower() for h in numbered[0][1]]
    header = [(aliases or {}).get(h, h) for h in names]
    rows = [
        (n, {header[i]: str(value).strip() for i, value in enumerate(row) if i < len(header)})
        for n, row in numbered[1:]
    ]
    return header, rows


def _read_xlsx(content: bytes, *, max_rows: int) -> list[list[str]]:
    unreadable = ValidationError({"file": _("Файл XLSX не читается.")})
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise unreadable from exc
    too_big = ValidationError(
        {
            "file": _(
                "Файл XLSX в распакованном виде слишком большой: "
                "оставьте в нём только таблицу для загрузки."
            )
        }
    )
    if len(parts) > MAX_PARTS or sum(p.file_size for p in parts) > MAX_UNPACKED_BYTES:
        raise too_big
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > MAX_PART_BYTES or (
            part.file_size > _RATIO_FROM_BYTES and ratio > MAX_RATIO
        ):
            raise too_big
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise unreadable from exc
    try:
        rows = wb.worksheets[0].iter_rows(
            values_only=True, max_row=max_rows + 2, max_col=MAX_COLUMNS
        )
        table = [["" if v is None else _cell(v) for v in row] for row in rows]
    except Exception as exc:  # a sheet broken past its first rows
        raise unreadable from exc
    finally:
        wb.close()
    for row in table:  # every row comes MAX_COLUMNS wide
        while row and row[-1] == "":
            row.pop()
    return table


def _refuse_control_characters(table: list[list[str]]) -> None:
    """PostgreSQL refuses NUL and openpyxl the other control characters; tab, newline
    and CR are text. The row is named as a spreadsheet program numbers it."""
    for number, row in enumerate(table, start=1):
        for value in row:
            found = CONTROL_CHARACTERS.search(value)
            if found:
                char = found.group()
                code = "NUL" if char == "\x00" else f"U+{ord(char):04X}"
                raise ValidationError(
                    {"file": _("Строка {n}: недопустимый символ {c}.").format(n=number, c=code)}
                )


def _cell(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
