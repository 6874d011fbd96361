"""The body's side of the feedback loop: dashboard, one service across touchpoints,
comments and topics, cases, rating points with QR posters, operator entry, "you said —
we did", webhooks. Thin views over services and selectors."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import can_edit_for, refuse_post_unless, request_user
from accounts.models import Body
from exports import services as exports
from exports.services import Export
from feedback import access, analysis, charts, instrument, intake, qr, selectors, services
from feedback import volumes_import as volumes_file
from feedback.forms import (
    CaseForm,
    ChangeForm,
    DashboardFilter,
    ExcludeForm,
    FrameOriginsForm,
    NeedForm,
    OperatorForm,
    PointForm,
    WebhookForm,
)
from feedback.models import Case, Channel, RatingPoint, Webhook
from feedback.privacy import depersonalise
from feedback.webhooks import webhook_create
from lib.forms import TableFileForm, apply_errors, post_data, post_files
from registry import selectors as registry_selectors


def _body_choices(body: Body) -> dict[str, Any]:
    return {
        "services": registry_selectors.services_list(body=body).order_by("title"),
        "touchpoints": registry_selectors.touchpoints_serving(body_id=body.pk).order_by("title"),
    }


def _filters(request: HttpRequest, body: Body) -> tuple[selectors.Filters, DashboardFilter, int]:
    form = DashboardFilter.shown(request.GET, **_body_choices(body))
    filters = selectors.Filters(body_id=body.pk)
    data = form.cleaned_data
    months = int(data["period"])
    filters.service_id = data["service"].pk if data.get("service") else None
    filters.touchpoint_id = data["touchpoint"].pk if data.get("touchpoint") else None
    filters.channel = data.get("channel") or ""
    filters.client_kind = data.get("client_kind") or ""
    filters.month_from, filters.month_to = selectors.months_back(months)
    return filters, form, months


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    body = access.get_body_for_read(request.user)
    filters, form, months = _filters(request, body)
    unrolled = selectors.tail(filters)  # read once for all the groupings below
    total = selectors.total(filters, unrolled)
    sections, by_touchpoint = [], []
    for by, title in (
        ("service", _("По услугам")),
        ("life_situation", _("По жизненным ситуациям")),
        ("touchpoint", _("По точкам взаимодействия")),
        ("channel", _("По каналам")),
        ("client_kind", _("По видам клиентов")),
        ("segment", _("По сегментам (клиент известен)")),
    ):
        rows = selectors.grouped(filters, by, unrolled)
        if by == "touchpoint":
            by_touchpoint = rows
        if by in ("life_situation", "segment"):
            rows = [r for r in rows if r.key is not None]
        sections.append({"by": by, "title": title, "rows": rows})
    trend = selectors.grouped(filters, "month", unrolled)
    first, last = filters.month_from, filters.month_to
    assert first is not None and last is not None  # the form's period
    return render(
        request,
        "feedback/dashboard.html",
        {
            "body": body,
            "form": form,
            "months": months,
            "total": total,
            "trend_chart": charts.trend(
                trend, first=first, last=last, publish=False, ident="chart-trend"
            ),
            "distribution_chart": charts.distribution(
                total, publish=False, ident="chart-distribution"
            ),
            "sections": sections,
            "trend": trend,
            "tones": total.tones,
            "response_rates": selectors.response_rates(filters, by_touchpoint),
            "open_cases": Case.objects.filter(body=body, status=Case.Status.OPEN).count(),
            "overdue_cases": Case.objects.filter(
                body=body, status=Case.Status.OPEN, due_at__lt=timezone.now()
            ).count(),
            "can_edit": can_edit_for(request.user, body.pk),
        },
    )


@login_required
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One service side by side across touchpoints and channels (R19 made visible),
    what people complain about (topics), and its comments."""
    service = access.get_service_for_read(request.user, pk)
    body = service.body
    filters, form, months = _filters(request, body)
    filters.service_id = service.pk
    filters.touchpoint_id = None
    recent = list(selectors.comments(filters).values_list("id", "comment")[:2000])
    # Topic words come from the comments too: masked data never become one.
    topics = analysis.topics([(pk, depersonalise(text, labelled=False)) for pk, text in recent])
    texts = dict(recent)
    return render(
        request,
        "feedback/service.html",
        {
            "body": body,
            "service": service,
            "form": form,
            "months": months,
            "total": selectors.total(filters),
            "by_touchpoint": selectors.grouped(filters, "touchpoint"),
            "by_channel": selectors.grouped(filters, "channel"),
            "topics": [
                {"topic": t, "examples": [depersonalise(texts[i]) for i in t.examples]}
                for t in topics
            ],
        },
    )


