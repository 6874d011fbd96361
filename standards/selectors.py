"""Reads of touchpoint standards (R29): a body's board of its places, their checks and
the open actions; the lists with their review dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, OuterRef, Prefetch, Q, QuerySet, Subquery
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
    #: When the place is to be checked next (the body's interval after its last check).
    due_on: dt.date | None = None

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.remedies if r.is_overdue())


#: A re-check due within this many days is "soon" on the board.
SOON_DAYS = 14


def board(body: Body) -> list[PlaceRow]:
    """Every touchpoint of the body with its checks and open actions, in three queries."""
    rows = {t.pk: PlaceRow(t) for t in registry.touchpoints_list(body=body)}
    latest = (
        Check.objects.filter(touchpoint_id=OuterRef("touchpoint_id"), status=Check.Status.DONE)
        .order_by("-done_at", "-id")
        .values("id")[:1]
    )
    for check in (
        Check.objects.filter(body=body)
        .select_related("assigned_to")
        .filter(Q(status=Check.Status.OPEN) | Q(id=Subquery(latest)))
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
    from standards.models import Evidence

    return (
        Check.objects.select_related(
            "touchpoint", "requirement_list", "started_by", "body", "assigned_to"
        )
        .prefetch_related(
            "requirement_list__requirements",
            Prefetch("answers", queryset=Answer.objects.select_related("requirement")),
            Prefetch("evidence", queryset=Evidence.objects.select_related("requirement")),
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
    from standards.models import Evidence

    checks = (
        Check.objects.filter(body=body)
        .select_related("requirement_list")
        .prefetch_related(
            "requirement_list__requirements",
            Prefetch("answers", queryset=Answer.objects.select_related("requirement")),
            Prefetch("evidence", queryset=Evidence.objects.select_related("requirement")),
        )
    )
    if touchpoint_id:
        checks = checks.filter(touchpoint_id=touchpoint_id)
    if status:
        checks = checks.filter(status=status)
    return checks


# --- the schedule --------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    touchpoint: Any
    due_on: dt.date
    last_done: dt.datetime | None


def checks_due(
    *, body: Body | None = None, today: dt.date | None = None, within_days: int = 0
) -> list[Due]:
    """Places whose re-check is due by ``today + within_days`` (R29): the body's interval
    after the last finished check, or at once for a place never checked. A place with a
    check under way is being checked and is not due."""
    from standards.models import Schedule

    today = today or timezone.localdate()
    intervals = dict(Schedule.objects.values_list("body_id", "every_days"))
    checks = Check.objects.filter(body=body) if body is not None else Check.objects.all()
    last = dict(
        checks.filter(status=Check.Status.DONE)
        .values("touchpoint_id")
        .annotate(last=Max("done_at"))
        .values_list("touchpoint_id", "last")
    )
    busy = set(checks.filter(status=Check.Status.OPEN).values_list("touchpoint_id", flat=True))
    kinds = set(RequirementList.objects.filter(is_current=True).values_list("kind", flat=True))
    found = []
    for place in registry.touchpoints_list(body=body):
        if place.pk in busy or place.kind not in kinds:
            continue
        every = intervals.get(place.body_id, Schedule.DEFAULT_DAYS)
        done = last.get(place.pk)
        due_on = timezone.localdate(done) + dt.timedelta(days=every) if done else today
        if due_on <= today + dt.timedelta(days=within_days):
            found.append(Due(place, due_on, done))
    return sorted(found, key=lambda d: (d.due_on, d.touchpoint.title))


def assigned_to(user: Any, *, status: str = "") -> QuerySet[Check]:
    """The checks assigned to one mystery shopper: open first, by their date."""
    checks = Check.objects.filter(assigned_to=user, body_id=user.body_id).select_related(
        "touchpoint"
    )
    if status:
        checks = checks.filter(status=status)
    return checks.order_by("-status", "due_on", "-started_at")


def evidence_detail(pk: int) -> Any:
    from standards.models import Evidence

    return Evidence.objects.select_related("check_ref", "requirement").filter(pk=pk).first()


# --- beside the ratings ------------------------------------------------------------------

#: Ratings read beside a check: those of this many days before it.
SIGNAL_DAYS = 180
#: Fewer ratings than this say nothing either way.
SIGNAL_MIN = 5
#: A driver named as what went wrong by at least this share of ratings is "low"; by at
#: most the second share of at least ``SIGNAL_MANY`` ratings, "high".
LOW_SHARE, HIGH_SHARE, SIGNAL_MANY = 0.2, 0.05, 20
#: «Ваш контроль» means (1–5) at or below / at or above these are low / high.
LOW_MEAN, HIGH_MEAN = 3.0, 4.5


@dataclass(frozen=True)
class Contradiction:
    """A check and the ratings of the same place disagree on one requirement (R29)."""

    code: str
    text: str
    result: str
    driver: str
    ratings: int
    complaints: int
    control_mean: float | None

    @property
    def check_says_met(self) -> bool:
        return self.result == Answer.Result.MET


def contradictions(check: Check) -> list[Contradiction]:
    """Where a finished check says «met» while the place's ratings on the matching driver
    are low, or «not met» while they are high (R29). Read over the ``SIGNAL_DAYS`` before
    the check; a driver with too few ratings flags nothing."""
    from feedback import selectors as feedback

    if check.done_at is None:
        return []
    signals = feedback.place_signals(
        check.touchpoint_id,
        since=check.done_at - dt.timedelta(days=SIGNAL_DAYS),
        until=check.done_at,
    )
    if signals.total < SIGNAL_MIN:
        return []
    found = []
    for answer in check.answers.all():
        driver = answer.requirement.driver
        signal = signals.drivers.get(driver) if driver else None
        if signal is None or answer.result == Answer.Result.NA:
            continue
        share = signal.complaints / signals.total
        has_mean = signal.control_mean is not None and signal.control_n >= SIGNAL_MIN
        low = share >= LOW_SHARE or (has_mean and signal.control_mean <= LOW_MEAN)  # type: ignore[operator]
        high = (
            has_mean and signal.control_mean >= HIGH_MEAN  # type: ignore[operator]
        ) or (not has_mean and signals.total >= SIGNAL_MANY and share <= HIGH_SHARE)
        if (answer.result == Answer.Result.MET and low) or (
            answer.result == Answer.Result.NOT_MET and high and not low
        ):
            found.append(
                Contradiction(
                    code=answer.requirement.code,
                    text=answer.requirement.text,
                    result=answer.result,
                    driver=driver,
                    ratings=signals.total,
                    complaints=signal.complaints,
                    control_mean=signal.control_mean if has_mean else None,
                )
            )
    return found


def shoppers_for(body_id: int) -> QuerySet[Any]:
    """The body's mystery shoppers a check can be assigned to."""
    from accounts.models import Role, User

    return User.objects.filter(body_id=body_id, role=Role.SHOPPER, is_active=True).order_by(
        "last_name", "username"
    )


