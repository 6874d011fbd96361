"""The yearly report on segment profiles (R10): the page with its deadline and what is
missing, and the report itself as PDF (A4) and XLSX, through the one export path. An
approved report, and the profiles as they stood when the year ended, are handed out as
they were kept (003 §9)."""

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
from exports.models import Format
from exports.services import Export
from segments import access, selectors, services
from segments.models import ReportCopy, YearlyReport
from segments.report_files import report_data, sheets

FIRST_YEAR = 2020


def _body_and_year(request: HttpRequest, year: int) -> Body:
    body = access.get_body_for_read(request.user)
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404("year")
    return body


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
    copies = selectors.report_copies(body=body, year=year)
    approved = copies.get(ReportCopy.Kind.APPROVED)
    context: dict[str, Any] = {"body": body, "year": year, "years": years}
    if approved is not None:
        # Frozen (003 §9): the page lists what was approved, not the profiles of today.
        context["approved"] = approved
        context["status"] = selectors.yearly_report_status(body=body, year=year)
    else:
        context.update(report_data(body=body, year=year))
        context["year_end"] = copies.get(ReportCopy.Kind.YEAR_END)
    return render(request, "segments/report.html", context)


def _export(body: Body, year: int, extension: str, suffix: str = "") -> Export:
    return Export(
        what="segments.yearly_report",
        filename=f"segments-{body.slug}-{year}{suffix}.{extension}",
        body=body,
    )


def _stored(request: HttpRequest, body: Body, copy: ReportCopy, fmt: str) -> HttpResponse:
    suffix = "-year-end" if copy.kind == ReportCopy.Kind.YEAR_END else ""
    content = bytes(copy.pdf if fmt == Format.PDF else copy.xlsx)  # memoryview on PostgreSQL
    return exports.stored_response(
        request,
        _export(body, copy.report.year, fmt, suffix),
        content,
        fmt,
        rows=len(copy.profiles),
    )


@login_required
def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The report as PDF: once approved, the file made at approval."""
    body = _body_and_year(request, year)
    approved = selectors.report_copy(body=body, year=year, kind=ReportCopy.Kind.APPROVED)
    if approved is not None:
        return _stored(request, body, approved, Format.PDF)
    data = report_data(body=body, year=year)
    html = render_to_string("segments/report_pdf.html", data)
    return exports.pdf_response(
        request, _export(body, year, "pdf"), html, rows=len(data["profiles"])
    )


@login_required
def report_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    """The report as XLSX: once approved, the file made at approval."""
    body = _body_and_year(request, year)
    approved = selectors.report_copy(body=body, year=year, kind=ReportCopy.Kind.APPROVED)
    if approved is not None:
        return _stored(request, body, approved, Format.XLSX)
    return exports.xlsx_response(request, _export(body, year, "xlsx"), sheets(body=body, year=year))


@login_required
def report_year_end(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """The profiles as they stood when the year ended (``segments.report_year_end``)."""
    body = _body_and_year(request, year)
    copy = selectors.report_copy(body=body, year=year, kind=ReportCopy.Kind.YEAR_END)
    if copy is None:
        raise Http404("no year-end copy")
    return _stored(request, body, copy, fmt)
