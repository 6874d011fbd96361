"""Inbox pages: the list with deadline clocks, an item with its answer editor and live
readability check, template answers, the body's rules, the head's figures and CSV import.

Views stay thin: the access helper loads, a form checks the shape, one service call does
the work; htmx requests get a named fragment of the same template.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import request_user
from accounts.roles import Cap
from inbox import access, selectors, services
from inbox.forms import (
    AnswerForm,
    ApproveForm,
    AssignForm,
    CategoryChoiceForm,
    CategoryForm,
    FilterForm,
    ImportForm,
    PolicyForm,
    StatusForm,
    TemplateForm,
    TemplateSearchForm,
    parse_import,
)
from inbox.models import OPEN_STATUSES, Category, Deadline, Item
from lib.forms import apply_errors, ascii_int, post_data, post_files, submit
from lib.htmx import is_htmx


@login_required
def inbox_list(request: HttpRequest) -> HttpResponse:
    """What clients wrote to the body, most urgent first, each with its clock (R22)."""
    body = access.get_body_for_read(request.user)
    user = request_user(request)
    policy = services.policy_for(body.pk)
    form = FilterForm(request.GET or {"status": "open"})
    filters = form.cleaned_data if form.is_valid() else {"status": "open"}
    items = selectors.items_for_body(
        body_id=body.pk,
        status=filters.get("status", ""),
        kind=filters.get("kind", ""),
        channel=filters.get("channel", ""),
        assignee_id=user.pk if filters.get("mine") else None,
        due=filters.get("due", ""),
        near_due_minutes=policy.near_due_minutes,
    )
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        (i, selectors.clock(i, now=now, near_due_minutes=policy.near_due_minutes)) for i in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inbox/inbox_list.html",
        {
            "body": body,
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_answer": access.can_answer(user, body.pk),
            "can_configure": access.can_configure(user, body.pk),
            "can_approve": access.can_approve(user, body.pk),
            "awaiting_approval": (
                selectors.inbox_summary(body_id=body.pk)["awaiting_approval"]
                if access.can_approve(user, body.pk)
                else 0
            ),
        },
    )


def _item_context(
    request: HttpRequest,
    item: Item,
    *,
    answer_form: AnswerForm | None = None,
    approve_form: ApproveForm | None = None,
) -> dict[str, Any]:
    user = request_user(request)
    policy = services.policy_for(item.body_id)
    draft = getattr(item, "draft", None)
    text = (
        answer_form.data.get("text", "")
        if answer_form and answer_form.is_bound
        else (draft.text if draft else "")
    )
    report = services.answer_check(body_id=item.body_id, text=text) if text.strip() else None
    form = _with_check(answer_form or AnswerForm(initial={"text": text}), item)
    return {
        "item": item,
        # The client's rating of the answer was low and the item is open again (R20).
        "reopened_by_rating": item.answer_score is not None
        and item.answer_score < selectors.LOW_SCORE
        and item.status in OPEN_STATUSES,
        "clock": selectors.clock(
            item, now=timezone.now(), near_due_minutes=policy.near_due_minutes
        ),
        "draft": draft,
        "approved_for_text": services.approved_for(draft, text),
        "answer_form": form,
        "report": report,
        # The gate's verdict already stands next to the field: the live check does not repeat it.
        "verdict_by_field": form.has_error("text", services.NEEDS_APPROVAL),
        "thresholds": policy.thresholds(),
        "assign_form": AssignForm(body_id=item.body_id, initial={"assignee": item.assignee_id}),
        "category_form": CategoryChoiceForm(initial={"category": item.category_id}),
        "status_form": StatusForm(),
        "approve_form": approve_form or ApproveForm(),
        "search_form": TemplateSearchForm(),
        "can_answer": access.can_answer(user, item.body_id) and item.status != "closed",
        "can_approve": access.can_approve(user, item.body_id),
    }


def _leave_problems_to_the_check(form: AnswerForm) -> None:
    """The live check under the field lists the readability problems (R23), so the field and
    the error summary keep only the gate's verdict: each problem is read once, not three times.
    """
    errors = form.errors.get("text")
    if errors:
        errors.data = [e for e in errors.as_data() if e.code != services.READABILITY_PROBLEM]


def _with_check(form: AnswerForm, item: Item) -> AnswerForm:
    form.fields["text"].widget.attrs.update(
        AnswerForm(check_url=reverse("inbox:check", args=[item.pk])).fields["text"].widget.attrs
    )
    return form


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_item_for_read(request.user, pk)
    return render(request, "inbox/item.html", _item_context(request, item))


@login_required
@require_POST
def item_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the draft, send the answer, or ask the head to approve it (R23 gate)."""
    item = access.get_item_for_answer(request.user, pk)
    user = request_user(request)
    form = AnswerForm(request.POST)
    action = request.POST.get("action", "save")
    if form.is_valid():
        text = form.cleaned_data["text"]
        try:
            if action == "send":
                services.answer_send(actor=user, item=item, text=text)
                messages.success(request, _("Ответ отправлен."))
                return redirect("inbox:item", pk=item.pk)
            if action == "approval":
                services.approval_request(actor=user, item=item, text=text)
                messages.success(request, _("Руководитель получил запрос на одобрение."))
                return redirect("inbox:item", pk=item.pk)
            services.draft_save(actor=user, item=item, text=text)
            messages.success(request, _("Черновик сохранён."))
            return redirect("inbox:item", pk=item.pk)
        except ValidationError as exc:
            apply_errors(form, exc)
            _leave_problems_to_the_check(form)
    item = access.get_item_for_read(request.user, pk)
    return render(
        request, "inbox/item.html", _item_context(request, item, answer_form=form), status=422
    )


