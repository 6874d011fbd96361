"""Open data: the published registry as CSV, JSON and XLSX (R3)."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from exports import services as exports
from exports.services import Export
from lib.public_cache import cached_public
from registry import selectors

COLUMNS = [
    ("slug", "Код"),
    ("title", "Жизненная ситуация"),
    ("version", "Версия"),
    ("owner_body", "Ответственный орган"),
    ("start_event", "Стартовое событие"),
    ("final_result", "Конечный ценный результат"),
    ("time_bound_days", "Срок, дней"),
    ("client_kinds", "Категории клиентов"),
    ("step_position", "Шаг"),
    ("service", "Услуга или функция"),
    ("service_kind", "Вид"),
    ("service_body", "Орган шага"),
]


def rows() -> list[dict[str, Any]]:
    """One row per step of every published life situation (flat, for spreadsheets)."""
    out = []
    for version in selectors.public_versions():
        data = version.snapshot
        base = {
            "slug": data["slug"],
            "title": data["title"],
            "version": version.number,
            "owner_body": data["owner_body"]["name"],
            "start_event": data["start_event"],
            "final_result": data["final_result"],
            "time_bound_days": data["time_bound_days"],
            "client_kinds": ", ".join(data["client_kinds"]),
        }
        for step in data["steps"]:
            out.append(
                {
                    **base,
                    "step_position": step["position"],
                    "service": step["service"]["title"],
                    "service_kind": step["service"]["kind"],
                    "service_body": step["service"]["body"]["name"],
                }
            )
    return out


def _download(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _export(extension: str) -> Export:
    return Export(
        what="registry.opendata",
        filename=f"life-situations.{extension}",
        title=_("Открытые данные реестра жизненных ситуаций"),
    )


@cached_public("registry")
def opendata_index(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/opendata.html", {"count": selectors.public_versions().count()})


def _table() -> list[list[Any]]:
    return [[label for _, label in COLUMNS], *([row[k] for k, _ in COLUMNS] for row in rows())]


@exports.cached_download("registry")
def opendata_csv(request: HttpRequest) -> HttpResponse:
    return _download(exports.csv_response(request, _export("csv"), _table()))


@exports.cached_download("registry")
def opendata_json(request: HttpRequest) -> HttpResponse:
    data = [
        {**v.snapshot, "version": v.number, "published_at": v.published_at.isoformat()}
        for v in selectors.public_versions()
    ]
    body = json.dumps({"life_situations": data}, ensure_ascii=False, indent=1)
    return _download(exports.json_response(request, _export("json"), body, rows=len(data)))


@exports.cached_download("registry")
def opendata_xlsx(request: HttpRequest) -> HttpResponse:
    sheet = exports.Sheet(title="Жизненные ситуации", rows=_table(), wrap=False)
    return _download(exports.xlsx_response(request, _export("xlsx"), [sheet]))
