"""Monthly volumes — clients served and offered the rating at a touchpoint — from a CSV or
XLSX file (issue 23), read by the same reader as every import (``lib.tables``) and checked
row by row: a file with any bad row stores nothing and names every problem with its row."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Body
from lib.tables import read_rows
from registry import selectors as registry_selectors

COLUMNS = ("touchpoint", "service", "month", "served", "offered")
ALIASES = {
    "точка": "touchpoint",
    "точка взаимодействия": "touchpoint",
    "услуга": "service",
    "код услуги": "service",
    "месяц": "month",
    "обслужено": "served",
    "предложено оценить": "offered",
    "предложено": "offered",
}
MAX_ROWS = 5_000
MAX_COUNT = 10_000_000  # clients of one touchpoint in a month: far above any real figure
#: 2026-11, 2026-11-01 (and a spreadsheet's 2026-11-01 00:00:00), 11.2026, 01.11.2026
_MONTH = re.compile(
    r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?(?:[ T][\d:]+)?$|^(?:\d{1,2}\.)?(\d{1,2})\.(\d{4})$"
)


@dataclass
class Parsed:
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse(name: str, raw: bytes, *, body: Body) -> Parsed:
    """Every row checked against the body's touchpoints and the registry's services."""
    required = {
        "touchpoint": _("точка"), "month": _("месяц"), "served": _("обслужено"),
        "offered": _("предложено оценить"),
    }  # fmt: skip
    read = read_rows(name, raw, max_rows=MAX_ROWS, required=required, aliases=ALIASES)
    out = Parsed(errors=read.errors)
    if out.errors:
        return out
    points = list(registry_selectors.touchpoints_list(body=body))
    by_id = {str(p.pk): p for p in points}
    titles = Counter(_plain(p.title) for p in points)
    by_title = {_plain(p.title): p for p in points}
    services = {s.slug: s for s in registry_selectors.services_list()}
    seen: dict[tuple[int, str, dt.date], int] = {}
    for number, row in read.rows:
        problems: list[str] = []
        raw_point = (row.get("touchpoint") or "").strip()
        point = by_id.get(raw_point) or by_title.get(_plain(raw_point))
        if not raw_point.isdigit() and titles[_plain(raw_point)] > 1:
            point = None
            problems.append(
                _("точек «{v}» у органа несколько — укажите номер точки").format(v=_cut(raw_point))
            )
        elif point is None:
            problems.append(_("точка «{v}» — нет такой у органа").format(v=_cut(raw_point)))
        code = (row.get("service") or "").strip()
        service = services.get(code) if code else None
        if code and service is None:
            problems.append(_("услуга «{v}» не найдена").format(v=_cut(code)))
        month = _month(row.get("month") or "")
        if month is None:
            problems.append(
                _("месяц «{v}» — напишите 2026-11 или 11.2026").format(
                    v=_cut(str(row.get("month") or ""))
                )
            )
        elif month > timezone.localdate().replace(day=1):
            problems.append(_("месяц {v} ещё не наступил").format(v=month.strftime("%m.%Y")))
        served, offered = _count(row.get("served")), _count(row.get("offered"))
        if served is None or served > MAX_COUNT:
            problems.append(_("«обслужено» — целое число от 0 до 10 000 000"))
            served = None
        if offered is None or offered > MAX_COUNT:
            problems.append(_("«предложено оценить» — целое число от 0 до 10 000 000"))
            offered = None
        if served is not None and offered is not None and offered > served:
            problems.append(_("предложили оценить больше людей, чем обслужили"))
        if point is not None and month is not None:
            key = (point.pk, code, month)
            if key in seen:
                problems.append(_("повторяет строку {n}").format(n=seen[key]))
            seen.setdefault(key, number)
        if problems:
            out.errors.append(_("Строка {n}: {p}.").format(n=number, p="; ".join(problems)))
            continue
        out.rows.append(
            {"touchpoint": point, "service": service, "month": month,
             "served": served, "offered": offered}
        )  # fmt: skip
    return out


def _plain(title: str) -> str:
    """A touchpoint's name as people type it: case, ё and spaces do not matter."""
    return " ".join(title.lower().replace("ё", "е").split())


def _cut(value: str) -> str:
    return value if len(value) <= 60 else value[:57] + "…"


def _month(value: str) -> dt.date | None:
    found = _MONTH.match(value.strip())
    if not found:
        return None
    year, month = (found[1], found[2]) if found[1] else (found[4], found[3])
    try:
        return dt.date(int(year), int(month), 1)
    except ValueError:
        return None


def _count(value: Any) -> int | None:
    text = str(value if value is not None else "").strip().replace(" ", "").replace("\xa0", "")
    if text.endswith(".0"):  # a whole number from a spreadsheet
        text = text[:-2]
    return int(text) if text.isascii() and text.isdigit() else None
