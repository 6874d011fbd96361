"""Reads of the inbox: the list with its clocks, one item with its history, template search
and the head's figures (R22, R23)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from feedback.selectors import LOW_SCORE as LOW_SCORE  # a low rating of an answer (R20)
from inbox.models import OPEN_STATUSES, Channel, Item, Kind, Template
from lib.jobs import Backlog
from lib.morph import lemmas
from registry.models import LifeSituationVersion


def _base() -> QuerySet[Item]:
    return Item.objects.select_related("body", "category", "assignee", "life_situation", "service")


def item_detail(*, pk: int) -> Item | None:
    return (
        _base()
        .select_related("received_by", "answered_by", "draft", "draft__approved_by")
        .prefetch_related("events")
        .filter(pk=pk)
        .first()
    )


def items_for_body(
    *,
    body_id: int,
    status: str = "",
    kind: str = "",
    channel: str = "",
    assignee_id: int | None = None,
    due: str = "",
    near_due_minutes: int = 30,
    now: dt.datetime | None = None,
) -> QuerySet[Item]:
    """The body's items, most urgent first: open ones by deadline, then the rest."""
    now = now or timezone.now()
    items = _base().filter(body_id=body_id)
    if status == "open":
        items = items.filter(status__in=OPEN_STATUSES)
    elif status:
        items = items.filter(status=status)
    if kind:
        items = items.filter(kind=kind)
    if channel:
        items = items.filter(channel=channel)
    if assignee_id:
        items = items.filter(assignee_id=assignee_id)
    if due == "approval":
        items = awaiting_approval(items)
    elif due == "overdue":
        items = items.filter(status__in=OPEN_STATUSES, due_at__lt=now)
    elif due == "soon":
        items = items.filter(
            status__in=OPEN_STATUSES,
            due_at__gte=now,
            due_at__lt=now + dt.timedelta(minutes=near_due_minutes),
        )
    return items.order_by("due_at", "id")


def clock(item: Item, *, now: dt.datetime, near_due_minutes: int) -> dict[str, object]:
    """How the deadline stands, for the badge next to an item (R22)."""
    if item.answered_at is not None:
        late = item.answered_at > item.due_at
        return {"state": "late" if late else "in_time", "minutes": None}
    if not item.is_open:
        return {"state": "closed", "minutes": None}
    minutes = int((item.due_at - now).total_seconds() // 60)
    if minutes < 0:
        return {"state": "overdue", "minutes": -minutes}
    if minutes < near_due_minutes:
        return {"state": "soon", "minutes": minutes}
    return {"state": "ok", "minutes": minutes}


@dataclass(frozen=True)
class TemplateHit:
    """A template answer, or a published reason why a need cannot be met (R4, R23)."""

    title: str
    text: str
    source: str
    template_id: int | None = None


def templates_search(*, body_id: int, query: str = "", limit: int = 20) -> list[TemplateHit]:
    """The body's templates and the published "cannot be met" reasons matching every word."""
    words = lemmas(query)
    templates = Template.objects.filter(body_id=body_id)
    versions = (
        LifeSituationVersion.objects.public()
        .filter(
            Q(life_situation__owner_body_id=body_id)
            | Q(life_situation__steps__service__body_id=body_id)
        )
        .distinct()
    )
    for word in words:
        templates = templates.filter(search_document__contains=f" {word} ")
    hits = [
        TemplateHit(t.title, t.text, t.life_situation.title if t.life_situation else "", t.pk)
        for t in templates.select_related("life_situation").order_by("-times_used", "title")[:limit]
    ]
    for version in versions:
        for need in version.snapshot.get("needs", []):
            if need.get("status") != "cannot" or not need.get("reason"):
                continue
            haystack = set(lemmas(f"{need['title']} {need['reason']} {version.snapshot['title']}"))
            if all(w in haystack for w in words):
                hits.append(
                    TemplateHit(need["title"], need["reason"], version.snapshot["title"], None)
                )
    return hits[:limit]


@dataclass(frozen=True)
class Share:
    label: str
    answered: int
    in_time: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.in_time / self.answered) if self.answered else None


