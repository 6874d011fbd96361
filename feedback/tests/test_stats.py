import math

import pytest

from feedback.stats import mean_ci, share_ci


def test_mean_interval_matches_a_hand_computed_example():  # R19: comparable numbers with n and CI
    # Scores 5, 4, 4, 3, 5: mean 4.2; sample sd = sqrt(0.7) = 0.83666; se = 0.37417;
    # t(4) = 2.776 → half width 1.03869 → 3.1613 … 5.2387.
    scores = [5, 4, 4, 3, 5]
    m = mean_ci(len(scores), sum(scores), sum(s * s for s in scores))
    assert m.mean == pytest.approx(4.2)
    assert m.low == pytest.approx(3.1613, abs=1e-4)
    assert m.high == pytest.approx(5.2387, abs=1e-4)


def test_large_groups_use_the_normal_quantile():
    # 1000 ratings, half 5 and half 3: mean 4, sd = sqrt(1000/999), half width 1.96 sd / √1000
    m = mean_ci(1000, 500 * 5 + 500 * 3, 500 * 25 + 500 * 9)
    assert m.half_width == pytest.approx(
        1.959964 * math.sqrt(1000 / 999) / math.sqrt(1000), rel=1e-6
    )


def test_single_rating_has_no_interval_and_empty_has_no_mean():
    assert mean_ci(1, 4, 16).low is None
    assert mean_ci(0, 0, 0).mean is None


def test_wilson_interval_for_a_share():
    # 8 of 10: Wilson 95 % is 0.4902 … 0.9433 (published tables).
    s = share_ci(8, 10)
    assert s.share == pytest.approx(0.8)
    assert s.low == pytest.approx(0.4902, abs=1e-3)
    assert s.high == pytest.approx(0.9433, abs=1e-3)
    assert share_ci(0, 5).low == 0.0
