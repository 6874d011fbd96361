"""Segments pages for a body's analysts (and its head, who reads them).

Views stay thin: the access helper loads the object, a form checks the input, one
service call does the work; htmx requests get a fragment of the same template.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import can_edit_for, request_user
from lib.forms import apply_errors, ascii_int, post_data
from lib.htmx import is_htmx
from segments import access, rules, selectors, services
from segments.forms import (
    AttributeForm,
    AttributeValueForm,
    CompareForm,
    FindingForm,
    FinishStudyForm,
    HypothesisCheckForm,
    HypothesisForm,
    NoteForm,
    ProfileForm,
    PublishForm,
    RespondentForm,
    SegmentForm,
    StudyForm,
    WeightsForm,
)
from segments.models import MIN_ATTRIBUTES, Attribute, Hypothesis, Segment, Study
from segments.priority import INPUT_LABELS
from segments.snapshots import compare


@login_required
def segment_list(request: HttpRequest) -> HttpResponse:
    """The body's segments ranked "to study first" (R8)."""
    body = access.get_body_for_read(request.user)
    ranking = selectors.priority_ranking(body_id=body.pk)
    return render(
        request,
        "segments/segment_list.html",
        {
            "body": body,
            "ranking": ranking,
            "weights": [
                (INPUT_LABELS[name], weight)
                for name, weight in selectors.weights_for_body(body_id=body.pk).items()
            ],
            "can_edit": can_edit_for(request_user(request), body.pk),
            "overdue_years": selectors.overdue_report_years(body=body),
            "year": timezone.localdate().year,
        },
    )


