"""Published results (R20): aggregates per service, life situation and body, the method in
plain Russian, "you said — we did", and open data. Groups under 10 ratings are hidden."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from accounts.models import Body
from feedback import instrument, selectors
from feedback.stats import PUBLISH_MIN
from feedback.views import _labels
from registry.models import LifeSituation, Service

PUBLIC_MONTHS = 12


def _period(filters: selectors.Filters) -> selectors.Filters:
    filters.month_from, filters.month_to = selectors.months_back(PUBLIC_MONTHS)
    return filters


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
    by_touchpoint = _labels(selectors.figures(filters, "touchpoint"), "touchpoint")
    by_channel = _labels(selectors.figures(filters, "channel"), "channel")
    by_service = _labels(selectors.figures(filters, "service"), "service") if kind == "body" else []
    trend = sorted(_labels(selectors.figures(filters, "month"), "month"), key=lambda r: r.key)
    return render(
        request,
        "feedback/public.html",
        {
            "title": title,
            "kind": kind,
            "obj": obj,
            "total": total,
            "by_touchpoint": by_touchpoint,
            "by_channel": by_channel,
            "by_service": by_service,
            "trend": trend,
            "changes": changes,
            "min_n": PUBLISH_MIN,
            "months": PUBLIC_MONTHS,
        },
    )


def public_index(request: HttpRequest) -> HttpResponse:
    filters = _period(selectors.Filters())
    rows = _labels(selectors.figures(filters, "service"), "service")
    slugs = dict(Service.objects.filter(pk__in=[r.key for r in rows]).values_list("pk", "slug"))
    bodies = {b.pk: b for b in Body.objects.all()}
    by_body = selectors.figures(filters, "body")
    return render(
        request,
        "feedback/public_index.html",
        {
            "rows": [(r, slugs.get(r.key)) for r in rows],
            "bodies": [(bodies[f.key], f) for f in by_body if f.key in bodies],
            "min_n": PUBLISH_MIN,
            "months": PUBLIC_MONTHS,
        },
    )


def public_service(request: HttpRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(Service, slug=slug)
    filters = _period(selectors.Filters(service_id=service.pk))
    return _page(
        request, title=service.title, filters=filters, kind="service", obj=service,
        changes=selectors.changes_for(service_id=service.pk),
    )  # fmt: skip


def public_situation(request: HttpRequest, slug: str) -> HttpResponse:
    situation = get_object_or_404(LifeSituation.objects.published(), slug=slug)
    filters = _period(selectors.Filters(life_situation_id=situation.pk))
    return _page(
        request, title=situation.title, filters=filters, kind="situation", obj=situation,
        changes=selectors.changes_for(life_situation_id=situation.pk),
    )  # fmt: skip


def public_body(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk)
    filters = _period(selectors.Filters(body_id=body.pk))
    return _page(
        request, title=body.name, filters=filters, kind="body", obj=body,
        changes=selectors.changes_for(body_id=body.pk),
    )  # fmt: skip


def method(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "feedback/method.html",
        {"instrument": instrument, "min_n": PUBLISH_MIN, "drivers": instrument.DRIVERS},
    )


def open_rows() -> list[dict[str, Any]]:
    """Open data: per service, touchpoint and month, groups under 10 left out (R20)."""
    filters = _period(selectors.Filters())
    rows = []
    services = dict(Service.objects.values_list("pk", "slug"))
    for service_id, service_slug in services.items():
        per = selectors.Filters(
            service_id=service_id, month_from=filters.month_from, month_to=filters.month_to
        )
        for f in _labels(selectors.figures(per, "touchpoint"), "touchpoint"):
            if f.suppressed:
                continue
            data = f.as_dict(publish=True)
            rows.append(
                {
                    "service": service_slug,
                    "touchpoint": f.label,
                    "period_from": filters.month_from.isoformat()[:7] if filters.month_from else "",
                    "period_to": filters.month_to.isoformat()[:7] if filters.month_to else "",
                    "n": data["n"],
                    "csat": data["csat"],
                    "csat_ci_low": data["csat_ci"][0],
                    "csat_ci_high": data["csat_ci"][1],
                    "satisfied_share": data["satisfied_share"],
                    "ces": data["ces"],
                    "loyalty_share": data["loyalty_share"],
                    "instrument": instrument.VERSION,
                }
            )
    return rows


def open_data_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ratings.csv"'
    rows = open_rows()
    response.write("\ufeff")
    writer = csv.DictWriter(response, fieldnames=list(rows[0]) if rows else ["service"])
    writer.writeheader()
    writer.writerows(rows)
    return response


def open_data_json(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        json.dumps(
            {"instrument": instrument.VERSION, "min_n": PUBLISH_MIN, "rows": open_rows()},
            ensure_ascii=False,
        ),
        content_type="application/json; charset=utf-8",
    )
