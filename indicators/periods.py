"""Quarters, the period every indicator is reported over, and years, the period of a
body's yearly report: both offer the same reading (``first_month``, ``last_month``,
``start``, ``end``, ``label``, ``code`` and the ``quarters`` they are made of), so an
indicator's formula reads either."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

_ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1–4

    @property
    def first_month(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_month(self) -> dt.date:
        return dt.date(self.year, 3 * self.number, 1)

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.first_month, dt.time()))

    @property
    def end(self) -> dt.datetime:
        """The first moment of the next quarter."""
        return self.next().start

    @property
    def quarters(self) -> list[Quarter]:
        return [self]

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def label(self) -> str:
        return f"{_ROMAN[self.number - 1]} кв. {self.year}"

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, code: str) -> Quarter | None:
        """«2026-Q3», or None for anything else."""
        year, _sep, number = code.partition("-Q")
        if not (year.isascii() and year.isdigit() and number in ("1", "2", "3", "4")):
            return None
        if not 2000 <= int(year) <= 2100:
            return None
        return cls(int(year), int(number))


@dataclass(frozen=True, order=True)
class Year:
    year: int

    @property
    def first_month(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def last_month(self) -> dt.date:
        return dt.date(self.year, 12, 1)

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.first_month, dt.time()))

    @property
    def end(self) -> dt.datetime:
        return Year(self.year + 1).start

    @property
    def quarters(self) -> list[Quarter]:
        return [Quarter(self.year, n) for n in range(1, 5)]

    @property
    def label(self) -> str:
        return f"{self.year} год"

    @property
    def code(self) -> str:
        return str(self.year)


#: What an indicator is read over.
Period = Quarter | Year


def last_quarters(count: int, *, until: dt.date | None = None) -> list[Quarter]:
    """The ``count`` quarters up to and including the one ``until`` falls in, oldest first."""
    current = Quarter.of(until or timezone.localdate())
    found = [current]
    while len(found) < count:
        found.append(found[-1].previous())
    return found[::-1]
