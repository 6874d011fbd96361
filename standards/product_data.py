"""Requirements the product checks itself (method «данные Клиентоцентра», R29): from the
body's inbox for a social network or a messenger (answers in time, in plain words — R22,
R23) and from the ratings for a site or an app (the rating widget is there and used).
What the data cannot decide — too few items, no data at all — stays for a person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _

from feedback import selectors as feedback
from inbox import selectors as inbox
from standards.models import Answer, Requirement

#: The period the product's data are read over.
DAYS = 90
#: Fewer items than this decide nothing: a person checks.
MIN_ITEMS = 5
#: Shares that meet a requirement.
ANSWERED_SHARE, IN_TIME_SHARE, EASY_SHARE = 0.95, 0.95, 0.9

_HOSTS = {
    "vk.com": "vk",
    "vk.ru": "vk",
    "ok.ru": "ok",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "max.ru": "max",
}
#: A messenger touchpoint without a known address answers the written channels.
_WRITTEN = ["portal", "email", "widget", "telegram", "max"]


def channels_of(touchpoint: Any) -> list[str]:
    host = (urlsplit(touchpoint.url or "").hostname or "").removeprefix("www.")
    if host in _HOSTS:
        return [_HOSTS[host]]
    if touchpoint.kind == "social_network":
        return ["vk", "ok"]
    return _WRITTEN


def _percent(part: int, whole: int) -> int:
    return round(part * 100 / whole) if whole else 0


def _filled(met: bool, comment: str, share: int | None = None) -> dict[str, Any]:
    """An answer as the product fills it; the share it read is in the comment and in
    ``share`` (a requirement of this kind measures nothing, so ``value`` stays empty)."""
    return {
        "result": Answer.Result.MET if met else Answer.Result.NOT_MET,
        "comment": comment,
        "value": None,
        "share": share,
        "auto": True,
    }


@dataclass
class Source:
    """One touchpoint's data over the period, each read once however many requirements
    use it (a social network's three requirements share one inbox query)."""

    touchpoint: Any
    since: dt.datetime
    now: dt.datetime

    @cached_property
    def answers(self) -> inbox.ChannelAnswers:
        return inbox.channel_answers(
            body_id=self.touchpoint.body_id,
            channels=channels_of(self.touchpoint),
            since=self.since,
            now=self.now,
        )

    @cached_property
    def signals(self) -> Any:
        return feedback.place_signals(self.touchpoint.pk, since=self.since)


def _share(part: int, whole: int, norm: float, said: str) -> dict[str, Any] | None:
    """Met when ``part`` is at least ``norm`` of ``whole``; too few to decide, None.
    ``said`` is the sentence, with {a}, {d}, {p}, {days} and {norm} to fill."""
    if whole < MIN_ITEMS:
        return None
    share = _percent(part, whole)
    text = said.format(a=part, d=whole, p=share, days=DAYS, norm=round(norm * 100))
    return _filled(part >= norm * whole, text, share)


def _answered(source: Source) -> dict[str, Any] | None:
    a = source.answers
    return _share(
        a.answered,
        a.due,
        ANSWERED_SHARE,
        _("Ответили на {a} из {d} ({p} %) за {days} дней; норма — не меньше {norm} %."),
    )


def _in_time(source: Source) -> dict[str, Any] | None:
    a = source.answers
    return _share(
        a.in_time,
        a.due,
        IN_TIME_SHARE,
        _("В срок ответили на {a} из {d} ({p} %) за {days} дней; норма — не меньше {norm} %."),
    )


def _plain(source: Source) -> dict[str, Any] | None:
    a = source.answers
    return _share(
        a.easy,
        a.measured,
        EASY_SHARE,
        _("Легко читать ответы: {a} из {d} ({p} %) за {days} дней; норма — не меньше {norm} %."),
    )


def _checked(source: Source) -> dict[str, Any] | None:
    a = source.answers
    return _share(a.measured, a.answered, 1.0, _("Ответы, проверенные на сложность: {a} из {d}."))


def _rated(source: Source) -> dict[str, Any] | None:
    signals = source.signals
    return _filled(
        signals.widgets > 0 and signals.total > 0,
        _("Точек оценки: {w}; оценок за {days} дней: {n}.").format(
            w=signals.widgets, n=signals.total, days=DAYS
        ),
        signals.total,
    )


#: What the product fills, by requirement code.
FILLERS: dict[str, Callable[[Source], dict[str, Any] | None]] = {
    "СС-1": _answered,
    "СС-2": _in_time,
    "СС-4": _plain,
    "С-3": _checked,
    "С-4": _plain,
    "П-3": _rated,
    "МП-3": _rated,
}


def fill(
    touchpoint: Any, requirements: list[Requirement], *, now: dt.datetime | None = None
) -> dict[str, dict[str, Any]]:
    """Answers from the product's own data for the requirements it can check, keyed by
    the requirement's id (as ``Check.draft``)."""
    now = now or timezone.now()
    source = Source(touchpoint, now - dt.timedelta(days=DAYS), now)
    found: dict[str, dict[str, Any]] = {}
    for requirement in requirements:
        filler = FILLERS.get(requirement.code)
        if filler is None or requirement.method != Requirement.Method.PRODUCT_DATA:
            continue
        answer = filler(source)
        if answer is not None:
            found[str(requirement.pk)] = answer
    return found
