"""The yearly report on segment profiles (R10): the page with its deadline and what is
missing, and the report itself as PDF (A4) and XLSX, through the one export path."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Body, User
from exports import services as exports
from exports.services import Export
from segments import access, selectors, services
from segments.models import Segment, YearlyReport
from segments.snapshots import build_snapshot, number

FIRST_YEAR = 2020


def _body_and_year(request: HttpRequest, year: int) -> Body:
    body = access.get_body_for_read(request.user)
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404("year")
    return body


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
            "satisfaction": number(s.satisfaction) if s.satisfaction is not None else "—",
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


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    """The report being prepared now: last year's until its deadline passes, else this year's."""
    access.get_body_for_read(request.user)
    today = timezone.localdate()
    year = today.year - 1 if today <= YearlyReport.deadline_for(today.year - 1) else today.year
    return redirect("segments:report", year=year)


@login_required
def report_page(request: HttpRequest, year: int) -> HttpResponse:
    body = _body_and_year(request, year)
    if request.method == "POST":
        assert isinstance(request.user, User)
        try:
            services.yearly_report_submit(actor=request.user, body=body, year=year)
        except ValidationError:
            messages.error(request, _("Отчёт нельзя утвердить, пока не устранены пропуски."))
        else:
            messages.success(request, _("Отчёт утверждён."))
        return redirect("segments:report", year=year)
    years = [y for y in selectors.report_years(body=body) if y != year]
    return render(
        request,
        "segments/report.html",
        {**report_data(body=body, year=year), "years": years},
    )


def _export(body: Body, year: int, extension: str) -> Export:
    return Export(
        what="segments.yearly_report",
        filename=f"segments-{body.slug}-{year}.{extension}",
        body=body,
    )


@login_required
def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    body = _body_and_year(request, year)
    data = report_data(body=body, year=year)
    html = render_to_string("segments/report_pdf.html", data)
    return exports.pdf_response(
        request, _export(body, year, "pdf"), html, rows=len(data["profiles"])
    )


def render_pdf(*, body: Body, year: int) -> bytes:
    """The report as PDF bytes (the page's download is ``report_pdf``)."""
    html = render_to_string("segments/report_pdf.html", report_data(body=body, year=year))
    return exports.pdf_bytes(html)


@login_required
def report_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    body = _body_and_year(request, year)
    return exports.xlsx_response(request, _export(body, year, "xlsx"), sheets(body=body, year=year))


def render_xlsx(*, body: Body, year: int) -> bytes:
    return exports.xlsx_bytes(sheets(body=body, year=year))


def _sheet(wb: list[exports.Sheet], title: str, header: list[str], rows: list[list[Any]]) -> None:
    widths = {
        i: min(max(max([len(name), *(len(str(r[i] or "")) for r in rows)]) + 2, 10), 60)
        for i, name in enumerate(header)
    }
    wb.append(exports.Sheet(title=title, rows=[header, *rows], widths=widths))


def sheets(*, body: Body, year: int) -> list[exports.Sheet]:
    data = report_data(body=body, year=year)
    wb: list[exports.Sheet] = []
    profiles = data["profiles"]
    _sheet(
        wb,
        "Профили",
        [
            "Код",
            "Сегмент",
            "Аудитория",
            "Потенциальные клиенты",
            "Ёмкость",
            "Удовлетворённость",
            "Слепая зона",
            "Приоритет",
            "Особенности пути",
            "Каналы",
            "Проблемы",
            "Потребности",
            "Респондентов",
        ],
        [
            [
                p["data"]["code"],
                p["data"]["name"],
                p["data"]["audience_of"],
                p["data"]["is_potential"],
                p["data"]["capacity"],
                p["data"]["satisfaction"],
                p["data"]["blind_zone"],
                p["score"],
                p["data"]["journey_features"],
                ", ".join(p["data"]["preferred_channels"]),
                p["data"]["typical_problems"],
                p["data"]["needs"],
                p["respondents"],
            ]
            for p in profiles
        ],
    )
    _sheet(
        wb,
        "Признаки",
        ["Код", "Сегмент", "Признак", "Значение", "Специальный"],
        [
            [
                p["segment"].code,
                p["segment"].name,
                a.attribute.name,
                a.value,
                "да" if a.attribute.is_special else "",
            ]
            for p in profiles
            for a in p["segment"].attributes.all()
        ],
    )
    _sheet(
        wb,
        "Гипотезы",
        ["Код", "Гипотеза", "О чём", "Статус", "Доказательства"],
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
        "Планы персонализации",
        ["Код", "Сегмент", "План"],
        [
            [p["segment"].code, p["segment"].name, p["segment"].personalisation_plan]
            for p in profiles
        ],
    )
    _sheet(wb, "Пропуски", ["Что не готово"], [[m] for m in data["status"].missing])
    return wb
