"""The export log page (152-ФЗ: who took which file with personal data, and when)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from exports import access, selectors
from exports.forms import LogFilter


@login_required
def log(request: HttpRequest) -> HttpResponse:
    body = access.body_for_log(request.user)
    form = LogFilter(request.GET or None)
    personal = bool(form.is_valid() and form.cleaned_data["personal"])
    events = selectors.events_for(body=body, personal_only=personal)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "exports/log.html", {"page": page, "form": form, "body": body})
