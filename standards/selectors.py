"""Reads of touchpoint standards (R29): a body's board of its places, their checks and
the open actions; the lists with their review dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Body
from registry import selectors as registry
from standards.models import Answer, Check, Remedy, RequirementList


@dataclass
class PlaceRow:
    """One place of the body on its board: its last finished check, one still open, and
    its open actions (overdue counted)."""

    touchpoint: Any
    last: Check | None = None
    open_check: Check | None = None
    remedies: list[Remedy] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.remedies if r.is_overdue())


def board(body: Body) -> list[PlaceRow]:
    """Every touchpoint of the body with its checks and open actions, in three queries."""
    rows = {t.pk: PlaceRow(t) for t in registry.touchpoints_list(body=body)}
    latest = (
        Check.objects.filter(touchpoint_id=OuterRef("touchpoint_id"), status=Check.Status.DONE)
        .order_by("-done_at", "-id")
        .values("id")[:1]
    )
    for check in Check.objects.filter(body=body).filter(
        Q(status=Check.Status.OPEN) | Q(id=Subquery(latest))
    ):  # the open one and the last finished one of each place, whatever the history
        row = rows.get(check.touchpoint_id)
        if row is None:
            continue
        if check.status == Check.Status.OPEN:
            row.open_check = check
        else:
            row.last = check
    for remedy in Remedy.objects.open().filter(body=body).select_related("owner"):
        if remedy.touchpoint_id in rows:
            rows[remedy.touchpoint_id].remedies.append(remedy)
    return list(rows.values())


def open_remedies(body: Body) -> QuerySet[Remedy]:
    return (
        Remedy.objects.open()
        .filter(body=body)
        .select_related("touchpoint", "owner", "opened_by")
        .order_by("due_on", "id")
    )


def current_lists() -> QuerySet[RequirementList]:
    return RequirementList.objects.filter(is_current=True).prefetch_related("requirements")


def lists_to_review(kinds: set[str], *, today: dt.date | None = None) -> list[RequirementList]:
    """The current lists of these kinds past their review date (R29)."""
    today = today or timezone.localdate()
    return list(
        RequirementList.objects.filter(is_current=True, kind__in=kinds, review_by__lt=today)
    )


def check_detail(pk: int) -> Check | None:
    return (
        Check.objects.select_related("touchpoint", "requirement_list", "started_by", "body")
        .prefetch_related(
            "requirement_list__requirements",
            Prefetch("answers", queryset=Answer.objects.select_related("requirement")),
        )
        .filter(pk=pk)
        .first()
    )


def remedy_detail(pk: int) -> Remedy | None:
    return (
        Remedy.objects.select_related("touchpoint", "owner", "opened_by", "closed_by")
        .filter(pk=pk)
        .first()
    )


def list_detail(pk: int) -> RequirementList | None:
    return RequirementList.objects.prefetch_related("requirements").filter(pk=pk).first()


@dataclass(frozen=True)
class LastCheck:
    """A place's last finished check as a citizen reads it."""

    done_at: dt.datetime
    kind: str
    met: int
    applicable: int
    not_met: list[str]


def last_check_of(touchpoint_id: int) -> LastCheck | None:
    check = (
        Check.objects.filter(touchpoint_id=touchpoint_id, status=Check.Status.DONE)
        .order_by("-done_at", "-id")
        .first()
    )
    if check is None or check.done_at is None:
        return None
    answers = list(check.answers.select_related("requirement"))
    applicable = [a for a in answers if a.result != Answer.Result.NA]
    return LastCheck(
        done_at=check.done_at,
        kind=check.get_kind_display(),
        met=sum(1 for a in applicable if a.result == Answer.Result.MET),
        applicable=len(applicable),
        not_met=[a.requirement.text for a in applicable if a.result == Answer.Result.NOT_MET],
    )


def owners_for(body_id: int) -> QuerySet[Any]:
    """Who may own an action: the body's active people who read its working material —
    not its integration systems."""
    from accounts.models import Role, User
    from accounts.roles import Cap, roles_with

    roles = [r for r in roles_with(Cap.READ) if r != Role.SYSTEM]
    return User.objects.filter(body_id=body_id, is_active=True, role__in=roles).order_by(
        "last_name", "username"
    )


def checks_of(body: Body, *, touchpoint_id: int | None = None, status: str = "") -> Any:
    checks = (
        Check.objects.filter(body=body)
        .select_related("requirement_list")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("requirement"))
        )
    )
    if touchpoint_id:
        checks = checks.filter(touchpoint_id=touchpoint_id)
    if status:
        checks = checks.filter(status=status)
    return checks
