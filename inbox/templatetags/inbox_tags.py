"""How long, in words a person reads at a glance: «2 ч 15 мин», «3 дн 4 ч»."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def minutes_ru(value: int | None) -> str:
    if value is None:
        return ""
    minutes = int(value)
    days, rest = divmod(minutes, 60 * 24)
    hours, mins = divmod(rest, 60)
    if days:
        return _("{d} дн {h} ч").format(d=days, h=hours) if hours else _("{d} дн").format(d=days)
    if hours:
        return _("{h} ч {m} мин").format(h=hours, m=mins) if mins else _("{h} ч").format(h=hours)
    return _("{m} мин").format(m=mins)
