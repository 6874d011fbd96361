"""A place's opening hours: typed a day at a time as a person writes them («9:00–18:00»,
«9:00–13:00, 14:00–18:00», empty for a day off), kept as intervals per weekday, and read
back with the days that share hours grouped («пн–пт 9:00–18:00, сб 10:00–14:00»)."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Monday first, as Russian calendars are.
DAYS = [
    gettext_lazy("Понедельник"),
    gettext_lazy("Вторник"),
    gettext_lazy("Среда"),
    gettext_lazy("Четверг"),
    gettext_lazy("Пятница"),
    gettext_lazy("Суббота"),
    gettext_lazy("Воскресенье"),
]
SHORT = [
    gettext_lazy("пн"),
    gettext_lazy("вт"),
    gettext_lazy("ср"),
    gettext_lazy("чт"),
    gettext_lazy("пт"),
    gettext_lazy("сб"),
    gettext_lazy("вс"),
]

Intervals = list[list[str]]

_TIME = r"([01]?\d|2[0-4])(?:[:.]([0-5]\d))?"
#: Hyphen, en and em dash, minus sign, non-breaking hyphen: all as people type them.
_INTERVAL = re.compile(rf"^\s*{_TIME}\s*[-–—−‑]\s*{_TIME}\s*\.?\s*$")


def parse_day(text: str) -> Intervals:
    """«9:00–13:00, 14:00–18:00» → [["09:00", "13:00"], ["14:00", "18:00"]]; empty → a day
    off. A ValidationError in the words of the field when it cannot be read."""
    intervals: Intervals = []
    for part in [p for p in re.split(r"[,;]", text or "") if p.strip()]:
        found = _INTERVAL.match(part)
        if found is None:
            raise ValidationError(
                _("Напишите время так: 9:00–18:00, с перерывом — 9:00–13:00, 14:00–18:00.")
            )
        h1, m1, h2, m2 = (int(g or 0) for g in found.groups())
        opens, closes = f"{h1:02d}:{m1:02d}", f"{h2:02d}:{m2:02d}"
        if closes > "24:00" or opens >= "24:00":
            raise ValidationError(_("Самое позднее время — 24:00: {i}.").format(i=part.strip()))
        if opens >= closes:
            raise ValidationError(
                _("Время закрытия должно быть позже открытия: {i}.").format(i=part.strip())
            )
        if intervals and opens < intervals[-1][1]:
            raise ValidationError(_("Промежутки идут по порядку и не пересекаются."))
        intervals.append([opens, closes])
    if len(intervals) > 4:
        raise ValidationError(_("Не больше четырёх промежутков в день."))
    return intervals


def day_text(intervals: Intervals) -> str:
    """[["09:00", "18:00"]] → «9:00–18:00», as the form shows it back."""
    return ", ".join(f"{_short_time(o)}–{_short_time(c)}" for o, c in intervals)


def _short_time(value: str) -> str:
    return value[1:] if value.startswith("0") else value


def valid(hours: Any) -> dict[str, Intervals]:
    """The stored shape, checked (an API payload, a form's result): weekday "0"–"6" to
    sorted, non-overlapping intervals; a ValidationError naming ``opening_hours``."""
    if not isinstance(hours, dict) or set(hours) - {str(d) for d in range(7)}:
        raise ValidationError({"opening_hours": _("Дни недели — от «0» (пн) до «6» (вс).")})
    out: dict[str, Intervals] = {}
    for day, intervals in hours.items():
        if not isinstance(intervals, list) or not all(
            isinstance(i, list) and len(i) == 2 and all(isinstance(t, str) for t in i)
            for i in intervals
        ):
            raise ValidationError({"opening_hours": _("Часы дня — список пар [«09:00», «18:00»].")})
        try:
            parsed = parse_day(", ".join(f"{o}–{c}" for o, c in intervals))
        except ValidationError as exc:
            raise ValidationError(
                {"opening_hours": f"{DAYS[int(day)]}: {' '.join(exc.messages)}"}
            ) from None
        if parsed:
            out[day] = parsed
    return out


def summary(hours: dict[str, Intervals], *, open_24_7: bool = False) -> list[str]:
    """The week as a person reads it: days that share hours grouped, days off named."""
    if open_24_7 or all(hours.get(str(d)) == [["00:00", "24:00"]] for d in range(7)):
        return [_("круглосуточно, без выходных")]
    if not hours:
        return []
    lines: list[str] = []
    day = 0
    while day < 7:
        same = hours.get(str(day))
        end = day
        while end + 1 < 7 and hours.get(str(end + 1)) == same:
            end += 1
        days = str(SHORT[day]) if end == day else f"{SHORT[day]}–{SHORT[end]}"
        day_off = _("выходной")
        lines.append(f"{days}: {day_text(same) if same else day_off}")
        day = end + 1
    return lines
