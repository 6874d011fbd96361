"""Pages of indicators: a body's indicators for its head, and its own targets."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import request_user
from accounts.roles import Cap, can
from indicators import access, selectors, services
from indicators.catalogue import BY_CODE, CATALOGUE
from indicators.forms import CloseForm, PlansForm, targets_form, targets_from
from indicators.periods import Quarter
from lib.forms import post_data, submit
from lib.public_cache import cached_public
from standards.selectors import owners_for


@login_required
def page(request: HttpRequest) -> HttpResponse:
    """Every indicator of the body: this quarter's value with its interval and n, the
    target and its light, a sentence on what changed, and the last eight quarters."""
    user = request_user(request)
    body = access.get_body_for_read(user)
    rows = selectors.body_indicators(body)
    return render(
        request,
        "indicators/page.html",
        {
            "body": body,
            "rows": rows,
            "quarters": [q for q, _v in rows[0].values] if rows else [],
            "may_set_targets": can(user, Cap.APPROVE_REPORT, body.pk),
            "shortcomings": selectors.shortcomings_of(body, open_only=True),
            "causes": selectors.causes(body),
        },
    )


@login_required
def targets(request: HttpRequest) -> HttpResponse:
    """The body's own targets and who answers for each indicator."""
    user = request_user(request)
    body = access.get_body_for_targets(user)
    form = targets_form(selectors.targets_of(body), owners_for(body.pk), post_data(request))
    if request.method == "POST" and submit(
        form,
        lambda data: (
            services.targets_set(actor=user, body_id=body.pk, targets=targets_from(data)) or True
        ),
    ):
        messages.success(request, _("Цели сохранены."))
        return redirect("indicators:page")
    return render(
        request,
        "indicators/targets.html",
        {"form": form, "catalogue": CATALOGUE},
        status=422 if form.errors else 200,
    )


def methods(request: HttpRequest) -> HttpResponse:
    """The catalogue: what each indicator says and how it is counted — open to everyone."""
    return render(request, "indicators/methods.html", {"catalogue": CATALOGUE})


@login_required
def shortcoming(request: HttpRequest, pk: int) -> HttpResponse:
    """What an indicator opened, and what the body did about it."""
    user = request_user(request)
    if request.method == "POST":
        found = access.get_shortcoming_for_close(user, pk)
    else:
        found = access.get_shortcoming_for_read(user, pk)
    form = CloseForm(post_data(request))
    if request.method == "POST" and submit(
        form,
        lambda data: services.shortcoming_close(actor=user, shortcoming=found, done=data["done"]),
    ):
        messages.success(request, _("Недостаток закрыт."))
        return redirect("indicators:page")
    return render(
        request,
        "indicators/shortcoming.html",
        {
            "shortcoming": found,
            "definition": BY_CODE.get(found.code),
            "quarter_label": q.label if (q := Quarter.parse(found.quarter)) else found.quarter,
            "form": form,
            "may_close": found.closed_at is None and can(user, Cap.APPROVE_REPORT, found.body_id),
        },
        status=422 if form.errors else 200,
    )


@cached_public("ratings", "registry")
def compare(request: HttpRequest) -> HttpResponse:
    """Bodies side by side on a funnel plot (published figures: bodies under 10 ratings
    are left out, as everywhere); ``?q=2026-Q3`` picks the quarter, the last finished one
    by default."""
    quarter, choices, notice = _quarter_asked(request)
    return _funnel_page(request, quarter, choices, notice, None)


def _quarter_asked(request: HttpRequest) -> tuple[Quarter, list[Quarter], str]:
    from indicators.periods import last_quarters

    choices = last_quarters(9)[:-1][::-1]  # the last eight finished quarters, newest first
    asked = request.GET.get("q", "")
    quarter = Quarter.parse(asked)
    notice = ""
    if quarter not in choices:
        if asked:
            notice = _("Можно выбрать один из восьми последних полных кварталов: показываем {q}.")
        quarter = choices[0]
        notice = notice.format(q=quarter.label)
    return quarter, choices, notice


