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
from indicators.catalogue import CATALOGUE
from indicators.forms import targets_form, targets_from
from lib.forms import post_data, submit
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