@login_required
@require_POST
def item_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The live check as the answer is typed (htmx fragment)."""
    item = access.get_item_for_answer(request.user, pk)
    text = request.POST.get("text", "")[:20_000]
    report = services.answer_check(body_id=item.body_id, text=text) if text.strip() else None
    return render(
        request,
        "inbox/item.html#check",
        {
            "report": report,
            "item": item,
            "thresholds": services.policy_for(item.body_id).thresholds(),
        },
    )


@login_required
def item_templates(request: HttpRequest, pk: int) -> HttpResponse:
    """Templates matching a search, to insert into the answer (htmx fragment or page)."""
    item = access.get_item_for_answer(request.user, pk)
    form = TemplateSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    hits = selectors.templates_search(body_id=item.body_id, query=query)
    template = "inbox/item.html#hits" if is_htmx(request) else "inbox/item.html"
    context = _item_context(request, item) if not is_htmx(request) else {"item": item}
    context.update({"hits": hits, "searched": True, "search_form": form})
    return render(request, template, context)


@login_required
@require_POST
def item_insert(request: HttpRequest, pk: int) -> HttpResponse:
    """Append a template to the answer being written and check the result (htmx)."""
    item = access.get_item_for_answer(request.user, pk)
    current = request.POST.get("text", "").rstrip()
    inserted = request.POST.get("insert", "").strip()
    template_id = request.POST.get("template_id", "")
    if (used := ascii_int(template_id)) is not None:
        services.template_used(body_id=item.body_id, template_id=used)
    text = f"{current}\n\n{inserted}".strip() if current else inserted
    form = AnswerForm({"text": text[:20_000]})
    context = _item_context(request, item, answer_form=form)
    if is_htmx(request):
        return render(request, "inbox/item.html#editor", context)
    return render(request, "inbox/item.html", context)


@login_required
@require_POST
def item_update(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    """Assign, change the category or the status of an item."""
    item = access.get_item_for_answer(request.user, pk)
    user = request_user(request)
    form: AssignForm | CategoryChoiceForm | StatusForm
    if what == "assign":
        form = AssignForm(request.POST, body_id=item.body_id)
    elif what == "category":
        form = CategoryChoiceForm(request.POST)
    else:
        form = StatusForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        handing_over = what == "category" and _hands_over(item, data["category"])
        if handing_over and request.POST.get("confirmed") != "1":
            return render(
                request, "inbox/handover.html", {"item": item, "category": data["category"]}
            )
        try:
            if what == "assign":
                services.item_assign(actor=user, item=item, assignee=data["assignee"])
            elif what == "category":
                services.item_set_category(actor=user, item=item, category=data["category"])
            else:
                services.item_set_status(
                    actor=user, item=item, status=data["status"], note=data["note"]
                )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            if handing_over:
                messages.success(
                    request,
                    _("Обращение № %(n)s передано в %(body)s.")
                    % {"n": item.pk, "body": data["category"].body.short_name},
                )
            else:
                messages.success(request, _("Изменения сохранены."))
            if what == "category" and item.body_id != user.body_id:
                return redirect("inbox:list")
    else:
        for field_errors in form.errors.values():
            for problem in field_errors:
                messages.error(request, str(problem))
    return redirect("inbox:item", pk=item.pk)


def _hands_over(item: Item, category: Category | None) -> bool:
    """A category of another body moves the item to that body: it is asked first."""
    return category is not None and category.body_id != item.body_id


@login_required
@require_POST
def item_approve(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_item_for_approval(request.user, pk)
    form = ApproveForm(request.POST)
    returning = request.POST.get("decision") == "return"
    user = request_user(request)
    done = submit(
        form,
        lambda data: (
            services.answer_return(actor=user, item=item, comment=data["comment"])
            if returning
            else services.answer_approve(actor=user, item=item, comment=data["comment"])
        ),
    )
    if done is None:  # the comment's problem is shown next to it
        fresh = access.get_item_for_read(request.user, pk)
        return render(
            request, "inbox/item.html", _item_context(request, fresh, approve_form=form), status=422
        )
    if returning:
        messages.success(request, _("Ответ возвращён на доработку: исполнитель получил письмо."))
    else:
        messages.success(request, _("Ответ одобрен: исполнитель может его отправить."))
    return redirect("inbox:item", pk=item.pk)


# --- knowledge base ----------------------------------------------------------------------------


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    body = access.get_body_for_read(request.user)
    form = TemplateSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "inbox/templates.html",
        {
            "form": form,
            "hits": selectors.templates_search(body_id=body.pk, query=query, limit=200),
            "can_answer": access.can_answer(request.user, body.pk),
        },
    )


@login_required
def template_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    template = access.get_template_for_write(request.user, pk) if pk else None
    body = template.body if template else access.get_body_for(request.user, Cap.INBOX_ANSWER)
    initial = (
        {
            "title": template.title,
            "text": template.text,
            "life_situation": template.life_situation_id,
            "service": template.service_id,
            "need": template.need_id,
        }
        if template
        else None
    )
    form = TemplateForm(post_data(request), body_id=body.pk, initial=initial)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            services.template_save(
                actor=request_user(request), body=body, template=template, **form.cleaned_data
            )
        except ValidationError as exc:
            text = form.cleaned_data["text"]  # apply_errors removes it from cleaned_data
            apply_errors(form, exc)
            report = services.answer_check(body_id=body.pk, text=text)
        else:
            messages.success(request, _("Шаблон сохранён."))
            return redirect("inbox:templates")
    return render(
        request, "inbox/template_form.html", {"form": form, "template": template, "report": report}
    )


# --- the body's rules, figures and import ------------------------------------------------------


@login_required
def policy(request: HttpRequest) -> HttpResponse:
    """Deadlines per kind (R22), the gate's thresholds (R23) and routing categories."""
    body = access.get_body_for(request.user, Cap.INBOX_CONFIGURE)
    current = services.policy_for(body.pk)
    deadlines = dict(Deadline.objects.filter(body=body).values_list("kind", "minutes"))
    initial = {
        "min_reading_ease": current.min_reading_ease,
        "max_grade": current.max_grade,
        "max_sentence_words": current.max_sentence_words,
        "max_flags_per_100_words": current.max_flags_per_100_words,
        "near_due_minutes": current.near_due_minutes,
    }
    form = PolicyForm(post_data(request), initial=initial, deadlines=deadlines)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(
                actor=request_user(request),
                body=body,
                deadlines=form.deadlines(),
                **form.thresholds(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Правила сохранены."))
            return redirect("inbox:policy")
    categories = Category.objects.filter(body=body).select_related("answerer", "life_situation")
    return render(
        request,
        "inbox/policy.html",
        {
            "form": form,
            "categories": categories,
            "category_form": CategoryForm(body_id=body.pk),
            "body": body,
        },
    )


@login_required
def category_add(request: HttpRequest) -> HttpResponse:
    body = access.get_body_for(request.user, Cap.INBOX_CONFIGURE)
    form = CategoryForm(post_data(request), body_id=body.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(actor=request_user(request), body=body, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Категория добавлена."))
            return redirect("inbox:policy")
    return render(
        request, "inbox/category_form.html", {"form": form}, status=422 if form.errors else 200
    )


@login_required
def stats(request: HttpRequest) -> HttpResponse:
    """The head's figures: answered in time, median time to answer, readability, overdue."""
    body = access.get_body_for_read(request.user)
    days = max(1, min(ascii_int(request.GET.get("days"), default=28) or 28, 366))
    return render(
        request,
        "inbox/stats.html",
        {"body": body, "stats": selectors.stats_for_body(body_id=body.pk, days=days), "days": days},
    )


@login_required
def import_items(request: HttpRequest) -> HttpResponse:
    """Items from a CSV file; any bad row means nothing is imported, every error listed."""
    body = access.get_body_for(request.user, Cap.INBOX_POST)
    form = ImportForm(post_data(request), post_files(request))
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = parse_import(upload.name, upload.read(), body_id=body.pk)
        errors = parsed.errors
        if not errors:
            try:
                created = services.items_import(
                    actor=request_user(request), body=body, rows=parsed.rows
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(
                    request,
                    _("Загружено новых: {n}, уже были: {m}.").format(
                        n=created, m=len(parsed.rows) - created
                    ),
                )
                return redirect("inbox:list")
    return render(
        request,
        "inbox/import.html",
        {"form": form, "errors": errors},
        status=422 if errors or form.errors else 200,
    )
