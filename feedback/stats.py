"""Means, shares and their 95 % confidence intervals from sums (pure; no database).

Aggregates keep n, Σx and Σx² per group, so a mean and its interval come from three
numbers whatever the number of ratings behind them. Small groups use Student's t;
shares use the Wilson score interval, which stays inside 0–100 % for small n.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.utils import timezone

#: Groups smaller than this are not published (R20).
PUBLISH_MIN = 10

# Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom.
_T95 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip
_Z95 = 1.959964


def t95(df: int) -> float:
    if df < 1:
        return math.inf
    if df <= len(_T95):
        return _T95[df - 1]
    if df <= 60:
        return 2.000 + (2.042 - 2.000) * (60 - df) / 30
    if df <= 120:
        return 1.980 + (2.000 - 1.980) * (120 - df) / 60
    return _Z95


@dataclass(frozen=True)
class Mean:
    n: int
    mean: float | None
    low: float | None
    high: float | None

    @property
    def half_width(self) -> float | None:
        if self.mean is None or self.high is None:
            return None
        return self.high - self.mean


def mean_ci(n: int, total: float, squares: float) -> Mean:
    """Mean with a 95 % interval from n, Σx and Σx² (sample standard deviation)."""
    if n <= 0:
        return Mean(0, None, None, None)
    mean = total / n
    if n == 1:
        return Mean(1, mean, None, None)
    variance = max(0.0, (squares - n * mean * mean) / (n - 1))
    half = t95(n - 1) * math.sqrt(variance / n)
    return Mean(n, mean, mean - half, mean + half)


@dataclass(frozen=True)
class Share:
    n: int
    yes: int
    share: float | None
    low: float | None
    high: float | None


def share_ci(yes: int, n: int) -> Share:
    """A share with the Wilson 95 % interval."""
    if n <= 0:
        return Share(0, 0, None, None, None)
    p = yes / n
    z2 = _Z95 * _Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = _Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return Share(n, yes, p, max(0.0, centre - half), min(1.0, centre + half))


def months_back(count: int, *, until: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """(first month, last month) of the last ``count`` months including the current one."""
    last = (until or timezone.localdate()).replace(day=1)
    first = last
    for _i in range(count - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return first, last