def signals_of(check: Check) -> Any:
    """The place's ratings over the ``SIGNAL_DAYS`` before the check (or before today,
    for one still open), as the check page sets them beside it."""
    from feedback import selectors as feedback

    until = check.done_at or timezone.now()
    return feedback.place_signals(check.touchpoint_id, since=until - dt.timedelta(days=SIGNAL_DAYS))


@dataclass
class PlaceView:
    checks: list[Check]
    remedies: list[Remedy]
    signals: Any
    comments: list[Any]  # depersonalised
    contradictions: list[Contradiction]
    due: Due | None


def place_view(touchpoint: Any) -> PlaceView:
    """A place for its body: its checks, open actions, ratings and recent comments, and
    the contradictions of its last finished check (R29)."""
    from feedback import selectors as feedback

    checks = list(
        Check.objects.filter(touchpoint_id=touchpoint.pk)
        .select_related("assigned_to", "requirement_list")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("requirement"))
        )
        .order_by("-started_at", "-id")[:20]
    )
    last = next((c for c in checks if c.status == Check.Status.DONE), None)
    since = timezone.now() - dt.timedelta(days=SIGNAL_DAYS)
    comments = feedback.recent_comments(touchpoint.pk, since=since)
    due = next(
        (
            d
            for d in checks_due(body=touchpoint.body, within_days=3650)
            if d.touchpoint.pk == touchpoint.pk
        ),
        None,
    )
    return PlaceView(
        checks=checks,
        remedies=list(
            Remedy.objects.open().filter(touchpoint_id=touchpoint.pk).select_related("owner")
        ),
        signals=feedback.place_signals(touchpoint.pk, since=since),
        comments=comments,
        contradictions=contradictions(last) if last else [],
        due=due,
    )


def driver_rows(signals: Any) -> list[tuple[str, str, int]]:
    """The drivers named at least once, most named first, in the words of the form."""
    from feedback.selectors import driver_label

    rows = [
        (code, driver_label(code), s.complaints)
        for code, s in signals.drivers.items()
        if s.complaints
    ]
    return sorted(rows, key=lambda r: -r[2])


def summary(body: Body) -> dict[str, int]:
    """For the cabinet: places due for a check and actions past their date."""
    today = timezone.localdate()
    return {
        "due": len(checks_due(body=body, today=today)),
        "overdue": Remedy.objects.open().filter(body=body, due_on__lt=today).count(),
    }
