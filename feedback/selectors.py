"""Reads of the feedback figures: monthly aggregates plus the few ratings not rolled up yet,
so every figure is exact and its cost depends on the number of groups, not of ratings.
What each figure is comes from ``feedback.figures``; this module picks the rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Body, User
from feedback import instrument
from feedback.figures import AGGREGATE_DIMENSIONS, SUM_FIELDS, grouped_sums
from feedback.figures import Figures as Figures  # other apps read it through the selectors
from feedback.instrument import DRIVER_CODES as DRIVER_CODES  # the drivers' stable codes
from feedback.instrument import LOW_SCORE as LOW_SCORE  # what other apps count as low
from feedback.models import (
    Case,
    Change,
    Channel,
    Delivery,
    MonthlyAggregate,
    MonthlyMarginal,
    Rating,
    RatingPoint,
    Verdict,
    Volume,
)
from feedback.stats import PUBLISH_MIN as PUBLISH_MIN  # the one suppression threshold (R20)
from feedback.stats import mean_ci as mean_ci  # intervals, read through the selectors
from feedback.stats import months_back as months_back  # read through the selectors
from feedback.stats import share_ci as share_ci
from lib.jobs import Backlog
from registry.models import ClientKind, LifeSituation, Service, Touchpoint

#: What the figures can be grouped by.
DIMENSIONS = (
    "service",
    "life_situation",
    "touchpoint",
    "channel",
    "segment",
    "month",
    "body",
    "client_kind",
)

#: The external id of an invitation to rate an answer to an appeal (``inbox`` makes them,
#: ``inbox:<item>:<answer number>``): its page asks «Помог ли ответ?».
ANSWER_PREFIX = "inbox:"


@dataclass
class Filters:
    body_id: int | None = None
    service_id: int | None = None
    life_situation_id: int | None = None
    touchpoint_id: int | None = None
    channel: str = ""
    segment_id: int | None = None
    client_kind: str = ""
    month_from: dt.date | None = None
    month_to: dt.date | None = None  # inclusive (first day of the month)

    def _same_dimensions(self) -> dict[str, Any]:
        """Conditions on the columns ratings and aggregates share."""
        names = ("body_id", "service_id", "life_situation_id", "touchpoint_id", "segment_id")
        found: dict[str, Any] = {n: getattr(self, n) for n in names if getattr(self, n) is not None}
        if self.channel:
            found["channel"] = self.channel
        if self.client_kind:
            found["client_kind"] = self.client_kind
        return found

    def by_body_only(self) -> bool:
        """Whether nothing but the body and the period narrows these figures."""
        return self._same_dimensions().keys() <= {"body_id"}

    def marginals(self, dimension: str) -> QuerySet[MonthlyMarginal]:
        qs = MonthlyMarginal.objects.filter(dimension=dimension)
        if self.body_id is not None:
            qs = qs.filter(body_id=self.body_id)
        if self.month_from:
            qs = qs.filter(month__gte=self.month_from)
        if self.month_to:
            qs = qs.filter(month__lte=self.month_to)
        return qs

    def aggregates(self) -> QuerySet[MonthlyAggregate]:
        qs = MonthlyAggregate.objects.filter(**self._same_dimensions())
        if self.month_from:
            qs = qs.filter(month__gte=self.month_from)
        if self.month_to:
            qs = qs.filter(month__lte=self.month_to)
        return qs

    def ratings(self) -> QuerySet[Rating]:
        """The ratings that count (not excluded, not caught by the honeypot)."""
        qs = Rating.objects.filter(excluded=False, **self._same_dimensions()).exclude(
            verdict=Verdict.HONEYPOT
        )
        if self.month_from:
            qs = qs.filter(created_at__gte=_start(self.month_from))
        if self.month_to:
            qs = qs.filter(created_at__lt=_start(_next_month(self.month_to)))
        return qs


def _next_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _start(month: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(month.replace(day=1), dt.time.min))


def _typed(dimension: str, value: Any) -> Any:
    """A marginal's text value as the aggregates' column would give it."""
    if not isinstance(value, str) or dimension in ("channel", "client_kind"):
        return value
    return int(value) if value else None


def _column(dimension: str) -> str:
    return dimension if dimension in ("channel", "client_kind", "month") else f"{dimension}_id"


Dimensions = str | tuple[str, ...] | None


def tail(filters: Filters) -> list[dict[str, Any]]:
    """Sums of the ratings not rolled up yet, per month and every dimension (one query):
    a page that shows several groupings reads it once and passes it on as ``unrolled``."""
    return grouped_sums(filters.ratings().filter(rolled=False), "month", *AGGREGATE_DIMENSIONS)


def figures(
    filters: Filters, by: Dimensions = None, unrolled: list[dict[str, Any]] | None = None
) -> list[Figures]:
    """Figures per group of ``by`` — one of DIMENSIONS, a tuple of them (the key is then a
    tuple), or None for the total — exact: the aggregates' sums plus the ratings not
    rolled up yet (``unrolled``: their ``tail``, when the caller has read it already)."""
    dims = () if by is None else (by,) if isinstance(by, str) else by
    if any(d not in DIMENSIONS for d in dims):
        raise ValueError(by)

    def key_of(values: tuple[Any, ...]) -> Any:
        return values if isinstance(by, tuple) else values[0] if values else None

    groups: dict[Any, Figures] = {}
    sums = {s: Sum(s) for s in SUM_FIELDS}
    others = [d for d in dims if d not in ("month", "body")]
    if filters.by_body_only() and len(others) <= 1:
        # At most one dimension besides body and month: the marginals, a few hundred rows.
        qs: QuerySet[Any] = filters.marginals(others[0] if others else "total")
        names = tuple(d if d in ("month", "body") else "value" for d in dims)
    else:
        qs, names = filters.aggregates(), dims
    rows = list(qs.values(*names).annotate(**sums)) if dims else [qs.aggregate(**sums)]
    for row in rows:
        if row["n"] is not None:
            key = key_of(tuple(_typed(d, row[name]) for d, name in zip(dims, names, strict=True)))
            groups[key] = Figures(key, {s: int(row[s] or 0) for s in SUM_FIELDS})
    # The tail: ratings not rolled up yet (normally seconds' worth), summed the same way.
    columns = [_column(d) for d in dims]
    pending: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    if unrolled is None:  # only this grouping: a few rows, not one per combination
        unrolled = grouped_sums(filters.ratings().filter(rolled=False), *columns)
    for row in unrolled:
        pending[key_of(tuple(row[c] for c in columns))].append(row)
    for key, rows_of_key in pending.items():
        group = groups.setdefault(key, Figures(key))
        for name in SUM_FIELDS:
            group.sums[name] += sum(row[name] for row in rows_of_key)
    return sorted(groups.values(), key=lambda f: (-f.n, str(f.key)))


def label(rows: list[Figures], by: str) -> list[Figures]:
    """Give each group the name a person reads (service title, touchpoint, month…)."""
    keys = [r.key for r in rows if r.key is not None]
    names: dict[Any, str] = {}
    if by == "service":
        names = dict(Service.objects.filter(pk__in=keys).values_list("pk", "title"))
    elif by == "life_situation":
        names = dict(LifeSituation.objects.filter(pk__in=keys).values_list("pk", "title"))
    elif by == "touchpoint":
        names = dict(Touchpoint.objects.filter(pk__in=keys).values_list("pk", "title"))
    elif by == "channel":
        names = {k: str(v) for k, v in Channel.choices}
    elif by == "client_kind":
        names = {k: str(v) for k, v in ClientKind.choices}
    elif by == "segment":
        from segments.models import Segment

        names = dict(Segment.objects.filter(pk__in=keys).values_list("pk", "name"))
    elif by == "month":
        names = {k: k.strftime("%m.%Y") for k in keys}
    elif by == "body":
        names = dict(Body.objects.filter(pk__in=keys).values_list("pk", "name"))
    missing = _("без точки") if by == "touchpoint" else _("не указано")
    for row in rows:
        row.label = names.get(row.key, missing)
    return rows


def grouped(
    filters: Filters, by: str, unrolled: list[dict[str, Any]] | None = None
) -> list[Figures]:
    """Labelled figures per group; months in calendar order, other groups largest first."""
    rows = label(figures(filters, by, unrolled), by)
    return sorted(rows, key=lambda r: r.key) if by == "month" else rows


def total(filters: Filters, unrolled: list[dict[str, Any]] | None = None) -> Figures:
    found = figures(filters, None, unrolled)
    return found[0] if found else Figures(None)


def comments(
    filters: Filters, *, tone: int | None = None, driver: str = "", low_only: bool = False
) -> QuerySet[Rating]:
    qs = (
        filters.ratings()
        .exclude(comment="")
        .select_related("service", "life_situation", "touchpoint", "case")
        .order_by("-created_at", "-id")
    )
    if tone is not None:
        qs = qs.filter(tone=tone)
    if driver in instrument.DRIVER_CODES:
        bit = 1 << instrument.DRIVER_CODES.index(driver)
        ids = [m for m in range(1 << len(instrument.DRIVER_CODES)) if m & bit]
        qs = qs.filter(drivers__in=ids)
    if low_only:
        qs = qs.filter(csat__lt=instrument.LOW_SCORE)
    return qs


def response_rates(
    filters: Filters, by_touchpoint: list[Figures] | None = None
) -> list[dict[str, Any]]:
    """Per touchpoint: served, offered, rated and the real response rate
    (``by_touchpoint``: the figures per touchpoint, when the caller has them already)."""
    volumes = (
        Volume.objects.filter(body_id=filters.body_id) if filters.body_id else Volume.objects.all()
    )
    if filters.month_from:
        volumes = volumes.filter(month__gte=filters.month_from)
    if filters.month_to:
        volumes = volumes.filter(month__lte=filters.month_to)
    if filters.touchpoint_id:
        volumes = volumes.filter(touchpoint_id=filters.touchpoint_id)
    # A touchpoint's month is counted once: its total where the body entered one, else
    # the sum of what it entered per service there.
    totals: dict[tuple[int, dt.date], tuple[int, int]] = {}
    by_service: dict[tuple[int, dt.date], list[int]] = defaultdict(lambda: [0, 0])
    titles: dict[int, str] = {}
    for v in volumes.select_related("touchpoint"):
        titles[v.touchpoint_id] = v.touchpoint.title
        if v.service_id is None:
            totals[(v.touchpoint_id, v.month)] = (v.served, v.offered)
        else:
            by_service[(v.touchpoint_id, v.month)][0] += v.served
            by_service[(v.touchpoint_id, v.month)][1] += v.offered
    served: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for key in totals.keys() | by_service.keys():
        s, o = totals.get(key) or by_service[key]
        served[key[0]][0] += s
        served[key[0]][1] += o
    if by_touchpoint is None:
        by_touchpoint = figures(filters, "touchpoint")
    rated = {f.key: f.n for f in by_touchpoint}
    return [
        {
            "touchpoint": titles[tp],
            "served": s,
            "offered": o,
            "rated": rated.get(tp, 0),
            "rate": rated.get(tp, 0) / o if o else None,
        }
        for tp, (s, o) in sorted(served.items(), key=lambda kv: titles[kv[0]])
    ]


def cases_for_body(body_id: int, *, status: str = "") -> QuerySet[Case]:
    qs = Case.objects.filter(body_id=body_id).select_related(
        "rating", "rating__service", "rating__life_situation", "rating__touchpoint"
    )
    return qs.filter(status=status) if status else qs


def changes_for(
    *,
    service_id: int | None = None,
    life_situation_id: int | None = None,
    body_id: int | None = None,
) -> QuerySet[Change]:
    qs = Change.objects.select_related("service", "life_situation").annotate(
        linked=Count("ratings")
    )
    if service_id:
        qs = qs.filter(service_id=service_id)
    if life_situation_id:
        qs = qs.filter(life_situation_id=life_situation_id)
    if body_id:
        qs = qs.filter(body_id=body_id)
    return qs


#: Published pages and open data show this many months (R20).
PUBLIC_MONTHS = 12


def published_period(filters: Filters) -> Filters:
    filters.month_from, filters.month_to = months_back(PUBLIC_MONTHS)
    return filters


def rollup_backlog() -> Backlog:
    """Ratings not yet rolled into the monthly aggregates, for the operator page."""
    return Backlog.of(Rating.objects.filter(rolled=False), "created_at")


def deliveries_backlog() -> Backlog:
    """Webhook calls due or waiting for a retry."""
    return Backlog.of(Delivery.objects.filter(status=Delivery.Status.PENDING), "created_at")


def ratings_of_deliveries(client: User, delivered: set[tuple[int, int]]) -> list[Rating]:
    """The client's ratings through the platform's own invitations for the deliveries in
    ``delivered`` — (event, service) pairs the client sees now — newest first, with the
    body's answer to a low one (R20). A rating tied to the account some other way (an
    invitation a system made by СНИЛС, a number the account no longer holds) is left
    out: who opened that link is not certain (152-ФЗ)."""
    found = []
    for rating in (
        Rating.objects.filter(client=client, invitation__external_id__startswith="proactive:")
        .select_related("service", "life_situation", "touchpoint", "case", "invitation")
        .order_by("-created_at")
    ):
        assert rating.invitation is not None  # the filter above
        _prefix, event, service = [*rating.invitation.external_id.split(":"), "", ""][:3]
        if event.isdigit() and service.isdigit() and (int(event), int(service)) in delivered:
            found.append(rating)
    return found


@dataclass(frozen=True)
class InvitedRating:
    """A rating through one of the platform's own invitations, as the app that asked for
    it reads it back: what it rated (``external_id``), the score, when."""

    rating_id: int
    external_id: str
    csat: int
    created_at: dt.datetime
    #: The client's own words with the score (may be empty).
    comment: str = ""
    #: The body whose invitation it was: only its own items take the rating.
    body_id: int | None = None


def ratings_by_invitation(prefix: str, *, since: dt.datetime) -> list[InvitedRating]:
    """Ratings made since ``since`` through invitations whose ``external_id`` starts with
    ``prefix`` (``"inbox:"``: the answers to appeals), oldest first; only those that count
    in the figures (``Rating.counts``: not excluded, not a spam trap's)."""
    rows = (
        Rating.objects.filter(  # the invitations used lately first: their index is small
            invitation__used_at__gte=since,
            invitation__external_id__startswith=prefix,
            created_at__gte=since,
            excluded=False,
        )
        .exclude(verdict=Verdict.HONEYPOT)
        .order_by("created_at", "id")
        .values_list(
            "pk", "invitation__external_id", "csat", "created_at", "comment", "invitation__body_id"
        )
    )
    return [
        InvitedRating(pk, external_id or "", csat, at, comment or "", body_id)
        for pk, external_id, csat, at, comment, body_id in rows
    ]


#: The form asks what went wrong below this score: a driver named on a higher one is not
#: a complaint.
DRIVERS_BELOW = 4
#: «Ваш контроль» criterion asked about the same thing as a driver.
CONTROL_OF_DRIVER = {
    "queue": "wait_queue",
    "premises": "comfort",
    "staff": "courtesy",
    "information": "availability",
    "time": "wait_result",
}


@dataclass(frozen=True)
class DriverSignal:
    """What the ratings of one place say on one driver: how many named it as what went
    wrong, and the mean of the matching «Ваш контроль» criterion where asked."""

    complaints: int
    control_mean: float | None
    control_n: int


@dataclass(frozen=True)
class PlaceSignals:
    total: int
    mean: float | None
    widgets: int
    drivers: dict[str, DriverSignal]


def place_signals(
    touchpoint_id: int, *, since: dt.datetime, until: dt.datetime | None = None
) -> PlaceSignals:
    """The ratings of one touchpoint over a period (those that count), read driver by
    driver — a driver counts as a complaint on a low rating only; and how many rating
    points (widgets, QR codes) take ratings there now."""
    ratings = Rating.objects.filter(
        touchpoint_id=touchpoint_id, created_at__gte=since, excluded=False
    ).exclude(verdict=Verdict.HONEYPOT)
    if until is not None:
        ratings = ratings.filter(created_at__lt=until)
    rows = list(ratings.values_list("csat", "drivers", "control"))
    drivers: dict[str, DriverSignal] = {}
    for i, code in enumerate(instrument.DRIVER_CODES):
        criterion = CONTROL_OF_DRIVER.get(code)
        scores = [
            int(control[criterion])
            for _csat, _mask, control in rows
            if criterion and isinstance(control, dict) and control.get(criterion)
        ]
        drivers[code] = DriverSignal(
            complaints=sum(
                1 for csat, mask, _control in rows if mask & (1 << i) and csat < DRIVERS_BELOW
            ),
            control_mean=round(sum(scores) / len(scores), 2) if scores else None,
            control_n=len(scores),
        )
    return PlaceSignals(
        total=len(rows),
        mean=round(sum(r[0] for r in rows) / len(rows), 2) if rows else None,
        widgets=RatingPoint.objects.filter(touchpoint_id=touchpoint_id, is_active=True).count(),
        drivers=drivers,
    )


def driver_label(code: str) -> str:
    """What went wrong, as the rating form says it."""
    return str(instrument.DRIVERS_BY_CODE[code].bad)


def driver_choices() -> list[tuple[str, str]]:
    """Every driver as a choice: its code and what went wrong, as the form says it."""
    return [(d.code, str(d.bad)) for d in instrument.DRIVERS]


@dataclass(frozen=True)
class Comment:
    created_at: dt.datetime
    csat: int
    text: str


def recent_comments(touchpoint_id: int, *, since: dt.datetime, limit: int = 10) -> list[Comment]:
    """The latest comments on one touchpoint, depersonalised (152-ФЗ): as staff read them."""
    from feedback.privacy import depersonalise

    rows = (
        Rating.objects.filter(touchpoint_id=touchpoint_id, created_at__gte=since, excluded=False)
        .exclude(verdict=Verdict.HONEYPOT)
        .exclude(comment="")
        .order_by("-created_at", "-id")
        .values_list("created_at", "csat", "comment")[:limit]
    )
    return [Comment(at, csat, depersonalise(text)) for at, csat, text in rows]


def figures_by_month(*, body_id: int, month_from: dt.date, month_to: dt.date) -> list[Figures]:
    """The body's figures per calendar month over a span (the indicators sum months into
    quarters: every figure is kept as additive sums)."""
    return figures(Filters(body_id=body_id, month_from=month_from, month_to=month_to), by="month")


def figures_sum(key: Any, parts: list[Figures]) -> Figures:
    """One group's figures from the sums of several (months into a quarter)."""
    from feedback.figures import SUM_FIELDS

    total = Figures(key)
    for part in parts:
        for name in SUM_FIELDS:
            total.sums[name] += part.sums[name]
    return total


def figures_by_body(*, month_from: dt.date, month_to: dt.date) -> list[Figures]:
    """Every body's figures over a span of months, labelled with its name."""
    return label(figures(Filters(month_from=month_from, month_to=month_to), by="body"), "body")


def figures_of_body_by(
    *, body_id: int, month_from: dt.date, month_to: dt.date, by: str
) -> list[Figures]:
    """The body's figures over a span of months per service or per touchpoint, labelled."""
    filters = Filters(body_id=body_id, month_from=month_from, month_to=month_to)
    return label(figures(filters, by=by), by)


#: Whole months before and after a change that its effect is read over.
EFFECT_MONTHS = 3


@dataclass(frozen=True)
class Effect:
    """A "you said — we did" change with the satisfaction of its service or life situation
    in the ``EFFECT_MONTHS`` whole months before the month it was done and the as many
    after it (the month itself mixes both and is left out)."""

    change: Change
    before: Figures
    after: Figures
    #: The first day after the months "after" is read over: until then it is not complete.
    after_until: dt.date


def _quarter_start(month: dt.date) -> dt.date:
    """The first month of the quarter ``month`` is in."""
    return month.replace(month=(month.month - 1) // 3 * 3 + 1)


def _month_add(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def changes_with_effect(*, body_id: int, year: int) -> list[Effect]:
    """The body's changes done in ``year``, oldest first, each with its before and after
    (``Effect``): three grouped queries, whatever the number of changes and ratings."""
    done = list(
        changes_for(body_id=body_id)
        .filter(done_on__year=year)
        .filter(Q(service__isnull=False) | Q(life_situation__isnull=False))
        .order_by("done_on", "id")
    )
    if not done:
        return []
    span = Filters(
        body_id=body_id,
        month_from=_month_add(dt.date(year, 1, 1), -EFFECT_MONTHS),
        month_to=_month_add(dt.date(year, 12, 1), EFFECT_MONTHS),
    )
    by = {
        "service": {f.key: f for f in figures(span, ("service", "month"))},
        "life_situation": {f.key: f for f in figures(span, ("life_situation", "month"))},
    }

    def window(dimension: str, key: int, first: dt.date) -> Figures:
        months = [_month_add(first, i) for i in range(EFFECT_MONTHS)]
        found = [by[dimension].get((key, m)) for m in months]
        return figures_sum(first, [f for f in found if f is not None])

    effects = []
    for change in done:
        dimension = "service" if change.service_id else "life_situation"
        key = change.service_id or change.life_situation_id
        assert key is not None  # the query takes only changes with one of them
        month = change.done_on.replace(day=1)
        effects.append(
            Effect(
                change,
                window(dimension, key, _month_add(month, -EFFECT_MONTHS)),
                window(dimension, key, _month_add(month, 1)),
                _month_add(month, 1 + EFFECT_MONTHS),
            )
        )
    return effects


@dataclass
class ServiceMonth:
    """One service of one body in one month: clients served and offered the rating (the
    volumes the body entered) and the ratings received, as A-11 §280 reports them."""

    body_id: int
    service_id: int
    month: dt.date
    served: int | None = None  # None: the body entered no volume for it
    offered: int | None = None
    rated: int = 0
    satisfied: int = 0


def services_by_month(*, month_from: dt.date, month_to: dt.date) -> list[ServiceMonth]:
    """Every body's services per month over a span: volumes and ratings, two grouped
    queries (the ratings from the marginals) whatever the number of rows. A service is
    counted under its own body, as its ratings are, also where another body's touchpoint
    (an МФЦ) delivered it."""
    found: dict[tuple[int, int, dt.date], ServiceMonth] = {}
    volumes = (  # a service is its body's, wherever it was delivered (an МФЦ's window too)
        Volume.objects.filter(month__gte=month_from, month__lte=month_to, service__isnull=False)
        .values("service__body_id", "service_id", "month")
        .annotate(served=Sum("served"), offered=Sum("offered"))
        .order_by()
    )
    for v in volumes:
        key = (v["service__body_id"], v["service_id"], v["month"])
        found[key] = ServiceMonth(*key, served=v["served"], offered=v["offered"])
    span = Filters(month_from=month_from, month_to=month_to)
    for f in figures(span, ("body", "service", "month")):
        body_id, service_id, month = f.key
        if service_id is None:
            continue
        row = found.setdefault(
            (body_id, service_id, month), ServiceMonth(body_id, service_id, month)
        )
        row.rated, row.satisfied = f.n, f.sums["satisfied"]
    return sorted(found.values(), key=lambda r: (r.body_id, r.service_id, r.month))


def service_titles(ids: set[int]) -> dict[int, str]:
    return dict(Service.objects.filter(pk__in=ids).values_list("pk", "title"))


def digital_by_quarter(*, body_id: int, since: dt.date) -> dict[dt.date, tuple[int, int]]:
    """Per quarter (its first month): clients served at the body's digital touchpoints (a
    site or portal, a mobile app) and at all of them, from the volumes it entered — a
    touchpoint's month counted once (its total, else the sum per service). One query."""
    from registry.models import Touchpoint as Place

    digital = {Place.Kind.PORTAL, Place.Kind.MOBILE_APP}
    totals: dict[tuple[int, dt.date], int] = {}
    by_service: dict[tuple[int, dt.date], int] = defaultdict(int)
    kinds: dict[int, str] = {}
    for tp, kind, month, service, served in Volume.objects.filter(
        body_id=body_id, month__gte=since
    ).values_list("touchpoint_id", "touchpoint__kind", "month", "service_id", "served"):
        kinds[tp] = kind
        if service is None:
            totals[(tp, month)] = served
        else:
            by_service[(tp, month)] += served
    found: dict[dt.date, list[int]] = {}
    for key in totals.keys() | by_service.keys():
        tp, month = key
        served = totals[key] if key in totals else by_service[key]
        first = _quarter_start(month)
        counts = found.setdefault(first, [0, 0])
        counts[0] += served if kinds[tp] in digital else 0
        counts[1] += served
    return {q: (d, a) for q, (d, a) in found.items()}


def served_by_service(*, body_id: int, since: dt.date) -> dict[tuple[int, dt.date], int]:
    """Per service of the body and quarter (its first month): clients served, wherever
    the service was delivered (an МФЦ's window too). One query."""
    rows = (
        Volume.objects.filter(service__body_id=body_id, month__gte=since)
        .values("service_id", "month")
        .annotate(served=Sum("served"))
        .order_by()
    )
    found: dict[tuple[int, dt.date], int] = defaultdict(int)
    for r in rows:
        found[(r["service_id"], _quarter_start(r["month"]))] += r["served"]
    return dict(found)