@login_required
def segment_create(request: HttpRequest) -> HttpResponse:
    body = access.get_body_for_write(request.user)
    user = request_user(request)
    form = SegmentForm(post_data(request), body_id=body.pk)
    if request.method == "POST" and form.is_valid():
        try:
            segment = services.segment_create(actor=user, body=body, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Сегмент создан. Добавьте признаки профиля: от 5 до 15."))
            return redirect("segments:detail", slug=segment.slug)
    return render(request, "segments/segment_form.html", {"form": form})


def _detail_context(
    request: HttpRequest, slug: str, check_errors: dict[int, object] | None = None, **forms: object
) -> dict[str, object]:
    segment = access.get_segment_for_read(request.user, slug)
    check_errors = check_errors or {}
    hypotheses = [
        (
            h,
            check_errors.get(h.pk)
            or HypothesisCheckForm(
                prefix=f"check-{h.pk}", initial={"status": h.status, "evidence": h.evidence}
            ),
        )
        for h in segment.hypotheses.all()
    ]
    attributes = selectors.attributes_for_body(body_id=segment.body_id)
    if "attribute_form" not in forms:
        forms["attribute_form"] = _attribute_form(request, segment, attributes)
    place, total, segment_priority = selectors.segment_priority(segment=segment)
    return {
        "segment": segment,
        "problems": rules.profile_problems(segment),
        "count_problem": rules.attribute_count_problem(len(segment.attributes.all())),
        "can_edit": can_edit_for(request.user, segment.body_id),
        "hypothesis_form": HypothesisForm(prefix="hyp"),
        "hypotheses": hypotheses,
        "priority": segment_priority,
        "place": place,
        "total": total,
        "respondents": segment.respondents.all(),
        **forms,
    }


def _attribute_form(request: HttpRequest, segment: Segment, attributes: Any) -> AttributeValueForm:
    """The attribute form, with the values of the attribute ``?attr-attribute=`` names
    (the profile's current ones ticked), or only the choice of attribute."""
    pk = ascii_int(request.GET.get("attr-attribute"))
    chosen = attributes.filter(pk=pk).first() if pk else None
    current = next((a.values for a in segment.attributes.all() if a.attribute_id == pk), None)
    return AttributeValueForm(attributes=attributes, chosen=chosen, current=current, prefix="attr")


@login_required
def segment_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The profile: attributes (R6 flag), hypotheses (R7), priority inputs (R8). An htmx
    request (an attribute chosen) gets the attributes fragment with its values."""
    context = _detail_context(request, slug)
    if is_htmx(request):
        return render(request, "segments/segment_detail.html#attributes", context)
    return render(request, "segments/segment_detail.html", context)


@login_required
@require_POST
def attribute_set(request: HttpRequest, slug: str) -> HttpResponse:
    segment = access.get_segment_for_write(request.user, slug)
    attributes = selectors.attributes_for_body(body_id=segment.body_id)
    form = AttributeValueForm(request.POST, attributes=attributes, prefix="attr")
    if form.is_valid() and "values" in form.cleaned_data:
        try:
            services.segment_attribute_set(
                actor=request_user(request),
                segment=segment,
                attribute=form.cleaned_data["attribute"],
                values=form.cleaned_data["values"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            form = AttributeValueForm(attributes=attributes, prefix="attr")
    return _profile_fragment(request, slug, "attributes", attribute_form=form)


@login_required
def attribute_remove(request: HttpRequest, slug: str, attribute_id: int) -> HttpResponse:
    """Asks first, saying what the profile keeps, then removes the attribute (a version)."""
    segment = access.get_segment_for_write(request.user, slug)
    row = next((a for a in segment.attributes.all() if a.attribute_id == attribute_id), None)
    if row is None:
        if request.method == "POST":  # a second click: the attribute is gone already
            return redirect("segments:detail", slug=slug)
        raise access.refuse_not_found(request.user, f"segment_attribute:{attribute_id}")
    if request.method != "POST":
        left = len(segment.attributes.all()) - 1
        return render(
            request,
            "segments/attribute_remove.html",
            {
                "segment": segment,
                "row": row,
                "left": left,
                "too_few": left < MIN_ATTRIBUTES,
                "minimum": MIN_ATTRIBUTES,
            },
        )
    services.segment_attribute_remove(
        actor=request_user(request), segment=segment, attribute=row.attribute
    )
    messages.success(
        request,
        _("Признак «%(name)s» убран, в историю профиля добавлена версия %(n)s.")
        % {"name": row.attribute.label, "n": segment.version},
    )
    return redirect("segments:detail", slug=slug)


@login_required
@require_POST
def hypothesis_add(request: HttpRequest, slug: str) -> HttpResponse:
    segment = access.get_segment_for_write(request.user, slug)
    form = HypothesisForm(request.POST, prefix="hyp")
    if form.is_valid():
        services.hypothesis_add(actor=request_user(request), segment=segment, **form.cleaned_data)
        form = HypothesisForm(prefix="hyp")
    return _profile_fragment(request, slug, "hypotheses", hypothesis_form=form)


@login_required
@require_POST
def hypothesis_check(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    segment = access.get_segment_for_write(request.user, slug)
    hypothesis = Hypothesis.objects.filter(segment=segment, pk=pk).first()
    if hypothesis is None:
        raise access.refuse_not_found(request.user, f"hypothesis:{pk}")
    form = HypothesisCheckForm(request.POST, prefix=f"check-{pk}")
    errors: dict[int, object] = {}
    if form.is_valid():
        try:
            services.hypothesis_check(
                actor=request_user(request), hypothesis=hypothesis, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            errors[pk] = form
    else:
        errors[pk] = form
    return _profile_fragment(request, slug, "hypotheses", check_errors=errors)


def _profile_fragment(request: HttpRequest, slug: str, name: str, **forms: Any) -> HttpResponse:
    """After a change: the fragment for htmx, the whole page otherwise."""
    context = _detail_context(request, slug, **forms)
    if is_htmx(request):
        return render(request, f"segments/segment_detail.html#{name}", context)
    return render(request, "segments/segment_detail.html", context)


@login_required
@require_POST
def segment_finalise(request: HttpRequest, slug: str) -> HttpResponse:
    segment = access.get_segment_for_write(request.user, slug)
    try:
        services.segment_finalise(actor=request_user(request), segment=segment)
    except ValidationError as exc:
        for problem in exc.message_dict.get("status", exc.messages):
            messages.error(request, problem)
    else:
        messages.success(request, _("Профиль отмечен итоговым."))
    return redirect("segments:detail", slug=slug)


@login_required
def segment_edit(request: HttpRequest, slug: str) -> HttpResponse:
    segment = access.get_segment_for_write(request.user, slug)
    form = ProfileForm(post_data(request), initial=ProfileForm.initial_from(segment))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            services.segment_update(
                actor=request_user(request), segment=segment, reason=reason, **data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Профиль сохранён, версия добавлена в историю."))
            return redirect("segments:detail", slug=slug)
    return render(request, "segments/segment_edit.html", {"segment": segment, "form": form})


@login_required
def segment_versions(request: HttpRequest, slug: str) -> HttpResponse:
    """History of the profile and two versions side by side (R9)."""
    segment = access.get_segment_for_read(request.user, slug)
    versions = list(segment.versions.all())
    by_number = {v.number: v for v in versions}
    newest = versions[0].number if versions else 1
    form = CompareForm(request.GET or {"a": max(newest - 1, 1), "b": newest})
    rows, left, right = [], None, None
    if form.is_valid():
        left, right = by_number.get(form.cleaned_data["a"]), by_number.get(form.cleaned_data["b"])
        if left is None or right is None:
            form.add_error("a" if left is None else "b", _("Такой версии нет."))
        else:
            rows = compare(left.snapshot, right.snapshot)
    return render(
        request,
        "segments/segment_versions.html",
        {
            "segment": segment,
            "versions": versions,
            "form": form,
            "rows": rows,
            "left": left,
            "right": right,
        },
    )


@login_required
def attribute_catalogue(request: HttpRequest) -> HttpResponse:
    """The shared catalogue and the body's own attributes (R5); analysts extend it."""
    body = access.get_body_for_read(request.user)
    user = request_user(request)
    form = AttributeForm(post_data(request))
    if request.method == "POST":
        access.get_body_for_write(user)
        if form.is_valid():
            try:
                services.attribute_create(actor=user, body=body, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Признак добавлен в каталог органа."))
                return redirect("segments:attributes")
    return render(
        request,
        "segments/attributes.html",
        {
            "attributes": selectors.attributes_for_body(body_id=body.pk),
            "form": form,
            "can_edit": can_edit_for(user, body.pk),
            "sources": dict(Attribute.SourceKind.choices),
        },
    )


@login_required
def weights(request: HttpRequest) -> HttpResponse:
    """The body's weights of the priority inputs (R8)."""
    body = access.get_body_for_read(request.user)
    user = request_user(request)
    initial: dict[str, Any] = {
        **selectors.weights_for_body(body_id=body.pk),
        "capacity_direction": selectors.capacity_direction_of_body(body_id=body.pk),
    }
    form = WeightsForm(post_data(request), initial=initial)
    if request.method == "POST":
        access.get_body_for_write(user)
        if form.is_valid():
            try:
                services.weights_update(actor=user, body=body, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Веса сохранены. Рейтинг пересчитан."))
                return redirect("segments:list")
    return render(
        request, "segments/weights.html", {"form": form, "can_edit": can_edit_for(user, body.pk)}
    )


# --- Research ----------------------------------------------------------------------------


@login_required
def study_list(request: HttpRequest) -> HttpResponse:
    body = access.get_body_for_read(request.user)
    user = request_user(request)
    form = StudyForm(post_data(request))
    if request.method == "POST":
        access.get_body_for_write(user)
        if form.is_valid():
            study = services.study_create(actor=user, body=body, **form.cleaned_data)
            return redirect("segments:study", pk=study.pk)
    return render(
        request,
        "segments/study_list.html",
        {
            "studies": selectors.studies_for_body(body_id=body.pk),
            "form": form,
            "can_edit": can_edit_for(user, body.pk),
        },
    )


def _study_context(request: HttpRequest, pk: int, **forms: object) -> dict[str, object]:
    study = access.get_study_for_read(request.user, pk)
    return {
        "study": study,
        "can_edit": can_edit_for(request.user, study.body_id) and study.status != "finished",
        # A respondent may be deleted even from a finished study (consent withdrawn).
        "can_remove": can_edit_for(request.user, study.body_id),
        "respondent_form": RespondentForm(body_id=study.body_id, prefix="resp"),
        "note_form": NoteForm(prefix="note"),
        "finding_form": FindingForm(body_id=study.body_id, prefix="find"),
        "finish_form": FinishStudyForm(prefix="finish"),
        **forms,
    }


@login_required
def study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "segments/study_detail.html", _study_context(request, pk))


@login_required
def respondent_remove(request: HttpRequest, pk: int, respondent_id: int) -> HttpResponse:
    """Asks first, then deletes the respondent (audited)."""
    respondent = access.get_respondent_for_write(request.user, pk, respondent_id)
    if request.method != "POST":
        return render(request, "segments/respondent_remove.html", {"respondent": respondent})
    services.respondent_remove(actor=request_user(request), respondent=respondent)
    messages.success(request, _("Респондент удалён. Его заметки остались без ссылки на него."))
    return redirect("segments:study", pk=pk)


@login_required
@require_POST
def study_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Add a respondent, a note or a finding, or finish the study."""
    study = access.get_study_for_write(request.user, pk)
    user = request_user(request)
    form: forms.Form
    call: Callable[..., object]
    if action == "respondent":
        form = RespondentForm(request.POST, body_id=study.body_id, prefix="resp")
        call = services.respondent_add
    elif action == "note":
        form = NoteForm(request.POST, prefix="note")
        call = services.study_note_add
    elif action == "finding":
        form = FindingForm(request.POST, body_id=study.body_id, prefix="find")
        call = services.finding_add
    else:
        form = FinishStudyForm(request.POST, prefix="finish")
        call = services.study_finish
    if form.is_valid():
        try:
            call(actor=user, study=study, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if action == "finish":
                messages.success(
                    request, _("Исследование завершено. Затронутые профили отмечены к пересмотру.")
                )
            return redirect("segments:study", pk=pk)
    names = {"respondent": "respondent_form", "note": "note_form", "finding": "finding_form"}
    context = _study_context(request, pk, **{names.get(action, "finish_form"): form})
    return render(request, "segments/study_detail.html", context, status=400)


def _publish(
    request: HttpRequest,
    *,
    study: Study | None = None,
    segment: Segment | None = None,
    initial: dict[str, str],
    back: str,
) -> HttpResponse:
    """The form that publishes what a study or a profile found, and its current state."""
    situations = selectors.research_life_situations(study=study, segment=segment)
    publication = selectors.publication_of(study=study, segment=segment)
    if publication is not None:
        initial = {
            "life_situation": str(publication.life_situation_id),
            "title": publication.title,
            "found": publication.found,
            "changes": publication.changes,
        }
    elif len(situations) == 1:
        initial = {**initial, "life_situation": str(situations[0].pk)}
    form = PublishForm(post_data(request), initial=initial, situations=situations)
    if request.method == "POST" and not form.is_valid():
        # Every problem at once: the texts given are checked even when another field is not.
        texts = {k: v.strip() for k, v in form.cleaned_data.items() if k in ("found", "changes")}
        body_id = (study or segment).body_id  # type: ignore[union-attr]
        problems = services.public_text_problems(body_id=body_id, **texts)
        if "title" in form.cleaned_data:
            problems.update(services.public_title_problems(form.cleaned_data["title"].strip()))
        for name, found in problems.items():
            form.add_error(name, found)
    elif request.method == "POST":
        data = dict(form.cleaned_data)
        chosen = {ls.pk: ls for ls in situations}.get(data.pop("life_situation"))
        try:
            if chosen is None:
                raise ValidationError(
                    {"life_situation": _("Выберите жизненную ситуацию из списка.")}
                )
            done = services.research_publish(
                actor=request_user(request),
                study=study,
                segment=segment,
                life_situation=chosen,
                **data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Опубликовано на странице «%s».") % done.life_situation.title,
            )
            return redirect(back)
    return render(
        request,
        "segments/research_publish.html",
        {
            "form": form,
            "study": study,
            "segment": segment,
            "publication": publication,
            "situations": situations,
            "back": back,
        },
        status=400 if form.errors else 200,
    )


@login_required
def study_publish(request: HttpRequest, pk: int) -> HttpResponse:
    study = access.get_study_for_write(request.user, pk)
    return _publish(
        request,
        study=study,
        initial={"title": study.title, "found": study.summary},
        back=reverse("segments:study", args=[pk]),
    )


@login_required
def segment_publish(request: HttpRequest, slug: str) -> HttpResponse:
    segment = access.get_segment_for_write(request.user, slug)
    return _publish(
        request,
        segment=segment,
        initial={
            "title": segment.name,
            "found": segment.typical_problems,
            "changes": segment.personalisation_plan,
        },
        back=reverse("segments:detail", args=[slug]),
    )


@login_required
@require_POST
def research_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    publication = access.get_publication_for_write(request.user, pk)
    services.research_withdraw(actor=request_user(request), publication=publication)
    messages.success(request, _("Итоги сняты с публикации."))
    if publication.study_id:
        return redirect("segments:study", pk=publication.study_id)
    assert publication.segment is not None
    return redirect("segments:detail", slug=publication.segment.slug)