def _funnel_page(
    request: HttpRequest, quarter: Quarter, choices: list[Quarter], notice: str, body: Any
) -> HttpResponse:
    from indicators.compare import chart, funnel

    found = funnel(quarter, body)
    return render(
        request,
        "indicators/compare.html",
        {
            "body": body,
            "funnel": found,
            "chart": chart(found),
            "quarter": quarter,
            "choices": choices,
            "notice": notice,
        },
    )


@login_required
def services_compare(request: HttpRequest) -> HttpResponse:
    """The body's own services on a funnel against the body's share: for its staff only
    (published, a service under 10 ratings could be worked out from the body's total)."""
    body = access.get_body_for_read(request_user(request))
    quarter, choices, notice = _quarter_asked(request)
    return _funnel_page(request, quarter, choices, notice, body)


#: The first year a report can be asked for.
FIRST_YEAR = 2020


def _report_year(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year:
        raise Http404("year")
    return year


@login_required
def report_index(request: HttpRequest) -> HttpResponse:
    """The report being prepared now: last year's until its deadline passes, else this year's."""
    access.get_body_for_read(request_user(request))
    return redirect("indicators:report", year=selectors.report_year_now())


@login_required
def report(request: HttpRequest, year: int) -> HttpResponse:
    """The body's yearly report: a draft from the figures as they stand, with the plans
    the head writes and approves once the year is over; approved, the frozen copy."""
    from indicators.report import context_of, report_data

    user = request_user(request)
    _report_year(year)
    if request.method == "POST":
        body = access.get_body_for_targets(user)
    else:
        body = access.get_body_for_read(user)
    kept = selectors.report_of(body, year)
    approved = kept is not None and kept.approved_at is not None
    form = PlansForm(post_data(request), initial={"plans": kept.plans if kept else ""})
    if request.method == "POST" and not approved:
        approve = request.POST.get("action") == "approve"

        def write(data: dict[str, str]) -> object:
            services.report_plans_set(actor=user, body=body, year=year, plans=data["plans"])
            if approve:
                services.report_approve(actor=user, body=body, year=year)
            return True

        if submit(form, write):
            messages.success(request, _("Отчёт утверждён.") if approve else _("Планы сохранены."))
            return redirect("indicators:report", year=year)
        kept = selectors.report_of(body, year)
    data = kept.snapshot if approved else report_data(body=body, year=year, report=kept)
    this_year = timezone.localdate().year
    return render(
        request,
        "indicators/report.html",
        {
            **context_of(data),
            "body": body,
            "year": year,
            "approved": approved,
            "form": form,
            "may_edit": not approved and can(user, Cap.APPROVE_REPORT, body.pk),
            "year_over": year < this_year,
            "years": [r.year for r in selectors.report_years(body) if r.year != year],
            "overdue": not approved and timezone.localdate() > context_of(data)["deadline"],
        },
        status=422 if form.errors else 200,
    )


def _report_file(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    from exports import services as exports
    from exports.services import Export
    from indicators.report import pdf_of, report_data, xlsx_of

    body = access.get_body_for_read(request_user(request))
    _report_year(year)
    kept = selectors.report_of(body, year, files=True)
    export = Export(
        what="indicators.yearly_report",
        filename=f"indicators-{body.slug}-{year}.{fmt}",
        body=body,
        title=_("Отчёт о показателях за {year} год").format(year=year),
    )
    if kept is not None and kept.approved_at is not None:
        content = bytes(kept.pdf if fmt == "pdf" else kept.xlsx)  # memoryview on PostgreSQL
        rows = len(kept.snapshot["indicators"])
        return exports.stored_response(request, export, content, fmt, rows=rows)
    data = report_data(body=body, year=year, report=kept)
    content = pdf_of(data) if fmt == "pdf" else xlsx_of(data)
    return exports.stored_response(request, export, content, fmt, rows=len(data["indicators"]))


@login_required
def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The report as PDF: once approved, the file made at approval."""
    return _report_file(request, year, "pdf")


@login_required
def report_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    """The report as XLSX: once approved, the file made at approval."""
    return _report_file(request, year, "xlsx")


@cached_public("ratings", "registry")
def public(request: HttpRequest, slug: str) -> HttpResponse:
    """A body's published indicators (R20): each with its value of the last finished
    quarter, its interval and n, the target, the quarters before, and the method; the
    approved yearly reports."""
    from indicators.periods import last_quarters

    body = selectors.body_by_slug(slug)
    if body is None:
        raise Http404("body")
    finished = last_quarters(2)[0]
    rows = selectors.body_indicators(body, until=finished.first_month)
    return render(
        request,
        "indicators/public.html",
        {
            "body": body,
            "rows": rows,
            "quarter": finished,
            "reports": selectors.approved_reports(body=body),
        },
    )


def public_report_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """An approved yearly report as it was approved, for everyone (logged as every file)."""
    from exports import services as exports
    from exports.services import Export

    body = selectors.body_by_slug(slug)
    kept = selectors.report_of(body, year, files=True) if body is not None else None
    if body is None or kept is None or kept.approved_at is None:
        raise Http404("report")
    export = Export(
        what="indicators.yearly_report",
        filename=f"indicators-{body.slug}-{year}.pdf",
        body=body,
        title=_("Отчёт о показателях за {year} год").format(year=year),
    )
    rows = len(kept.snapshot["indicators"])
    return exports.stored_response(request, export, bytes(kept.pdf), "pdf", rows=rows)


@login_required
def drilldown(request: HttpRequest) -> HttpResponse:
    """The body's satisfaction taken apart: life situation → service → segment → touchpoint."""
    from indicators.drilldown import Path, drill
    from lib.forms import ascii_int

    body = access.get_body_for_read(request_user(request))
    get = request.GET
    path = Path(
        life_situation=ascii_int(get.get("ls")),
        whole=get.get("whole") == "1",
        service=ascii_int(get.get("service")),
        segment=ascii_int(get.get("segment")),
        touchpoint=ascii_int(get.get("touchpoint")),
    )
    found = drill(body, quarter=Quarter.parse(get.get("q", "")), path=path, by=get.get("by", ""))
    if found is None:
        raise Http404("not the body's")
    return render(request, "indicators/drilldown.html", {"body": body, "drill": found})


@login_required
def costs(request: HttpRequest) -> HttpResponse:
    """What the body's services cost per quarter: entered one by one or from a file; with
    the clients served, the cost per transaction."""
    from indicators.forms import CostFileForm, CostForm
    from indicators.periods import last_quarters
    from registry.selectors import services_list

    user = request_user(request)
    body = access.get_body_for_targets(user)
    is_file = request.POST.get("action") == "file"
    data = post_data(request)
    form = CostForm(services_list(body=body), last_quarters(8), data if not is_file else None)
    upload = CostFileForm(data if is_file else None, request.FILES if is_file else None)
    if request.method == "POST" and not is_file:
        one = submit(
            form,
            lambda d: services.costs_set(
                actor=user,
                body=body,
                costs=[(d["service"], d["quarter"], d["amount"])],
                numbered=False,
            ),
        )
        if one:
            messages.success(request, _("Затраты сохранены."))
            return redirect("indicators:costs")
    if request.method == "POST" and is_file:
        saved = submit(
            upload,
            lambda d: services.costs_import(
                actor=user, body=body, name=d["file"].name, content=d["file"].read()
            ),
        )
        if saved:
            messages.success(request, _("Из файла сохранено строк: {n}.").format(n=saved))
            return redirect("indicators:costs")
    return render(
        request,
        "indicators/costs.html",
        {"form": form, "upload": upload, "rows": selectors.costs_of(body), "body": body},
        status=422 if form.errors or upload.errors else 200,
    )
