"""Demo checks of touchpoints against seed 001's lists (R29): the ministry's social network
checked twice — one requirement mended since, one action overdue — the МФЦ office after a
mystery visit, the МФЦ call centre after a test call. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from registry import selectors as registry
from standards import selectors, services

VK = "Минсоцзащиты ВКонтакте"
MFC = "МФЦ, офис «Центральный»"
MFC_CALL = "Единый колл-центр МФЦ"

NOTES = {
    "СС-2": "Комментарии к записям ждут ответа до суток.",
    "СС-7": "Правила модерации не опубликованы.",
    "ПР-2": "Парковка для людей с инвалидностью занята машинами сотрудников.",
    "ПР-11": "Ждали в очереди 40 минут.",
    "КЦ-5": "Оператор ответил через 7 минут.",
}


#: What the mystery shopper measured: (when the requirement failed, when it was met).
MEASURED = {"ПР-11": (40, 12), "КЦ-5": (7, 2)}
BELOGORSK = "МФЦ, офис в Белогорске"


def _check(
    actor: User, title: str, kind: str, failed: set[str], at: dt.datetime, *, data: bool = False
) -> None:
    """A finished check; with ``data``, what the product filled from its own data stands."""
    place = next(t for t in registry.touchpoints_list() if t.title == title)
    check = services.check_start(actor=actor, touchpoint_id=place.pk, kind=kind, now=at)
    answers: dict[int, services.AnswerIn] = {}
    for r in check.requirement_list.requirements.all():
        filled = check.draft.get(str(r.pk)) if data else None
        if filled and filled.get("auto"):
            answers[r.pk] = (filled["result"], filled["comment"], None)
            continue
        bad = r.code in failed
        value = MEASURED[r.code][0 if bad else 1] if r.code in MEASURED else None
        answers[r.pk] = (
            "not_met" if bad else "met",
            NOTES[r.code] if bad else "",
            None if value is None else Decimal(value),
        )
    visited = at - dt.timedelta(hours=2) if kind != "self" else None
    services.check_complete(actor=actor, check=check, answers=answers, visited_at=visited, now=at)


def _shopper() -> User:
    """The МФЦ's mystery shopper (a database made before this account existed gets it)."""
    from accounts.models import Body
    from accounts.services import user_create
    from demo.management.commands.load_demo import demo_password

    found = User.objects.filter(username="shopper").first()
    if found is not None:
        return found
    return user_create(
        actor=None,
        username="shopper",
        password=demo_password("shopper"),
        role="shopper",
        body=Body.objects.get(slug="mfc"),
        first_name="Павел",
        last_name="Орлов",
        email="shopper@demo.klientocentr.local",
    )


@transaction.atomic
def load_standards() -> None:
    if selectors.last_check_of(next(t for t in registry.touchpoints_list() if t.title == VK).pk):
        return
    analyst = User.objects.get(username="analyst")
    admin = User.objects.get(username="admin")
    now = timezone.now()
    # found two months ago: both actions now past their 30 days…
    _check(analyst, VK, "self", {"СС-2", "СС-7"}, now - dt.timedelta(days=60))
    # …and rechecked from the product's own data (answers in time and in plain words, from
    # the inbox): the moderation rules are published since
    _check(analyst, VK, "self", {"СС-2"}, now - dt.timedelta(days=2), data=True)
    # the МФЦ office after a mystery visit six weeks ago: the parking was freed since (a
    # second visit found it so), the queue is still long and its action overdue
    _check(admin, MFC, "mystery_visit", {"ПР-2", "ПР-11"}, now - dt.timedelta(days=45))
    _check(admin, MFC, "mystery_visit", {"ПР-11"}, now - dt.timedelta(days=3))
    _check(admin, MFC_CALL, "mystery_call", {"КЦ-5"}, now - dt.timedelta(days=5))
    # a visit to the other office, assigned to the МФЦ's mystery shopper and not made yet
    belogorsk = next(t for t in registry.touchpoints_list() if t.title == BELOGORSK)
    services.check_start(
        actor=admin,
        touchpoint_id=belogorsk.pk,
        kind="mystery_visit",
        assigned_to=_shopper().pk,
        due_on=timezone.localdate() + dt.timedelta(days=10),
    )
