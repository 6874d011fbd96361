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


PLACE_COLUMNS = [
    ("id", "Код"),
    ("title", "Место"),
    ("kind", "Вид"),
    ("body", "Орган"),
    ("address", "Адрес"),
    ("url", "Ссылка"),
    ("phone", "Телефон"),
    ("time_zone", "Часовой пояс"),
    ("hours", "Часы работы"),
    ("accessibility", "Доступность"),
    ("languages", "Языки, кроме русского"),
    ("guest_wifi", "Гостевой Wi-Fi"),
    ("transport_stop", "Остановка"),
    ("services", "Услуги и функции"),
]


def place_rows() -> list[dict[str, Any]]:
    """One row per touchpoint with its accessibility features (R29; 004's equal access),
    the codes of the services delivered there."""
    from registry.hours import summary
    from registry.models import Touchpoint

    labels = dict(Touchpoint.Accessibility.choices)
    return [
        {
            "id": t.pk,
            "title": t.title,
            "kind": t.get_kind_display(),
            "body": t.body.name,
            "address": t.address,
            "url": t.url,
            "phone": t.phone,
            "time_zone": t.time_zone,
            "hours": "; ".join(summary(t.opening_hours, open_24_7=t.open_24_7)),
            "accessibility": "; ".join(str(labels[c]) for c in t.accessibility if c in labels),
            "languages": ", ".join(t.languages),
            "guest_wifi": "да" if t.guest_wifi else "нет",
            "transport_stop": t.transport_stop,
            "services": ", ".join(s.slug for s in t.services.all()),
        }
        for t in selectors.places_open_data()
    ]


def _places_export(extension: str) -> Export:
    return Export(
        what="registry.opendata_places",
        filename=f"places.{extension}",
        title=_("Открытые данные: точки взаимодействия и их доступность"),
    )


@exports.cached_download("registry")
def places_csv(request: HttpRequest) -> HttpResponse:
    rows_ = place_rows()
    table = [
        [label for _, label in PLACE_COLUMNS],
        *([r[k] for k, _ in PLACE_COLUMNS] for r in rows_),
    ]
    return _download(exports.csv_response(request, _places_export("csv"), table))


@exports.cached_download("registry")
def places_json(request: HttpRequest) -> HttpResponse:
    """The same places, typed: hours per weekday, accessibility as codes, services as codes."""
    data = [
        {
            "id": t.pk,
            "title": t.title,
            "kind": t.kind,
            "body": {"slug": t.body.slug, "name": t.body.name},
            "address": t.address,
            "url": t.url,
            "phone": t.phone,
            "time_zone": t.time_zone,
            "open_24_7": t.open_24_7,
            "opening_hours": t.opening_hours,
            "accessibility": t.accessibility,
            "languages": t.languages,
            "guest_wifi": t.guest_wifi,
            "transport_stop": t.transport_stop,
            "services": [s.slug for s in t.services.all()],
        }
        for t in selectors.places_open_data()
    ]
    body = json.dumps({"places": data}, ensure_ascii=False, indent=1)
    return _download(exports.json_response(request, _places_export("json"), body, rows=len(data)))
