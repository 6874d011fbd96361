"""Formatting of means and shares with their 95 % intervals, the Russian way (comma)."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html

from feedback.stats import Mean, Share

register = template.Library()


def _n(value: float, digits: int = 2) -> str:
    return str(number_format(round(value, digits), digits))


@register.filter
def mean(value: Mean) -> str:
    if value.mean is None:
        return "—"
    if value.low is None or value.high is None:
        return _n(value.mean)
    return format_html(
        '{} <span class="kc-ci">({}–{})</span>', _n(value.mean), _n(value.low), _n(value.high)
    )


@register.filter
def share(value: Share) -> str:
    if value.share is None:
        return "—"
    return format_html(
        '{} % <span class="kc-ci">({}–{})</span>',
        _n(value.share * 100, 0),
        _n((value.low or 0) * 100, 0),
        _n((value.high or 0) * 100, 0),
    )


@register.filter
def get(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key)
