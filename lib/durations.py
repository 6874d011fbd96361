"""A length of time in minutes as a person reads it: «45 мин», «2 ч 30 мин», «3 дн» —
abbreviated, so it reads the same after any word («не дольше 4 ч», «за 30 дн»)."""

from __future__ import annotations

from django.utils.translation import gettext as _


def duration(minutes: int | None) -> str:
    if minutes is None:
        return ""
    if minutes < 60:
        return _("%(m)s мин") % {"m": minutes}
    if minutes < 24 * 60:
        hours, rest = divmod(minutes, 60)
        return (_("%(h)s ч %(m)s мин") if rest else _("%(h)s ч")) % {"h": hours, "m": rest}
    days = round(minutes / (24 * 60), 1)
    return _("%(d)s дн") % {"d": f"{days:g}"}
