"""Pages of touchpoint standards (R29): the body's board, a check to start and to fill
(by the body or by its mystery shopper, with photos), a place beside its ratings, an action
to keep, the shared lists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import can_edit_for, is_staff_of, request_user
from lib.forms import ascii_int, post_data, submit
from standards import access, selectors, services
from standards.evidence import MAX_BYTES
from standards.forms import RemedyForm, ScheduleForm, StartForm, answers_from, check_form


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The body's places with their last check, one under way, the open actions (overdue
    first to the eye), and the lists due for review."""
    body = access.get_body_for_read(request.user)
    rows = selectors.board(body)
    kinds = {row.touchpoint.kind for row in rows}
    today = timezone.localdate()
    dues = {d.touchpoint.pk: d.due_on for d in selectors.checks_due(body=body, within_days=3650)}
    for row in rows:
        row.due_on = dues.get(row.touchpoint.pk)
    schedule = services.schedule_of(body.pk)
    return render(
        request,
        "standards/board.html",
        {
            "body": body,
            "rows": rows,
            "remedies": selectors.open_remedies(body),
            "to_review": selectors.lists_to_review(kinds),
            "can_edit": can_edit_for(request.user, body.pk),
            "today": today,
            "soon": today + dt.timedelta(days=selectors.SOON_DAYS),
            "due_now": sum(1 for d in dues.values() if d <= today),
            "schedule_form": ScheduleForm(initial={"every_days": schedule.every_days}),
        },
    )


@login_required
def check_start(request: HttpRequest, touchpoint_id: int) -> HttpResponse:
    """Start a check of one place: a self-assessment, or a mystery visit or call assigned
    to one of the body's mystery shoppers with a scenario and a date."""
    user = request_user(request)
    place = access.get_touchpoint_for_check(user, touchpoint_id)
    shoppers = selectors.shoppers_for(place.body_id)
    form = StartForm(post_data(request), shoppers=shoppers)
    if request.method == "POST":
        check = submit(
            form,
            lambda data: services.check_start(
                actor=user,
                touchpoint_id=touchpoint_id,
                kind=data["kind"],
                assigned_to=data["assigned_to"].pk if data["assigned_to"] else None,
                scenario=data["scenario"],
                due_on=data["due_on"],
            ),
        )
        if check is not None:
            if check.assigned_to_id:
                messages.success(
                    request, _("Проверка назначена. Тайный покупатель получил письмо.")
                )
                return redirect("standards:board")
            return redirect("standards:check", pk=check.pk)
    return render(
        request,
        "standards/start.html",
        {"place": place, "form": form, "has_shoppers": shoppers.exists()},
        status=422 if form.errors else 200,
    )


@login_required
def check_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A check under way: every requirement of the list to answer, a problem next to its
    requirement; «Сохранить» keeps what is answered so far, «Завершить» needs all of it.
    Photos go up with either button, and stay even if the answers need mending. A finished
    check: its results, its photos, and where the ratings of the place disagree."""
    user = request_user(request)
    if request.method == "POST":
        check = access.get_check_for_write(user, pk)
    else:
        check = access.get_check_for_read(user, pk)
    form = check_form(check, post_data(request), request.FILES or None)
    if request.method == "POST" and check.status == check.Status.OPEN:
        stored = _photos_store(user, check, form)
        finishing = request.POST.get("action") == "complete"
        if finishing:
            done = submit(
                form,
                lambda data: services.check_complete(
                    actor=user,
                    check=check,
                    answers=answers_from(check, data),
                    visited_at=data.get("visited_at"),
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
        else:
            saved = submit(
                form,
                lambda data: services.check_save_draft(
                    actor=user, check=check, answers=answers_from(check, data)
                ),
            )
            if saved is not None and not form.errors:
                messages.success(request, _("Сохранено. Можно продолжить позже."))
                return redirect(
                    f"{reverse('standards:check', kwargs={'pk': check.pk})}#answers-form"
                )
        if stored:
            messages.info(
                request,
                _("Сохранено фото: {n}.").format(n=stored),
            )
        check = access.get_check_for_read(user, pk)
    return render(
        request,
        "standards/check.html",
        {
            "check": check,
            "form": form,
            "can_fill": services.may_fill(user, check),
            "is_staff": is_staff_of(user, check.body_id),
            "contradictions": selectors.contradictions(check),
            "signals": selectors.signals_of(check) if is_staff_of(user, check.body_id) else None,
        },
        status=422 if form.errors else 200,
    )


def _photos_store(user: Any, check: Any, form: Any) -> int:
    """Store the photos sent with the form, each checked on its own; a refused one is
    named next to the photo field, the others are kept."""
    files = form.files.getlist("photos") if form.files else []
    requirement = ascii_int(form.data.get("photo_for"))
    stored = 0
    for upload in files:
        if upload.size > MAX_BYTES:
            form.add_error("photos", _("«{name}»: больше 10 МБ.").format(name=upload.name[:80]))
            continue
        try:
            services.evidence_add(
                actor=user, check=check, data=upload.read(), requirement_id=requirement
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("photos", f"«{upload.name[:80]}»: {message}")
            continue
        stored += 1
    return stored


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """A check's photo, to those who may read the check: never a public address."""
    evidence = access.get_evidence_for_read(request.user, pk)
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = (
        f'inline; filename="photo-{evidence.pk}.{evidence.file.name.rsplit(".", 1)[-1]}"'
    )
    return response


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    user = request_user(request)
    evidence = access.get_evidence_for_write(user, pk, evidence_pk)
    try:
        services.evidence_remove(actor=user, evidence=evidence)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Фото удалено."))
    return redirect(f"{reverse('standards:check', kwargs={'pk': pk})}#photos")


@login_required
def assigned(request: HttpRequest) -> HttpResponse:
    """A mystery shopper's checks: what to visit or call, how, and by when."""
    user = request_user(request)
    access.get_shopper_body(user)
    return render(request, "standards/assigned.html", {"checks": selectors.assigned_to(user)})


@login_required
@require_POST
def schedule(request: HttpRequest) -> HttpResponse:
    """How often the body re-checks each place (R29)."""
    user = request_user(request)
    body = access.get_body_for_edit(user)
    form = ScheduleForm(request.POST)
    if submit(
        form,
        lambda data: services.schedule_set(
            actor=user, body_id=body.pk, every_days=data["every_days"]
        ),
    ):
        messages.success(request, _("Периодичность проверок сохранена."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(f"{reverse('standards:board')}#schedule")


@login_required
def place(request: HttpRequest, touchpoint_id: int) -> HttpResponse:
    """One place for its body: its checks, open actions, ratings and comments side by
    side, and where the last check and the ratings disagree (R29)."""
    user = request_user(request)
    found = access.get_touchpoint_for_read(user, touchpoint_id)
    view = selectors.place_view(found)
    return render(
        request,
        "standards/place.html",
        {
            "place": found,
            **view.__dict__,
            "driver_rows": selectors.driver_rows(view.signals),
            "can_edit": can_edit_for(user, found.body_id),
        },
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