@login_required
def comments(request: HttpRequest) -> HttpResponse:
    body = access.get_body_for_read(request.user)
    filters, form, _months = _filters(request, body)
    tone = request.GET.get("tone")
    driver = request.GET.get("driver", "")
    qs = selectors.comments(
        filters,
        tone=int(tone) if tone in ("-1", "0", "1") else None,
        driver=driver,
        low_only=request.GET.get("low") == "1",
    )
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    rows = [
        {
            "rating": r,
            "text": depersonalise(r.comment),
            "drivers": [
                instrument.DRIVERS_BY_CODE[c].bad for c in instrument.drivers_from_mask(r.drivers)
            ],
        }
        for r in page
    ]
    return render(
        request,
        "feedback/comments.html",
        {
            "body": body,
            "form": form,
            "page": page,
            "rows": rows,
            "tone": tone,
            "driver": driver,
            "drivers": instrument.DRIVERS,
            "can_edit": can_edit_for(request.user, body.pk),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def rating_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One rating: exclude it (moderator), or make its comment a typical need (R21)."""
    rating = access.get_rating_for_write(request.user, pk)
    actor = request_user(request)
    exclude_form = ExcludeForm(
        post_data(request) if request.POST.get("action") == "exclude" else None
    )
    need_form = NeedForm(
        post_data(request) if request.POST.get("action") == "need" else None,
        situations=registry_selectors.life_situations_owned_by(body_id=rating.body_id),
        initial={"title": depersonalise(rating.comment)[:300]},
    )
    if request.method == "POST":
        form = exclude_form if request.POST.get("action") == "exclude" else need_form
        if form.is_valid():
            try:
                if form is exclude_form:
                    services.rating_exclude(
                        actor=actor, rating=rating, reason=form.cleaned_data["reason"]
                    )
                    messages.success(
                        request,
                        _("Оценка исключена из показателей. Она сохранена, запись есть в журнале."),
                    )
                else:
                    services.comment_to_need(
                        actor=actor, rating=rating,
                        life_situation=form.cleaned_data["life_situation"],
                        title=form.cleaned_data["title"],
                    )  # fmt: skip
                    messages.success(
                        request,
                        _("Потребность добавлена в жизненную ситуацию со статусом «в работе»."),
                    )
                return redirect("feedback:rating", pk=rating.pk)
            except ValidationError as exc:
                apply_errors(form, exc)
    rating.refresh_from_db()
    return render(
        request,
        "feedback/rating.html",
        {
            "rating": rating,
            "text": depersonalise(rating.comment),
            "drivers": [
                instrument.DRIVERS_BY_CODE[c].bad
                for c in instrument.drivers_from_mask(rating.drivers)
            ],
            "exclude_form": exclude_form,
            "need_form": need_form,
        },
        status=422 if exclude_form.errors or need_form.errors else 200,
    )


@login_required
def cases(request: HttpRequest) -> HttpResponse:
    body = access.get_body_for_read(request.user)
    status = request.GET.get("status", Case.Status.OPEN)
    if status not in Case.Status.values:
        status = ""
    page = Paginator(selectors.cases_for_body(body.pk, status=status), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "feedback/cases.html",
        {"body": body, "page": page, "status": status, "statuses": Case.Status.choices},
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = access.get_case_for_read(request.user, pk)
    can_edit = can_edit_for(request.user, case.body_id)
    refuse_post_unless(request, can_edit, f"case:{pk}")
    form = CaseForm(post_data(request) if can_edit else None)
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            services.case_close(actor=request_user(request), case=case, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Разбор закрыт."))
            return redirect("feedback:cases")
    return render(
        request,
        "feedback/case.html",
        {
            "case": case,
            "text": case.rating.comment
            if access.sees_contacts(request.user, case.body_id)
            else depersonalise(case.rating.comment),
            "contact": case.rating.contact_email
            if access.sees_contacts(request.user, case.body_id)
            else "",
            "form": form,
            "can_edit": can_edit,
        },
        status=422 if form.errors else 200,
    )


@login_required
def points(request: HttpRequest) -> HttpResponse:
    """Short links, QR codes, widgets and kiosks of the body, and a form to add one."""
    body = access.get_body_for_read(request.user)
    can_edit = can_edit_for(request.user, body.pk)
    refuse_post_unless(request, can_edit, "rating-points")
    form = PointForm(
        post_data(request) if can_edit else None,
        services=registry_selectors.services_list(body=body).order_by("title"),
        situations=registry_selectors.life_situations_owned_by(body_id=body.pk).order_by("title"),
        touchpoints=registry_selectors.touchpoints_serving(body_id=body.pk),
    )
    if request.method == "POST" and can_edit and form.is_valid():
        data = form.cleaned_data
        try:
            point = services.point_create(
                actor=request_user(request),
                subject=data["service"] or data["life_situation"],
                touchpoint=data["touchpoint"],
                place=data["place"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Точка оценки создана: %(url)s") % {"url": point.code})
            return redirect("feedback:points")
    rows = RatingPoint.objects.filter(body=body).select_related(
        "service", "life_situation", "touchpoint"
    )
    return render(
        request,
        "feedback/points.html",
        {"body": body, "rows": rows, "form": form, "can_edit": can_edit},
        status=422 if form.errors else 200,
    )


@login_required
def point_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Links, QR code and widget code of a point; editors list the sites that may show
    the widget (the rest cannot frame it)."""
    point = access.get_point_for_read(request.user, pk)
    can_edit = can_edit_for(request.user, point.body_id)
    refuse_post_unless(request, can_edit, f"rating-point:{pk}")
    form = FrameOriginsForm(
        post_data(request) if can_edit else None,
        initial={"frame_origins": point.frame_origins},
    )
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            services.point_frame_origins_set(
                actor=request_user(request), point=point, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Список сайтов для виджета сохранён."))
            return redirect("feedback:point", pk=point.pk)
    links = qr.links(point)
    return render(
        request,
        "feedback/point.html",
        {
            "point": point,
            "links": links,
            "qr_svg": qr.svg(links["qr"]),
            "form": form,
            "can_edit": can_edit,
        },
        status=422 if form.errors else 200,
    )


@login_required
def point_poster(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable A4 or A5 poster with the QR code (PDF, WeasyPrint)."""
    point = access.get_point_for_read(request.user, pk)
    size = "A5" if request.GET.get("size") == "A5" else "A4"
    export = Export(
        what="feedback.poster",
        filename=f"otsenka-{point.code}-{size}.pdf",
        body=point.body,
        title=_("Плакат с QR-кодом «{t}»").format(t=point),
    )
    return exports.pdf_response(
        request, export, qr.poster_html(point, size=size), base_url=settings.SITE_URL, inline=True
    )


@login_required
def operator(request: HttpRequest) -> HttpResponse:
    """A call-centre operator records the caller's rating, with the same instrument."""
    body = access.get_body_for_entry(request.user)
    points_qs = RatingPoint.objects.filter(body=body, is_active=True).select_related(
        "service", "life_situation", "touchpoint"
    )
    form = OperatorForm(post_data(request), points=points_qs)
    if request.method == "POST" and form.is_valid():
        point = form.cleaned_data["point"]
        try:
            intake.rating_receive(
                arrival=intake.Arrival(channel=Channel.OPERATOR, entered_by=request_user(request)),
                subject=point.service or point.life_situation,
                answers=instrument.check(**form.answers(), in_person=point.in_person),
                touchpoint=point.touchpoint,
                point=point,
                client_kind=point.client_kind,
                contact_email=form.cleaned_data.get("contact_email") or "",
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Оценка звонящего записана."))
            return redirect("feedback:operator")
    return render(
        request, "feedback/operator.html", {"body": body, "form": form},
        status=422 if form.errors else 200,
    )  # fmt: skip


@login_required
def changes(request: HttpRequest) -> HttpResponse:
    body = access.get_body_for_read(request.user)
    can_edit = can_edit_for(request.user, body.pk)
    refuse_post_unless(request, can_edit, "changes")
    form = ChangeForm(
        post_data(request) if can_edit else None,
        services=registry_selectors.services_list(body=body).order_by("title"),
        situations=registry_selectors.life_situations_owned_by(body_id=body.pk).order_by("title"),
    )
    if request.method == "POST" and can_edit and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_create(
                actor=request_user(request),
                subject=data["service"] or data["life_situation"],
                said=data["said"], did=data["did"], done_on=data["done_on"],
                rating_ids=data["ratings"],
            )  # fmt: skip
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Запись «Вы сказали — мы сделали» опубликована."))
            return redirect("feedback:changes")
    return render(
        request,
        "feedback/changes.html",
        {
            "body": body,
            "rows": selectors.changes_for(body_id=body.pk),
            "form": form,
            "can_edit": can_edit,
        },
        status=422 if form.errors else 200,
    )


@login_required
def webhooks(request: HttpRequest) -> HttpResponse:
    body = access.get_body_for_write(request.user)
    form = WebhookForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            hook = webhook_create(actor=request_user(request), body=body, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Вебхук добавлен. Секрет для проверки подписи: %(s)s") % {"s": hook.secret},
            )
            return redirect("feedback:webhooks")
    rows = Webhook.objects.filter(body=body).order_by("-id")
    return render(
        request, "feedback/webhooks.html", {"body": body, "rows": rows, "form": form},
        status=422 if form.errors else 200,
    )  # fmt: skip


@login_required
def volumes_import(request: HttpRequest) -> HttpResponse:
    """Clients served and offered the rating, per touchpoint and month, from a file; any
    bad row means nothing is stored, and every problem is named with its row."""
    body = access.get_body_for_write(request.user)
    form = TableFileForm(post_data(request), post_files(request))
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = volumes_file.parse(upload.name, upload.read(), body=body)
        errors = parsed.errors
        if not errors:
            try:
                stored = services.volumes_import(
                    actor=request_user(request), body=body, rows=parsed.rows
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(request, _("Загружено строк: {n}.").format(n=stored))
                return redirect("feedback:dashboard")
    return render(
        request,
        "feedback/volumes_import.html",
        {"body": body, "form": form, "errors": errors},
        status=422 if errors or form.errors else 200,
    )
