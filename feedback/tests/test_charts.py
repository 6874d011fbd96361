"""The feedback figures as charts (R20): the month-by-month line and how the scores
divide, with summaries in words that citizens can read."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from feedback import charts
from feedback.figures import Figures
from readability.checker import check

JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)


def _month(key: dt.date, scores: list[int]) -> Figures:
    figures = Figures(key)
    figures.sums.update(
        n=len(scores),
        csat_sum=sum(scores),
        csat_sq=sum(s * s for s in scores),
        satisfied=sum(s >= 4 for s in scores),
        low=sum(s <= 2 for s in scores),
    )
    return figures


def test_a_published_trend_leaves_out_a_month_under_ten_ratings() -> None:
    rows = [_month(JAN, [4] * 12), _month(FEB, [1, 2]), _month(MAR, [5] * 10 + [4] * 2)]
    with translation.override("ru"):
        chart = charts.trend(rows, first=JAN, last=MAR, publish=True, ident="t")
        staff = charts.trend(rows, first=JAN, last=MAR, publish=False, ident="t")
    assert chart is not None and staff is not None
    assert "1,5" not in str(chart.svg) and "1,5" in str(staff.svg)  # February's mean
    assert chart.summary.startswith("Март 2026: средняя оценка 4,8 из 5. Январь 2026: 4,0.")
    assert "меньше десяти, пропущены" in chart.summary
    assert chart.summary in str(chart.svg)  # the SVG's description says the same


def test_no_chart_without_a_figure_to_show() -> None:
    rows = [_month(JAN, [4, 4])]
    assert charts.trend(rows, first=JAN, last=MAR, publish=True, ident="t") is None
    assert charts.distribution(rows[0], publish=True, ident="d") is None
    assert charts.distribution(Figures(None), publish=False, ident="d") is None


def test_the_distribution_says_how_the_scores_divide() -> None:
    total = _month(JAN, [5] * 7 + [3] * 2 + [1] * 1 + [4] * 10)
    with translation.override("ru"):
        chart = charts.distribution(total, publish=True, ident="d")
    assert chart is not None
    assert chart.summary == ("Из 20 оценок: довольны 85 %, ни то ни другое 10 %, недовольны 5 %.")
    assert [m for m in re.findall(r">(\d+ %)<", str(chart.svg))] == ["85 %", "10 %", "5 %"]


#: Pages and texts citizens read that issue 16 added or changed.
CITIZEN_TEMPLATES = ["feedback/public.html", "feedback/public_index.html"]


@pytest.mark.parametrize("name", CITIZEN_TEMPLATES)
def test_what_citizens_read_about_the_results_is_plain(name: str) -> None:
    """Every sentence of six words or more passes the product's own checker (R23)."""
    source = Path(settings.BASE_DIR, "templates", name).read_text()
    texts = re.findall(r'{% translate "([^"]+)"', source) + re.findall(
        r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", source
    )
    sentences = [t for t in texts if len(t.split()) >= 6]
    assert sentences
    for text in sentences:
        report = check(re.sub(r"{{ *\w+ *}}", "12", text))
        assert report.passes, (text, report.problems)


def test_the_charts_summaries_and_the_count_are_plain() -> None:
    rows = [_month(JAN, [4] * 12), _month(FEB, [1, 2]), _month(MAR, [5] * 12)]
    with translation.override("ru"):
        trend = charts.trend(rows, first=JAN, last=MAR, publish=True, ident="t")
        split = charts.distribution(rows[0], publish=True, ident="d")
        from django import forms

        from lib.forms import TextLengthValidator

        try:
            TextLengthValidator(2000, forms.CharField(label="Комментарий"))("а" * 2100)
        except Exception as exc:  # the refusal a citizen reads next to the field
            refusal = str(exc.messages[0])  # type: ignore[attr-defined]
    assert trend is not None and split is not None
    for text in (trend.summary, split.summary, refusal):
        report = check(text)
        assert report.passes, (text, report.problems)
