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
