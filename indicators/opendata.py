"""Open data of the indicators (R20): every body's indicators by quarter, each with its
version and a link to its method; a value of fewer than 10 cases is left empty, n too, as
on every published page."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from exports import services as exports
from exports.services import Export
from indicators import selectors

COLUMNS = [
    ("body", "Орган"),
    ("code", "Показатель"),
    ("name", "Название"),
    ("version", "Версия формулы"),
    ("quarter", "Квартал"),
    ("n", "Случаев"),
    ("value", "Значение"),
    ("low", "Нижняя граница 95 %"),
    ("high", "Верхняя граница 95 %"),
    ("target", "Цель"),
    ("target_source", "Откуда цель"),
    ("method", "Как считаем"),
]


def rows() -> list[dict[str, Any]]:
    method = reverse("indicators:methods")
    found = []
    for body in selectors.bodies():
        for row in selectors.body_indicators(body):
            for quarter, v in row.values:
                hidden = v.suppressed or not v.measured
                found.append(
                    {
                        "body": body.slug,
                        "code": row.definition.code,
                        "name": row.definition.name,
                        "version": row.definition.version,
                        "quarter": quarter.code,
                        "n": None if hidden else v.n,
                        "value": None if hidden else _round(v.value),
                        "low": None if hidden else _round(v.low),
                        "high": None if hidden else _round(v.high),
                        "target": None if row.target is None else float(row.target),
                        "target_source": row.target_source,
                        "method": f"{method}#{row.definition.code}",
                    }
                )
    return found


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _export(extension: str) -> Export:
    return Export(
        what="indicators.opendata",
        filename=f"indicators.{extension}",
        title=_("Открытые данные: показатели органов по кварталам"),
    )


def _download(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


@exports.cached_download("ratings", "registry")
def opendata_csv(request: HttpRequest) -> HttpResponse:
    found = rows()
    table = [[label for _k, label in COLUMNS], *([r[k] for k, _l in COLUMNS] for r in found)]
    return _download(exports.csv_response(request, _export("csv"), table))


@exports.cached_download("ratings", "registry")
def opendata_json(request: HttpRequest) -> HttpResponse:
    found = rows()
    body = json.dumps({"indicators": found}, ensure_ascii=False, indent=1)
    return _download(exports.json_response(request, _export("json"), body, rows=len(found)))


#: A-11 §280: volumes and responses per service per quarter.
A11_COLUMNS = [
    ("body", "Орган"),
    ("service", "Услуга"),
    ("quarter", "Квартал"),
    ("served", "Обслужено клиентов"),
    ("offered", "Предложено оценить"),
    ("responses", "Оценок"),
    ("satisfied", "Доля довольных"),
]


def a11_rows(*, quarters: int = 8) -> list[dict[str, Any]]:
    """Each body's services per quarter over the last finished ``quarters``: clients
    served and offered the rating, the ratings received and the share satisfied (left
    empty under 10 ratings, R20)."""
    from feedback import selectors as feedback
    from indicators.periods import Quarter, last_quarters

    span = last_quarters(quarters + 1)[:-1]
    months = feedback.services_by_month(
        month_from=span[0].first_month, month_to=span[-1].last_month
    )
    sums: dict[tuple[int, int, Quarter], list[int | None]] = {}
    for m in months:
        key = (m.body_id, m.service_id, Quarter.of(m.month))
        total = sums.setdefault(key, [None, None, 0, 0])
        for i, value in enumerate((m.served, m.offered, m.rated, m.satisfied)):
            if value is not None:  # a quarter without any volume entered stays empty
                total[i] = (total[i] or 0) + value
    slugs = {b.pk: b.slug for b in selectors.bodies()}
    titles = feedback.service_titles({service for _b, service, _q in sums})
    return [
        {
            "body": slugs.get(body, ""),
            "service": titles.get(service, ""),
            "quarter": q.code,
            "served": served,
            "offered": offered,
            "responses": rated,
            "satisfied": round(satisfied / rated, 4)
            if rated is not None and satisfied is not None and rated >= feedback.PUBLISH_MIN
            else None,
        }
        for (body, service, q), (served, offered, rated, satisfied) in sorted(
            sums.items(),
            key=lambda kv: (slugs.get(kv[0][0], ""), titles.get(kv[0][1], ""), kv[0][2]),
        )
    ]


@exports.cached_download("ratings", "registry")
def a11_csv(request: HttpRequest) -> HttpResponse:
    found = a11_rows()
    table = [
        [label for _k, label in A11_COLUMNS],
        *([r[k] for k, _l in A11_COLUMNS] for r in found),
    ]
    export = Export(
        what="indicators.a11",
        filename="services-by-quarter.csv",
        title=_("Открытые данные: обслужено и оценок по услугам за квартал"),
    )
    return _download(exports.csv_response(request, export, table))


def public_report(data: dict[str, Any]) -> dict[str, Any]:
    """An approved report as the public reads it: without the names of the staff who
    approved it or own its shortcomings (152-ФЗ: the public needs the body, not them)."""
    shown = {k: v for k, v in data.items() if k not in ("shortcomings", "approved_by")}
    shown["shortcomings"] = [
        {k: v for k, v in s.items() if k != "owner"} for s in data["shortcomings"]
    ]
    return shown


@exports.cached_download("ratings", "registry")
def reports_json(request: HttpRequest) -> HttpResponse:
    """Every approved yearly report of indicators, as it was approved."""
    found = [
        {"body": r.body.slug, "year": r.year, "report": public_report(r.snapshot)}
        for r in selectors.approved_reports()
    ]
    body = json.dumps({"reports": found}, ensure_ascii=False, indent=1)
    export = Export(
        what="indicators.reports",
        filename="indicators-reports.json",
        title=_("Открытые данные: утверждённые годовые отчёты о показателях"),
    )
    return _download(exports.json_response(request, export, body, rows=len(found)))
