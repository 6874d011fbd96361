"""Pages of touchpoint standards (R29): the body's board, a check to fill, an action to
keep, the shared lists."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import can_edit_for, request_user
from lib.forms import submit
from standards import access, selectors, services
from standards.forms import RemedyForm, answers_from, check_form


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The body's places with their last check, one under way, the open actions (overdue
    first to the eye), and the lists due for review."""
    body = access.get_body_for_read(request.user)
    rows = selectors.board(body)
    kinds = {row.touchpoint.kind for row in rows}
    return render(
        request,
        "standards/board.html",
        {
            "body": body,
            "rows": rows,
            "remedies": selectors.open_remedies(body),
            "to_review": selectors.lists_to_review(kinds),
            "can_edit": can_edit_for(request.user, body.pk),
        },
    )


@login_required
@require_POST
def check_start(request: HttpRequest, touchpoint_id: int) -> HttpResponse:
    user = request_user(request)
    access.get_touchpoint_for_check(user, touchpoint_id)
    try:
        check = services.check_start(actor=user, touchpoint_id=touchpoint_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("standards:board")
    return redirect("standards:check", pk=check.pk)


@login_required
def check_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A check under way: every requirement of the list to answer, a problem next to its
    requirement, nothing saved until all are answered. A finished one: its results."""
    user = request_user(request)
    if request.method == "POST":
        check = access.get_check_for_write(user, pk)
    else:
        check = access.get_check_for_read(user, pk)
    form = check_form(check, request.POST if request.method == "POST" else None)
    if request.method == "POST" and check.status == check.Status.OPEN:
        done = submit(
            form,
            lambda data: services.check_complete(
                actor=user, check=check, answers=answers_from(check, data)
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("Проверка завершена. Выполнено {s} % требований с учётом веса.").format(
                    s=localize(done.score) if done.score is not None else "—"
                ),
            )
            return redirect("standards:check", pk=check.pk)
    return render(
        request,
        "standards/check.html",
        {
            "check": check,
            "form": form,
            "can_edit": can_edit_for(user, check.body_id),
            "answers": {a.requirement_id: a for a in check.answers.all()},
        },
        status=422 if form.errors else 200,
    )


@login_required
def remedy_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Who does what by when about a requirement not met."""
    user = request_user(request)
    remedy = access.get_remedy_for_write(user, pk)
    people = selectors.owners_for(remedy.body_id)
    if request.method == "POST":
        form = RemedyForm(request.POST, people=people)
        if submit(
            form,
            lambda data: services.remedy_update(
                actor=user,
                remedy=remedy,
                what=data["what"],
                owner=data["owner"],
                due_on=data["due_on"],
            ),
        ):
            messages.success(request, _("Задача сохранена."))
            return redirect("standards:board")
    else:
        form = RemedyForm(initial=RemedyForm.initial_from(remedy), people=people)
    return render(
        request,
        "standards/remedy.html",
        {"remedy": remedy, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def lists(request: HttpRequest) -> HttpResponse:
    """The requirement lists of every kind of touchpoint (R29), with their review dates."""
    can_review = access.may_review_lists(request.user)
    if not can_review:
        access.get_body_for_read(request.user)
    return render(
        request,
        "standards/lists.html",
        {"lists": selectors.current_lists(), "can_review": can_review},
    )


@login_required
@require_POST
def list_reviewed(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    requirement_list = access.get_list_for_review(user, pk)
    services.list_reviewed(actor=user, requirement_list=requirement_list)
    messages.success(request, _("Отмечено: список пересмотрен."))
    return redirect("standards:lists")
