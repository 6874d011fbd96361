"""Open data: the published registry as CSV, JSON and XLSX (R3)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from openpyxl import Workbook

from lib.exports import csv_safe, xlsx_safe
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


def _download(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def opendata_index(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/opendata.html", {"count": selectors.public_versions().count()})


def opendata_csv(request: HttpRequest) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([label for _, label in COLUMNS])
    for row in rows():
        writer.writerow([csv_safe(row[key]) for key, _ in COLUMNS])
    # A BOM so that spreadsheet programs read the Cyrillic correctly.
    body = "\ufeff" + buffer.getvalue()
    return _download(
        HttpResponse(body, content_type="text/csv; charset=utf-8"), "life-situations.csv"
    )


def opendata_json(request: HttpRequest) -> HttpResponse:
    data = [
        {**v.snapshot, "version": v.number, "published_at": v.published_at.isoformat()}
        for v in selectors.public_versions()
    ]
    body = json.dumps({"life_situations": data}, ensure_ascii=False, indent=1)
    return _download(
        HttpResponse(body, content_type="application/json; charset=utf-8"), "life-situations.json"
    )


def opendata_xlsx(request: HttpRequest) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Жизненные ситуации"
    sheet.append([label for _, label in COLUMNS])
    for row in rows():
        sheet.append([xlsx_safe(row[key]) for key, _ in COLUMNS])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _download(
        HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "life-situations.xlsx",
    )
