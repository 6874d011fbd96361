"""The yearly report on segment profiles (R10) as data, PDF (A4) and XLSX: what the page,
the downloads and the frozen copies (``ReportCopy``) are made from."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Body
from exports import services as exports
from segments import selectors
from segments.models import Segment
from segments.snapshots import build_snapshot, number


def report_data(*, body: Body, year: int) -> dict[str, Any]:
    """Everything the report shows; the PDF, the XLSX and the page read the same data."""
    segments = list(selectors.report_segments(body_id=body.pk, year=year))
    ranking = {p.segment.pk: p for p in selectors.priority_ranking(body_id=body.pk)}
    final = [s for s in segments if s.status == Segment.Status.FINAL]
    summary = [
        {
            "code": s.code,
            "name": s.name,
            "capacity": number(s.capacity) if s.capacity is not None else "—",
            "satisfaction": number(s.satisfaction)
            if s.satisfaction is not None
            else (
                _("{value} (по оценкам клиентов)").format(value=number(s.ratings_satisfaction))
                if s.ratings_satisfaction is not None
                else "—"
            ),
            "score": f"{ranking[s.pk].score:.1f}".replace(".", ",") if s.pk in ranking else "",
            "status": s.get_status_display(),
        }
        for s in segments
    ]
    return {
        "summary": summary,
        "body": body,
        "year": year,
        "status": selectors.yearly_report_status(body=body, year=year),
        "segments": segments,
        "profiles": [
            {
                "segment": s,
                "data": build_snapshot(s),
                "score": ranking[s.pk].score if s.pk in ranking else None,
                "respondents": len(s.respondents.all()),
            }
            for s in final
        ],
        "generated_on": timezone.localdate(),
    }


def pdf_of(data: dict[str, Any]) -> bytes:
    return exports.pdf_bytes(render_to_string("segments/report_pdf.html", data))


def render_pdf(*, body: Body, year: int) -> bytes:
    """The report as PDF bytes, as it stands now."""
    return pdf_of(report_data(body=body, year=year))


def xlsx_of(data: dict[str, Any]) -> bytes:
    return exports.xlsx_bytes(sheets_of(data))


def render_xlsx(*, body: Body, year: int) -> bytes:
    return xlsx_of(report_data(body=body, year=year))


def _sheet(
    wb: list[exports.Sheet],
    title: str,
    header: list[str],
    rows: list[list[Any]],
    formats: dict[int, str] | None = None,
) -> None:
    widths = {
        i: min(max(max([len(name), *(len(str(r[i] or "")) for r in rows)]) + 2, 10), 60)
        for i, name in enumerate(header)
    }
    wb.append(
        exports.Sheet(title=title, rows=[header, *rows], widths=widths, formats=formats or {})
    )


Profile = dict[str, Any]


def _text(value: str) -> str | None:
    return value or None  # an empty cell, not an empty text


def _score(p: Profile) -> float | None:
    return None if p["score"] is None else round(p["score"], 1)


def _share(p: Profile) -> float | None:
    share = p["segment"].blind_zone_share
    return None if share is None else round(share, 3)


#: The profiles sheet (R10): each figure of a profile in its own typed column, apart from
#: its source and its date, so a spreadsheet can sort, sum and filter them (issue 16: value,
#: source and date were one text). (header, number format, value of a profile)
PROFILE_COLUMNS: list[tuple[Any, str, Callable[[Profile], Any]]] = [
    (gettext_lazy("Код"), "", lambda p: p["segment"].code),
    (gettext_lazy("Сегмент"), "", lambda p: p["segment"].name),
    (gettext_lazy("Аудитория"), "", lambda p: p["data"]["audience_of"]),
    (
        gettext_lazy("Потенциальные клиенты"),
        "",
        lambda p: _("да") if p["segment"].is_potential else _("нет"),
    ),
    (gettext_lazy("Ёмкость, чел."), exports.INTEGER, lambda p: p["segment"].capacity),
    (
        gettext_lazy("Источник ёмкости"),
        "",
        lambda p: _text(p["segment"].get_capacity_source_display()),
    ),
    (gettext_lazy("Ёмкость на дату"), exports.DATE, lambda p: p["segment"].capacity_as_of),
    (
        gettext_lazy("Удовлетворённость, 1–5"),
        exports.DECIMAL_2,
        lambda p: p["segment"].satisfaction,
    ),
    (
        gettext_lazy("Источник удовлетворённости"),
        "",
        lambda p: _text(p["segment"].get_satisfaction_source_display()),
    ),
    (
        gettext_lazy("Удовлетворённость на дату"),
        exports.DATE,
        lambda p: p["segment"].satisfaction_as_of,
    ),
    (
        gettext_lazy("Удовлетворённость по оценкам клиентов, 1–5"),
        exports.DECIMAL_2,
        lambda p: p["segment"].ratings_satisfaction,
    ),
    (gettext_lazy("Оценок клиентов"), "", lambda p: p["segment"].ratings_count),
    (
        gettext_lazy("Оценки на дату"),
        exports.DATE,
        lambda p: p["segment"].ratings_as_of,
    ),
    (gettext_lazy("Уникальность проблем, 1–5"), "", lambda p: p["segment"].uniqueness),
    (
        gettext_lazy("Источник уникальности"),
        "",
        lambda p: _text(p["segment"].get_uniqueness_source_display()),
    ),
    (gettext_lazy("Уникальность на дату"), exports.DATE, lambda p: p["segment"].uniqueness_as_of),
    (gettext_lazy("Обращаются, чел."), exports.INTEGER, lambda p: p["segment"].applicants_count),
    (gettext_lazy("Имеют право, чел."), exports.INTEGER, lambda p: p["segment"].entitled_count),
    (gettext_lazy("Слепая зона, доля"), exports.PERCENT, _share),
    (gettext_lazy("Слепая зона на дату"), exports.DATE, lambda p: p["segment"].blind_zone_as_of),
    (gettext_lazy("Экспертная позиция, 1–5"), "", lambda p: p["segment"].expert_priority),
    (
        gettext_lazy("Обоснование экспертной позиции"),
        "",
        lambda p: _text(p["segment"].expert_note),
    ),
    (gettext_lazy("Приоритет, из 100"), exports.DECIMAL_1, _score),
    (gettext_lazy("Особенности пути"), "", lambda p: _text(p["data"]["journey_features"])),
    (gettext_lazy("Каналы"), "", lambda p: _text(", ".join(p["data"]["preferred_channels"]))),
    (gettext_lazy("Проблемы"), "", lambda p: _text(p["data"]["typical_problems"])),
    (gettext_lazy("Потребности"), "", lambda p: _text(p["data"]["needs"])),
    (gettext_lazy("Респондентов"), exports.INTEGER, lambda p: p["respondents"]),
]


def sheets(*, body: Body, year: int) -> list[exports.Sheet]:
    return sheets_of(report_data(body=body, year=year))


def sheets_of(data: dict[str, Any]) -> list[exports.Sheet]:
    wb: list[exports.Sheet] = []
    profiles = data["profiles"]
    _sheet(
        wb,
        _("Профили"),
        [str(header) for header, _format, _value in PROFILE_COLUMNS],
        [[value(p) for _header, _format, value in PROFILE_COLUMNS] for p in profiles],
        {i: fmt for i, (_header, fmt, _value) in enumerate(PROFILE_COLUMNS) if fmt},
    )
    _sheet(
        wb,
        _("Признаки"),
        [_("Код"), _("Сегмент"), _("Признак"), _("Значение"), _("Специальный")],
        [
            [
                p["segment"].code,
                p["segment"].name,
                a.attribute.label,  # in the reader's language, as the headers and the value
                a.value,
                _("да") if a.attribute.is_special else "",
            ]
            for p in profiles
            for a in p["segment"].attributes.all()
        ],
    )
    _sheet(
        wb,
        _("Гипотезы"),
        [_("Код"), _("Гипотеза"), _("О чём"), _("Статус"), _("Доказательства")],
        [
            [
                p["segment"].code,
                h.statement,
                h.get_kind_display(),
                h.get_status_display(),
                h.evidence,
            ]
            for p in profiles
            for h in p["segment"].hypotheses.all()
        ],
    )
    _sheet(
        wb,
        _("Планы персонализации"),
        [_("Код"), _("Сегмент"), _("План")],
        [
            [p["segment"].code, p["segment"].name, p["segment"].personalisation_plan]
            for p in profiles
        ],
    )
    _sheet(wb, _("Пропуски"), [_("Что не готово")], [[m] for m in data["status"].missing])
    return wb
