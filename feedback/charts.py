"""The feedback figures as charts (R20: results people can see at a glance): the mean score
month by month with its interval, and how the scores divide — satisfied, neither,
dissatisfied. Drawn by ``lib.charts``; each comes with a summary in words, and the pages
keep the tables of the same figures after them."""

from __future__ import annotations

import datetime as dt

from django.utils import dateformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from feedback.figures import Figures
from lib.charts import GREEN, GREY, Bar, Chart, Point, bars, line

#: GOV.UK's red: 4.5:1 on white.
RED = "#d4351c"


def _score(value: float) -> str:
    return str(number_format(round(value, 1), 1))


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    found, month = [], first.replace(day=1)
    while month <= last:
        found.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return found


def trend(
    rows: list[Figures], *, first: dt.date, last: dt.date, publish: bool, ident: str
) -> Chart | None:
    """The mean score (1–5) of each month from ``first`` to ``last``, with its 95 %
    interval as a band; a month without ratings — or, published, with fewer than
    ``PUBLISH_MIN`` — is a gap. None when no month has a value."""
    by_month = {row.key: row for row in rows}
    points = []
    for month in _months(first, last):
        row = by_month.get(month)
        if row is None or row.n == 0 or (publish and row.suppressed):
            points.append(Point(month.strftime("%m.%y"), None))
            continue
        csat = row.csat
        points.append(Point(month.strftime("%m.%y"), csat.mean, csat.low, csat.high))
    shown = [
        (month, p)
        for month, p in zip(_months(first, last), points, strict=True)
        if p.value is not None
    ]
    if not shown:
        return None
    (month_a, a), (month_b, b) = shown[0], shown[-1]
    sentences = [
        _("%(month)s: средняя оценка %(value)s из 5.")
        % {"month": dateformat.format(month_b, "F Y"), "value": _score(b.value or 0)}
    ]
    if month_a != month_b:
        sentences.append(
            _("%(month)s: %(value)s.")
            % {"month": dateformat.format(month_a, "F Y"), "value": _score(a.value or 0)}
        )
    if len(shown) < len(points):
        sentences.append(
            _("Месяцы, где оценок меньше десяти, пропущены.")
            if publish
            else _("Месяцы без оценок пропущены.")
        )
    sentences.append(_("Полоса вокруг линии — где почти наверняка лежит настоящая средняя."))
    summary = " ".join(sentences)
    return Chart(
        heading=_("Средняя оценка по месяцам"),
        svg=line(
            points, title=_("Средняя оценка по месяцам, из 5"), description=summary,
            ident=ident, bottom=1, top=5, ticks=(1, 2, 3, 4, 5), value_text=_score,
        ),
        summary=summary,
    )  # fmt: skip


def distribution(total: Figures, *, publish: bool, ident: str) -> Chart | None:
    """How the scores divide: satisfied (4–5), neither (3), dissatisfied (1–2), as shares
    of all ratings. None without ratings (or, published, under ``PUBLISH_MIN``)."""
    n = total.n
    if n == 0 or (publish and total.suppressed):
        return None
    satisfied, low = total.sums["satisfied"], total.sums["low"]
    groups = [
        (_("Довольны: 4 или 5"), satisfied, GREEN),
        (_("Ни то ни другое: 3"), n - satisfied - low, GREY),
        (_("Недовольны: 1 или 2"), low, RED),
    ]
    shares = [(label, count / n, colour) for label, count, colour in groups]
    percent = [f"{round(share * 100)} %" for _label, share, _colour in shares]
    summary = ngettext(
        "Из %(n)s оценки: довольны %(good)s, ни то ни другое %(middle)s, недовольны %(bad)s.",
        "Из %(n)s оценок: довольны %(good)s, ни то ни другое %(middle)s, недовольны %(bad)s.",
        n,
    ) % {
        "n": number_format(n, force_grouping=True),
        "good": percent[0],
        "middle": percent[1],
        "bad": percent[2],
    }
    return Chart(
        heading=_("Как оценили"),
        svg=bars(
            [Bar(label, share * 100, text, colour) for (label, share, colour), text
             in zip(shares, percent, strict=True)],
            title=_("Как оценили: доля оценок"), description=summary, ident=ident, most=100,
        ),
        summary=summary,
    )  # fmt: skip
