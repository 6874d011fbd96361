"""The operator page: each background job's last run, its backlog and the oldest wait."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jobs import access, selectors


@login_required
def status(request: HttpRequest) -> HttpResponse:
    access.require_operator(request.user)
    return render(request, "jobs/status.html", {"rows": selectors.jobs_status()})