@dataclass(frozen=True)
class Stats:
    since: dt.date
    answered: int
    in_time_share: Share
    by_kind: list[Share]
    by_channel: list[Share]
    median_minutes: float | None
    readability_by_week: list[tuple[dt.date, float, int]]
    overdue_now: list[Item]
    open_now: int
    #: The clients' ratings of the answers rated in the period (1–5): how many, the mean,
    #: and how many were low and opened their item again.
    rated: int = 0
    rating_mean: float | None = None
    rated_low: int = 0


def stats_for_body(*, body_id: int, days: int = 28, now: dt.datetime | None = None) -> Stats:
    """The head's figures (R22, R23): share answered in time per kind and channel, median
    time to answer, readability of sent answers by week, overdue items now."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=days)
    rows = list(
        Item.objects.filter(body_id=body_id, answered_at__gte=since).values_list(
            "kind", "channel", "received_at", "answered_at", "due_at", "answer_reading_ease"
        )
    )

    def share(label: str, selected: list[tuple[Any, ...]]) -> Share:
        return Share(label, len(selected), sum(1 for r in selected if r[3] <= r[4]))

    by_kind = [share(str(k.label), [r for r in rows if r[0] == k.value]) for k in Kind]
    by_channel = [share(str(c.label), [r for r in rows if r[1] == c.value]) for c in Channel]
    minutes = [(r[3] - r[2]).total_seconds() / 60 for r in rows if r[3] is not None]
    weeks: dict[dt.date, list[float]] = {}
    for r in rows:
        if r[5] is None:
            continue
        day = timezone.localtime(r[3]).date()
        weeks.setdefault(day - dt.timedelta(days=day.weekday()), []).append(r[5])
    overdue = list(
        _base()
        .filter(body_id=body_id, status__in=OPEN_STATUSES, due_at__lt=now)
        .order_by("due_at")[:50]
    )
    return Stats(
        since=timezone.localtime(since).date(),
        answered=len(rows),
        in_time_share=share("", rows),
        by_kind=[s for s in by_kind if s.answered],
        by_channel=[s for s in by_channel if s.answered],
        median_minutes=round(statistics.median(minutes), 1) if minutes else None,
        readability_by_week=[
            (week, round(statistics.mean(vals), 1), len(vals))
            for week, vals in sorted(weeks.items())
        ],
        overdue_now=overdue,
        open_now=Item.objects.filter(body_id=body_id, status__in=OPEN_STATUSES).count(),
        **_answer_ratings(body_id, since),
    )


def _answer_ratings(body_id: int, since: dt.datetime) -> dict[str, Any]:
    scores = [
        score
        for score in Item.objects.filter(body_id=body_id, answer_rated_at__gte=since).values_list(
            "answer_score", flat=True
        )
        if score is not None
    ]
    return {
        "rated": len(scores),
        "rating_mean": round(statistics.mean(scores), 1) if scores else None,
        "rated_low": sum(1 for s in scores if s < LOW_SCORE),
    }


def awaiting_approval(items: QuerySet[Item]) -> QuerySet[Item]:
    """Open items whose answer waits for the head (R23): approval asked for, and not
    given since — an approval of an earlier text does not count."""
    return items.filter(
        status__in=OPEN_STATUSES, draft__approval_requested_at__isnull=False
    ).filter(
        Q(draft__approved_at__isnull=True)
        | Q(draft__approved_at__lt=F("draft__approval_requested_at"))
    )


def inbox_summary(*, body_id: int) -> dict[str, int]:
    """Open, overdue and waiting-for-approval counts of a body's inbox, for the cabinet of
    those who read it."""
    open_items = Item.objects.filter(body_id=body_id, status__in=OPEN_STATUSES)
    return {
        "open": open_items.count(),
        "overdue": open_items.filter(due_at__lt=timezone.now()).count(),
        "awaiting_approval": awaiting_approval(open_items).count(),
    }


def escalation_backlog() -> Backlog:
    """Open items past their deadline whose heads have not been told yet."""
    return Backlog.of(
        Item.objects.filter(
            status__in=OPEN_STATUSES, due_at__lt=timezone.now(), escalated_at__isnull=True
        ),
        "due_at",
    )


def items_of_client(client: User) -> QuerySet[Item]:
    """The appeals a client wrote that reached the platform with their confirmed СНИЛС,
    for their history: their own words and the answer, nothing of the bodies' work. Only
    those linked by the number the account holds confirmed now (a number changed or a
    confirmation undone takes the old number's appeals away, as it does events)."""
    from proactive.selectors import confirmed_snils

    digits = confirmed_snils(client)
    if not digits:
        return Item.objects.none()
    return (
        Item.objects.filter(client=client, client_snils=digits)
        .select_related("body")
        .only(
            "pk",
            "received_at",
            "text",
            "answered_at",
            "answer_text",
            "body__short_name",
            "body__name",
        )
        .order_by("-received_at")
    )


@dataclass(frozen=True)
class ChannelAnswers:
    """How a body answered on some channels over a period (R22): of the items whose
    time is up or that were answered, how many got an answer and how many in time; of
    the answers, how many read easily enough for the body's own threshold."""

    due: int
    answered: int
    in_time: int
    easy: int
    measured: int


def channel_answers(
    *, body_id: int, channels: list[str], since: dt.datetime, now: dt.datetime | None = None
) -> ChannelAnswers:
    from inbox.models import AnswerPolicy

    now = now or timezone.now()
    policy = AnswerPolicy.objects.filter(body_id=body_id).first() or AnswerPolicy()
    rows: list[tuple[Any, Any, Any]] = list(
        Item.objects.filter(body_id=body_id, channel__in=channels, received_at__gte=since)
        # answered, or still waiting past its time; one closed unanswered (spam, a
        # duplicate) was nobody's to answer
        .filter(Q(answered_at__isnull=False) | Q(due_at__lt=now, status__in=OPEN_STATUSES))
        .values_list("answered_at", "due_at", "answer_reading_ease")
    )
    answered = [r for r in rows if r[0] is not None]
    eases = [r[2] for r in answered if r[2] is not None]
    return ChannelAnswers(
        due=len(rows),
        answered=len(answered),
        in_time=sum(1 for r in answered if r[0] <= r[1]),
        easy=sum(1 for e in eases if e >= float(policy.min_reading_ease)),
        measured=len(eases),
    )


#: The kinds of item counted together as «social»: comments, mentions, messages, bots.
SOCIAL_KINDS = (Kind.COMMENT, Kind.MENTION, Kind.MESSAGE, Kind.CHATBOT)


def _standard_due() -> Any:
    """Each item's deadline by the standard or the law, whatever shorter one its body set
    (R22, 59-ФЗ): what indicators compare bodies on."""
    from django.db.models import Case, DateTimeField, ExpressionWrapper, Value, When

    from inbox.models import STANDARD_MINUTES, WRITTEN, WRITTEN_CHANNELS

    def plus(minutes: int) -> Any:
        return ExpressionWrapper(
            F("received_at") + Value(dt.timedelta(minutes=minutes)),
            output_field=DateTimeField(),
        )

    return Case(
        When(kind=Kind.APPEAL, channel__in=WRITTEN_CHANNELS, then=plus(STANDARD_MINUTES[WRITTEN])),
        *(When(kind=kind, then=plus(STANDARD_MINUTES[kind])) for kind in Kind.values),
        output_field=DateTimeField(),
    )


@dataclass(frozen=True)
class InTime:
    decided: int  # answered, or still open past the standard's term
    on_time: int  # answered within it


def in_time_by_quarter(
    *, body_id: int, since: dt.datetime, now: dt.datetime
) -> dict[tuple[dt.date, str], InTime]:
    """Per quarter of receipt (the current time zone) and group («appeal», «social»): the
    items decided and those answered in the standard's term — one query, whatever the
    number of items. An item closed unanswered before its term ran out counts in neither
    (spam, a duplicate); the body's own shorter deadline is its target, not this count."""
    from django.db.models import Case, CharField, Count, Value, When
    from django.db.models.functions import TruncQuarter

    rows = (
        Item.objects.filter(body_id=body_id, received_at__gte=since)
        .annotate(
            due=_standard_due(),
            quarter=TruncQuarter("received_at"),
            group=Case(
                When(kind=Kind.APPEAL, then=Value("appeal")),
                When(kind__in=SOCIAL_KINDS, then=Value("social")),
                output_field=CharField(),
            ),
        )
        .values("quarter", "group")
        .annotate(
            decided=Count(
                "id",
                filter=Q(answered_at__isnull=False) | Q(due__lt=now, status__in=OPEN_STATUSES),
            ),
            on_time=Count("id", filter=Q(answered_at__lte=F("due"))),
        )
        .order_by()
    )
    return {(_day(r["quarter"]), r["group"]): InTime(r["decided"], r["on_time"]) for r in rows}


def _day(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@dataclass(frozen=True)
class Median:
    """Days to answer a written appeal (59-ФЗ) in one quarter: the median with a
    distribution-free 95 % interval (order statistics); an appeal still unanswered counts
    with the days it has waited so far, so ``at_least`` says the median is a lower bound."""

    n: int
    days: float | None
    low: float | None
    high: float | None
    at_least: bool


def _days_at(rows: list[Any], index: int) -> float:
    duration = rows[min(index, len(rows) - 1)][0]
    return float(duration.total_seconds()) / 86400


def answer_days_by_quarter(
    *, body_id: int, quarters: list[tuple[dt.datetime, dt.datetime]], now: dt.datetime
) -> list[Median]:
    """One count query and one short slice per span (a quarter, or a year of them): never
    every appeal in memory."""
    import math

    from django.db.models import Count, DateTimeField, DurationField, ExpressionWrapper, Value
    from django.db.models.functions import Coalesce, TruncQuarter

    from inbox.models import WRITTEN_CHANNELS

    written = Item.objects.filter(
        body_id=body_id, kind=Kind.APPEAL, channel__in=WRITTEN_CHANNELS
    ).filter(Q(answered_at__isnull=False) | Q(status__in=OPEN_STATUSES))
    counts = {
        _day(r["quarter"]): r["n"]
        for r in written.filter(received_at__gte=quarters[0][0], received_at__lt=quarters[-1][1])
        .annotate(quarter=TruncQuarter("received_at"))
        .values("quarter")
        .annotate(n=Count("id"))
        .order_by()
    }
    waited = ExpressionWrapper(
        Coalesce(F("answered_at"), Value(now, output_field=DateTimeField())) - F("received_at"),
        output_field=DurationField(),
    )
    found = []
    for start, end in quarters:
        first, after = timezone.localtime(start).date(), timezone.localtime(end).date()
        n = sum(
            count for day, count in counts.items() if first <= day < after
        )  # a span of quarters
        half = 0.98 * math.sqrt(n)  # 1.96 / 2 · √n: the ranks bounding the median at 95 %
        low_rank = max(1, math.floor(n / 2 - half))
        high_rank = max(1, min(n, math.ceil(n / 2 + 1 + half)))
        mid = max(1, (n + 1) // 2)
        # the slice runs for every quarter, empty or not: the page's queries stay the same
        rows = list(
            written.filter(received_at__gte=start, received_at__lt=end)
            .annotate(waited=waited)
            .order_by("waited", "id")
            .values_list("waited", "answered_at")[low_rank - 1 : high_rank]
        )
        if not rows:
            found.append(Median(n, None, None, None, False))
            continue

        found.append(
            Median(
                n,
                _days_at(rows, mid - low_rank),
                _days_at(rows, 0),
                _days_at(rows, high_rank - low_rank),
                rows[min(mid - low_rank, len(rows) - 1)][1] is None,
            )
        )
    return found
