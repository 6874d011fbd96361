"""Pages of indicators: a body's indicators for its head, and its own targets."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import request_user
from accounts.roles import Cap, can
from indicators import access, selectors, services
from indicators.catalogue import BY_CODE, CATALOGUE
from indicators.forms import CloseForm, targets_form, targets_from
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
    from indicators.compare import chart, funnel
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
    found = funnel(quarter)
    return render(
        request,
        "indicators/compare.html",
        {
            "funnel": found,
            "chart": chart(found),
            "quarter": quarter,
            "choices": choices,
            "notice": notice,
        },
    )
