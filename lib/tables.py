"""Reading an uploaded CSV or XLSX file into rows, for every import of the product.

A file that cannot be read becomes a ``ValidationError`` on the ``file`` field, never a
server error: not UTF-8, a broken XLSX, a cell over the csv module's size limit, a NUL
byte, an empty file, or more rows than the import takes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook


def read_table(
    name: str, content: bytes, *, max_rows: int, aliases: dict[str, str] | None = None
) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8, comma or semicolon) or XLSX file as dicts by column name.

    Column names are lower-cased and looked up in ``aliases`` (e.g. Russian headers)."""
    if name.lower().endswith(".xlsx"):
        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ValidationError({"file": _("Файл XLSX не читается.")}) from exc
        ws = wb.worksheets[0]
        table = [
            ["" if v is None else _cell(v) for v in row]
            for row in ws.iter_rows(values_only=True, max_row=max_rows + 2)
        ]
    elif name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError({"file": _("Сохраните CSV в кодировке UTF-8.")}) from exc
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(",") else ","
        try:
            table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        except csv.Error as exc:  # a cell over the size limit, a NUL byte
            raise ValidationError(
                {"file": _("Файл не разобрать как CSV: {e}.").format(e=exc)}
            ) from exc
    else:
        raise ValidationError({"file": _("Загрузите файл .csv или .xlsx.")})
    table = [row for row in table if any(str(c).strip() for c in row)]
    if not table:
        raise ValidationError({"file": _("Файл пустой.")})
    if len(table) == 1:
        raise ValidationError({"file": _("В файле нет строк с данными, только заголовок.")})
    if len(table) - 1 > max_rows:
        raise ValidationError({"file": _("В файле больше {n} строк.").format(n=max_rows)})
    names = [h.strip().lower() for h in table[0]]
    header = [(aliases or {}).get(h, h) for h in names]
    return [
        {header[i]: str(value).strip() for i, value in enumerate(row) if i < len(header)}
        for row in table[1:]
    ]


def _cell(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
