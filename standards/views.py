"""Pages of touchpoint standards (R29): the body's board, a check to start and to fill
(by the body or by its mystery shopper, with photos), a place beside its ratings, an action
to keep, the shared lists."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import can_edit_for, is_staff_of, request_user
from lib.forms import apply_errors, ascii_int, post_data, submit
from standards import access, selectors, services
from standards.evidence import MAX_BYTES, MAX_PER_REQUEST
from standards.forms import (
    ROW_FIELDS,
    RemedyForm,
    ScheduleForm,
    StartForm,
    answers_from,
    check_form,
    items_from,
    list_form,
)


@login_required
def board(request: HttpRequest) -> HttpResponse:
    """The body's places with their last check, one under way, the open actions (overdue
    first to the eye), and the lists due for review."""
    return _board(request)


def _board(request: HttpRequest, schedule_form: Any = None) -> HttpResponse:
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
            "schedule_form": schedule_form
            or ScheduleForm(initial={"every_days": schedule.every_days}),
            "every_days": schedule.every_days,
        },
        status=422 if schedule_form is not None and schedule_form.errors else 200,
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
    Photos go up with either button and are taken back with «Удалить фото», which keeps
    the answers too; a refused photo is named next to the photo field and nothing else is
    lost. The visit's time is typed and read in the place's own time zone. A finished
    check: its results, its photos, and (to the body's staff) where the ratings of the
    place disagree."""
    user = request_user(request)
    if request.method == "POST":
        check = access.get_check_for_write(user, pk)
    else:
        check = access.get_check_for_read(user, pk)
    zone = ZoneInfo(check.touchpoint.time_zone)
    with timezone.override(zone):  # the visit time typed is the place's local time
        form = check_form(check, post_data(request), request.FILES or None)
        if request.method == "POST" and check.status == check.Status.DONE:
            messages.error(request, _("Проверка уже завершена: изменения не сохранены."))
        elif request.method == "POST":
            done = _check_post(request, user, check, form)
            if done is not None:
                return done
            check = access.get_check_for_read(user, check.pk)
    staff = is_staff_of(user, check.body_id)
    return render(
        request,
        "standards/check.html",
        {
            "check": check,
            "form": form,
            "can_fill": services.may_fill(user, check),
            "is_staff": staff,
            "visited_local": timezone.localtime(check.visited_at, zone)
            if check.visited_at
            else None,
            "contradictions": selectors.contradictions(check) if staff else [],
            "signals": selectors.signals_of(check) if staff else None,
        },
        status=422 if form.errors else 200,
    )


def _check_post(request: HttpRequest, user: Any, check: Any, form: Any) -> HttpResponse | None:
    """What a button of an open check does; a redirect when all went well."""
    here = reverse("standards:check", kwargs={"pk": check.pk})
    stored = _photos_store(user, check, form)
    if stored:
        messages.success(request, _("Сохранено фото: {n}.").format(n=stored))
    answers_fine = form.is_valid() or set(form.errors) == {"photos"}
    action = request.POST.get("action", "")
    if action == "complete":
        if form.is_valid():
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
                return redirect(here)
        return None
    removed = ascii_int(request.POST.get("remove_photo"))
    if removed is not None:
        evidence = access.get_evidence_for_write(user, check.pk, removed)
        try:
            services.evidence_remove(actor=user, evidence=evidence)
        except ValidationError as exc:
            form.add_error("photos", " ".join(exc.messages))
            return None
        messages.success(request, _("Фото удалено."))
    if not answers_fine:
        return None
    try:
        services.check_save_draft(
            actor=user,
            check=check,
            answers=answers_from(check, form.cleaned_data),
            visited_at=form.cleaned_data.get("visited_at"),
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    if form.errors:  # a photo was refused: the answers are kept, the problem is shown
        messages.success(request, _("Ответы сохранены. Одно или несколько фото не подошли."))
        return None
    if removed is None:
        messages.success(request, _("Сохранено. Можно продолжить позже."))
    return redirect(f"{here}#photos" if removed is not None else here)


def _photos_store(user: Any, check: Any, form: Any) -> int:
    """Store the photos sent with the form, each checked on its own; a refused one is
    named next to the photo field, the others are kept."""
    files = form.files.getlist("photos") if form.files else []
    if len(files) > MAX_PER_REQUEST:
        form.add_error(
            "photos",
            _("За один раз — не больше {n} фото: отправьте остальные следующим разом.").format(
                n=MAX_PER_REQUEST
            ),
        )
        return 0
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
    try:
        opened = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(opened, content_type=evidence.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = (
        f'inline; filename="photo-{evidence.pk}.{evidence.file.name.rsplit(".", 1)[-1]}"'
    )
    return response


@login_required
def assigned(request: HttpRequest) -> HttpResponse:
    """A mystery shopper's checks: what to visit or call, how, and by when."""
    user = request_user(request)
    access.get_shopper_body(user)
    return render(request, "standards/assigned.html", {"checks": selectors.assigned_to(user)})


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """How often the body re-checks each place (R29). A GET (the address left in the bar
    after an error, a language switch) goes back to the board."""
    if request.method != "POST":
        return redirect(f"{reverse('standards:board')}#schedule")
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
        return redirect(f"{reverse('standards:board')}#schedule")
    return _board(request, schedule_form=form)  # the problem next to the field


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


@login_required
def list_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The keeper of shared lists writes a list's next version (R29): what is wrong is
    said next to its row, and nothing changes until all is right."""
    user = request_user(request)
    requirement_list = access.get_list_for_review(user, pk)
    form = list_form(requirement_list, post_data(request))
    if request.method == "POST" and form.is_valid():
        items, rows = items_from(form)
        try:
            made = services.list_revise(
                actor=user,
                requirement_list=requirement_list,
                items=items,
                title=form.cleaned_data["title"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                parts = key.split(".")
                field: str | None = key if key in ("title", "source") else None
                if len(parts) == 3:  # items.<i>.<field>: the row on the form
                    field = f"{parts[2]}_{rows[int(parts[1])]}"
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(
                request,
                _("Сохранена версия {v} списка. Новые проверки идут по ней.").format(
                    v=made.version
                ),
            )
            return redirect("standards:lists")
    rows_of_fields = [
        [form[f"{name}_{i}"] for name in (*ROW_FIELDS, "remove")]
        for i in range(form.row_count)  # type: ignore[attr-defined]
    ]
    return render(
        request,
        "standards/list_edit.html",
        {"list": requirement_list, "form": form, "rows": rows_of_fields},
        status=422 if form.errors else 200,
    )
