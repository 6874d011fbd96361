"""Published results (R20): aggregates per service, life situation and body, the method in
plain Russian, "you said — we did", and open data. Groups under 10 ratings are hidden."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from accounts.models import Body
from exports import services as exports
from exports.services import Export
from feedback import charts, instrument, selectors
from feedback.stats import PUBLISH_MIN
from lib.public_cache import cached_public
from registry import selectors as registry_selectors


def _page(
    request: HttpRequest,
    *,
    title: str,
    filters: selectors.Filters,
    kind: str,
    obj: Any,
    changes: Any,
) -> HttpResponse:
    total = selectors.total(filters)
    by_touchpoint = selectors.grouped(filters, "touchpoint")
    by_channel = selectors.grouped(filters, "channel")
    by_service = selectors.grouped(filters, "service") if kind == "body" else []
    trend = selectors.grouped(filters, "month")
    first, last = filters.month_from, filters.month_to
    assert first is not None and last is not None  # the published period
    return render(
        request,
        "feedback/public.html",
        {
            "title": title,
            "kind": kind,
            "obj": obj,
            "total": total,
            "trend_chart": charts.trend(
                trend, first=first, last=last, publish=True, ident="chart-trend"
            ),
            "distribution_chart": charts.distribution(
                total, publish=True, ident="chart-distribution"
            ),
            "by_touchpoint": by_touchpoint,
            "by_channel": by_channel,
            "by_service": by_service,
            "trend": trend,
            "changes": changes,
            "min_n": PUBLISH_MIN,
            "months": selectors.PUBLIC_MONTHS,
        },
    )


#: How many of the latest «Вы сказали — мы сделали» the index shows.
INDEX_CHANGES = 5


@cached_public("ratings", "registry")
def public_index(request: HttpRequest) -> HttpResponse:
    """Everything published, one step away (R20): bodies, services and life situations
    with their results, the latest «Вы сказали — мы сделали», and the open data."""
    filters = selectors.published_period(selectors.Filters())
    rows = selectors.grouped(filters, "service")
    slugs = registry_selectors.service_slugs(ids=[r.key for r in rows])
    situations: dict[int | None, str] = dict(
        registry_selectors.published_life_situations().values_list("pk", "slug")
    )
    bodies = {b.pk: b for b in Body.objects.all()}
    by_body = selectors.figures(filters, "body")
    by_situation = selectors.grouped(filters, "life_situation")
    return render(
        request,
        "feedback/public_index.html",
        {
            "rows": [(r, slugs.get(r.key)) for r in rows],
            "situations": [(r, situations[r.key]) for r in by_situation if r.key in situations],
            "bodies": [(bodies[f.key], f) for f in by_body if f.key in bodies],
            "changes": [
                (c, situations.get(c.life_situation_id))
                for c in selectors.changes_for()[:INDEX_CHANGES]
            ],
            "min_n": PUBLISH_MIN,
            "months": selectors.PUBLIC_MONTHS,
        },
    )


@cached_public("ratings", "registry")
def public_service(request: HttpRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(registry_selectors.services_list(), slug=slug)
    filters = selectors.published_period(selectors.Filters(service_id=service.pk))
    return _page(
        request, title=service.title, filters=filters, kind="service", obj=service,
        changes=selectors.changes_for(service_id=service.pk),
    )  # fmt: skip


@cached_public("ratings", "registry")
def public_situation(request: HttpRequest, slug: str) -> HttpResponse:
    situation = get_object_or_404(registry_selectors.published_life_situations(), slug=slug)
    filters = selectors.published_period(selectors.Filters(life_situation_id=situation.pk))
    return _page(
        request, title=situation.title, filters=filters, kind="situation", obj=situation,
        changes=selectors.changes_for(life_situation_id=situation.pk),
    )  # fmt: skip


@cached_public("ratings", "registry")
def public_body(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk)
    filters = selectors.published_period(selectors.Filters(body_id=body.pk))
    return _page(
        request, title=body.name, filters=filters, kind="body", obj=body,
        changes=selectors.changes_for(body_id=body.pk),
    )  # fmt: skip


@cached_public("ratings", "registry")
def method(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "feedback/method.html",
        {"instrument": instrument, "min_n": PUBLISH_MIN, "drivers": instrument.DRIVERS},
    )


OPEN_COLUMNS = [
    "service", "touchpoint", "period_from", "period_to", "n", "csat", "csat_ci_low",
    "csat_ci_high", "satisfied_share", "ces", "loyalty_share", "instrument",
]  # fmt: skip


def open_rows() -> list[dict[str, Any]]:
    """Open data: each service at each touchpoint over the published period (one query);
    groups under 10 ratings are left out (R20)."""
    filters = selectors.published_period(selectors.Filters())
    groups = [f for f in selectors.figures(filters, ("service", "touchpoint")) if not f.suppressed]
    slugs = registry_selectors.service_slugs()
    places = registry_selectors.touchpoint_titles()
    period = [m.isoformat()[:7] if m else "" for m in (filters.month_from, filters.month_to)]
    rows = []
    for f in groups:
        service_id, touchpoint_id = f.key
        if service_id is None:  # a whole life situation, published on its own page
            continue
        data = f.as_dict()
        values = [
            slugs[service_id], places.get(touchpoint_id, ""), *period, data["n"], data["csat"],
            *data["csat_ci"], data["satisfied_share"], data["ces"], data["loyalty_share"],
            instrument.VERSION,
        ]  # fmt: skip
        rows.append(dict(zip(OPEN_COLUMNS, values, strict=True)))
    return sorted(rows, key=lambda r: (r["service"], r["touchpoint"]))


@exports.cached_download("ratings", "registry")
def open_data_csv(request: HttpRequest) -> HttpResponse:
    rows = open_rows()
    table = [OPEN_COLUMNS, *([row[k] for k in OPEN_COLUMNS] for row in rows)]
    return exports.csv_response(
        request,
        Export(
            what="feedback.opendata",
            filename="ratings.csv",
            title=_("Открытые данные оценок"),
        ),
        table,
    )


@exports.cached_download("ratings", "registry")
def open_data_json(request: HttpRequest) -> HttpResponse:
    rows = open_rows()
    body = json.dumps(
        {"instrument": instrument.VERSION, "min_n": PUBLISH_MIN, "rows": rows},
        ensure_ascii=False,
    )
    export = Export(
        what="feedback.opendata", filename="ratings.json", title=_("Открытые данные оценок")
    )
    response = exports.json_response(request, export, body, rows=len(rows))
    del response["Content-Disposition"]  # shown in the browser, as before
    return response
