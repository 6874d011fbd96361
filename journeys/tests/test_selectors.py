"""Reads of journey maps: the legend of a map's marks."""

from __future__ import annotations

from feedback.stats import PUBLISH_MIN
from journeys import selectors


def test_legend_names_each_emotion_with_its_place_on_the_scale():
    emotions, scale = selectors.legend(table=True)
    assert emotions.mark == "негативная, нейтральная, позитивная"
    assert scale.meaning.endswith("негативная — 2, нейтральная — 3, позитивная — 4.")


def test_legend_of_the_curve_has_the_ratings_line_only_when_it_is_drawn():
    assert [e.line for e in selectors.legend(table=False, curve=True)] == ["analyst"]
    analyst, ratings = selectors.legend(table=False, curve=True, ratings=True)
    assert (analyst.dashed, ratings.dashed) == (False, True)
    assert f"не меньше {PUBLISH_MIN}" in ratings.meaning
    assert selectors.legend(table=False, ratings=True) == []  # no curve, no lines
