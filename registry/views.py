"""Registry pages: the public catalogue and life-situation pages, and the analysts'
editor. Views stay thin: a form, one service call, render or redirect."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import refuse_post_unless, request_user
from lib.forms import post_data, submit
from lib.htmx import is_htmx
from lib.public_cache import cached_public
from registry import access, hours, selectors, services
from registry.forms import (
    CatalogueSearchForm,
    DigitalServiceForm,
    LifeSituationForm,
    NeedForm,
    PublishForm,
    ServiceForm,
    StepForm,
    SynonymForm,
    TouchpointForm,
    TouchpointPlaceForm,
)
from registry.models import LifeSituation, Need, Touchpoint
from registry.snapshots import build_snapshot, compare


@cached_public("registry")
def catalogue(request: HttpRequest) -> HttpResponse:
    """Public catalogue of published life situations, searchable by any word form."""
    form = CatalogueSearchForm(request.GET or None, kinds=selectors.published_client_kinds())
    query, kind = "", ""
    if form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["client_kind"]
    versions = selectors.public_versions(query=query, client_kind=kind)
    page = Paginator(versions, 20).get_page(request.GET.get("page"))
    template = "registry/catalogue.html#results" if is_htmx(request) else "registry/catalogue.html"
    return render(request, template, {"form": form, "page": page, "query": query})


@cached_public("registry", "journeys", "research")
def life_situation_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page: the current published version, step by step, with its FAQ (R4)."""
    version = selectors.public_version(slug=slug)
    if version is None:
        raise access.refuse_not_found(request.user, f"life_situation:{slug}")
    data = version.snapshot
    faq = [n for n in data["needs"] if n["status"] == Need.Status.CANNOT]
    titles = {step["service"]["slug"]: step["service"]["title"] for step in data["steps"]}
    needs = [  # R4: each need with the services of the situation that meet it
        {**n, "met_by": [titles[s] for s in n.get("services", []) if s in titles]}
        for n in data["needs"]
    ]
    return render(
        request,
        "registry/life_situation_public.html",
        {
            "ls": data,
            # R29 / issue 22: each step names where it is delivered
            "places": selectors.places_by_service([s["service"]["slug"] for s in data["steps"]]),
            "needs": needs,
            "version": version,
            "faq": faq,
            "statuses": dict(Need.Status.choices),
        },
    )


@cached_public("registry", "ratings")
def service_page(request: HttpRequest, slug: str) -> HttpResponse:
    service = access.get_service_for_read(request.user, slug)
    return render(
        request,
        "registry/service_public.html",
        {
            "service": service,
            "situations": selectors.published_situations_with(service),
            "places": selectors.places_of(service),
            "can_edit": access.can_edit_for(request.user, service.body_id),
        },
    )


@login_required
def life_situation_list(request: HttpRequest) -> HttpResponse:
    """Working list: the user's body's life situations (drafts included) and published ones."""
    user = request_user(request)
    situations = selectors.life_situations_for_user(
        user=user, query=request.GET.get("q", "")[:200], status=request.GET.get("status", "")[:20]
    )
    return render(
        request,
        "registry/life_situation_list.html",
        {
            "situations": [(ls, access.is_staff_of(user, ls.owner_body_id)) for ls in situations],
            "can_create": access.can_create(user),
        },
    )


@login_required
def life_situation_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    body = access.get_body_for_create(
        user, "life_situation", _("Создавать жизненные ситуации могут аналитики органа.")
    )
    form = LifeSituationForm(post_data(request))
    if request.method == "POST" and (
        created := submit(
            form, lambda data: services.life_situation_create(actor=user, owner_body=body, **data)
        )
    ):
        messages.success(request, _("Черновик создан. Добавьте шаги и потребности."))
        return redirect("registry:edit", slug=created.slug)
    return render(request, "registry/life_situation_form.html", {"form": form})


def _editor_context(request: HttpRequest, life_situation: LifeSituation) -> dict[str, object]:
    fresh = selectors.life_situation_detail(slug=life_situation.slug)
    assert fresh is not None
    current = fresh.versions.filter(is_current=True).first()
    unpublished = current is None or current.snapshot != build_snapshot(fresh)
    bodies = {s.service.body_id: s.service.body for s in fresh.steps.all()}
    return {
        "ls": fresh,
        "bodies": sorted(bodies.values(), key=lambda b: b.short_name),  # R1: who takes part
        "step_form": StepForm(prefix="step"),
        "need_form": NeedForm(prefix="need", steps=list(fresh.steps.all())),
        "publish_form": PublishForm(prefix="publish"),
        "current_version": current,
        "has_unpublished_changes": unpublished,
        "can_edit": access.can_edit_for(request.user, fresh.owner_body_id),
    }


@login_required
def life_situation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The editor: main fields, steps and needs (htmx fragments), publishing."""
    user = request_user(request)
    life_situation = access.get_draft_for_read(user, slug)
    form = LifeSituationForm(initial=LifeSituationForm.initial_from(life_situation))
    if request.method == "POST":
        life_situation = access.get_life_situation_for_write(user, slug)
        form = LifeSituationForm(request.POST)
        changed = submit(
            form,
            lambda data: services.life_situation_update(
                actor=user, life_situation=life_situation, **data
            ),
        )
        if changed:
            messages.success(request, _("Изменения сохранены в черновике."))
            return redirect("registry:edit", slug=slug)
    context = _editor_context(request, life_situation)
    context["form"] = form
    return render(request, "registry/life_situation_edit.html", context)


def _steps_response(
    request: HttpRequest, life_situation: LifeSituation, step_form: StepForm | None = None
) -> HttpResponse:
    context = _editor_context(request, life_situation)
    if step_form is not None:
        context["step_form"] = step_form
    if is_htmx(request):
        return render(request, "registry/life_situation_edit.html#steps", context)
    return redirect("registry:edit", slug=life_situation.slug)


@login_required
@require_POST
def step_add(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    life_situation = access.get_life_situation_for_write(user, slug)
    form = StepForm(request.POST, prefix="step")
    if submit(
        form, lambda data: services.step_add(actor=user, life_situation=life_situation, **data)
    ):
        form = StepForm(prefix="step")
    return _steps_response(request, life_situation, form)


@login_required
@require_POST
def step_move(request: HttpRequest, slug: str, step_id: int, direction: str) -> HttpResponse:
    user = request_user(request)
    life_situation = access.get_life_situation_for_write(user, slug)
    services.step_move(
        actor=user,
        life_situation=life_situation,
        step_id=step_id,
        offset=-1 if direction == "up" else 1,
    )
    return _steps_response(request, life_situation)


@login_required
def step_remove(request: HttpRequest, slug: str, step_id: int) -> HttpResponse:
    """Asks first, naming the step and what follows, then removes it (audited)."""
    user = request_user(request)
    life_situation = access.get_life_situation_for_write(user, slug)
    step = life_situation.steps.select_related("service__body").filter(pk=step_id).first()
    if step is None:
        if request.method == "POST":  # a second click: the step is gone already
            return redirect("registry:edit", slug=slug)
        raise access.refuse_not_found(user, f"step:{step_id}")
    if request.method != "POST":
        return render(request, "registry/step_remove.html", {"ls": life_situation, "step": step})
    with contextlib.suppress(ValidationError):
        services.step_remove(actor=user, life_situation=life_situation, step_id=step_id)
    messages.success(
        request,
        _("Шаг «%(title)s» убран. Граждане увидят это после следующей публикации.")
        % {"title": step.service.title},
    )
    return redirect("registry:edit", slug=slug)


def _needs_response(
    request: HttpRequest, life_situation: LifeSituation, need_form: NeedForm | None = None
) -> HttpResponse:
    context = _editor_context(request, life_situation)
    if need_form is not None:
        context["need_form"] = need_form
    if is_htmx(request):
        return render(request, "registry/life_situation_edit.html#needs", context)
    if need_form is not None and need_form.errors:
        context["form"] = LifeSituationForm(initial=LifeSituationForm.initial_from(life_situation))
        return render(request, "registry/life_situation_edit.html", context, status=422)
    return redirect("registry:edit", slug=life_situation.slug)


@login_required
@require_POST
def need_add(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    life_situation = access.get_life_situation_for_write(user, slug)
    steps = list(life_situation.steps.all())
    form = NeedForm(request.POST, prefix="need", steps=steps)
    if submit(
        form,
        lambda data: services.need_add(
            actor=user,
            life_situation=life_situation,
            title=data["title"],
            status=data["status"],
            reason=data["reason"],
            services=list(data.get("services") or []),
        ),
    ):
        form = NeedForm(prefix="need", steps=steps)
    return _needs_response(request, life_situation, form)


@login_required
def need_edit(request: HttpRequest, slug: str, need_id: int) -> HttpResponse:
    """One need of the working copy: its wording, status, reason and the services that
    meet it; a refused reason is explained next to its field and nothing is lost."""
    user = request_user(request)
    life_situation = access.get_life_situation_for_write(user, slug)
    need = life_situation.needs.filter(pk=need_id).prefetch_related("services").first()
    if need is None:
        raise access.refuse_not_found(user, f"need:{need_id}")
    steps = list(life_situation.steps.all())
    if request.method == "POST":
        form = NeedForm(request.POST, steps=steps)
        if submit(
            form,
            lambda data: services.need_update(
                actor=user,
                need=need,
                title=data["title"],
                status=data["status"],
                reason=data["reason"],
                # no steps, no field: nothing can meet the need
                services=list(data["services"]) if "services" in form.fields else [],
            ),
        ):
            messages.success(
                request,
                _("Потребность «%(title)s» сохранена. Граждане увидят это после публикации.")
                % {"title": form.cleaned_data["title"].strip()},
            )
            return redirect(reverse("registry:edit", args=[slug]) + f"#need-{need.pk}")
    else:
        form = NeedForm(
            steps=steps,
            initial={
                "title": need.title,
                "status": need.status,
                "reason": need.reason,
                "services": [s.pk for s in need.services.all()],
            },
        )
    return render(
        request,
        "registry/need_edit.html",
        {"ls": life_situation, "need": need, "form": form},
        status=422 if form.errors else 200,
    )


@login_required
def need_remove(request: HttpRequest, slug: str, need_id: int) -> HttpResponse:
    """Asks first, naming the need, then removes it (audited)."""
    user = request_user(request)
    life_situation = access.get_life_situation_for_write(user, slug)
    need = life_situation.needs.filter(pk=need_id).first()
    if need is None:
        if request.method == "POST":  # a second click: the need is gone already
            return redirect("registry:edit", slug=slug)
        raise access.refuse_not_found(user, f"need:{need_id}")
    if request.method != "POST":
        return render(request, "registry/need_remove.html", {"ls": life_situation, "need": need})
    services.need_remove(actor=user, need=need)
    messages.success(
        request,
        _("Потребность «%(title)s» убрана. Граждане увидят это после следующей публикации.")
        % {"title": need.title},
    )
    return redirect("registry:edit", slug=slug)


@login_required
@require_POST
def life_situation_publish(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    life_situation = access.get_life_situation_for_write(user, slug)
    form = PublishForm(request.POST, prefix="publish")
    # each refusal with where to mend it: the field, or the need whose reason is hard
    refusals: list[tuple[str, str]] = []
    hard: dict[Any, list[str]] = {}
    version = None
    if form.is_valid():  # a comment over its limit is refused, never published empty
        try:
            version = services.life_situation_publish(
                actor=user, life_situation=life_situation, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            if "needs" in by_field:
                hard = services.need_reason_problems(life_situation)
            needs = list(hard)
            for field, texts in by_field.items():
                for i, text in enumerate(texts):
                    if field == "needs" and i < len(needs):
                        href = f"#need-{needs[i].pk}"
                    else:
                        href = f"#id_{field}" if field in LifeSituationForm.base_fields else ""
                    refusals.append((text, href))
                    messages.error(request, text)
    if version is None:
        context = _editor_context(request, life_situation)
        context["form"] = LifeSituationForm(initial=LifeSituationForm.initial_from(life_situation))
        context["publish_errors"] = refusals or [(e, "") for es in form.errors.values() for e in es]
        # each hard reason is shown again beside its need, with a way to mend it
        context["need_problems"] = {need.pk: problems for need, problems in hard.items()}
        context["publish_form"] = form
        return render(request, "registry/life_situation_edit.html", context, status=422)
    messages.success(request, _("Опубликована версия %(n)s.") % {"n": version.number})
    return redirect("registry:edit", slug=slug)


@login_required
@require_POST
def life_situation_archive(request: HttpRequest, slug: str) -> HttpResponse:
    """Withdraw from the public pages; versions stay, publishing again brings it back."""
    user = request_user(request)
    life_situation = access.get_life_situation_for_write(user, slug)
    services.life_situation_archive(actor=user, life_situation=life_situation)
    messages.success(request, _("Жизненная ситуация снята с публикации."))
    return redirect("registry:edit", slug=slug)


@login_required
@require_POST
def life_situation_mark_reviewed(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    life_situation = access.get_life_situation_for_write(user, slug)
    services.life_situation_mark_reviewed(actor=user, life_situation=life_situation)
    messages.success(request, _("Отмечено: данные актуальны."))
    return redirect("registry:edit", slug=slug)


@login_required
def life_situation_versions(request: HttpRequest, slug: str) -> HttpResponse:
    """Versions of a life situation, and a comparison of any two (or of the draft)."""
    user = request_user(request)
    life_situation = access.get_draft_for_read(user, slug)
    versions = list(selectors.versions_of(life_situation=life_situation))
    by_number = {str(v.number): v for v in versions}
    comparison = None
    a, b = request.GET.get("a", ""), request.GET.get("b", "")
    if versions:
        left = by_number.get(a) or (versions[1] if len(versions) > 1 else versions[0])
        b = b if b in by_number else "draft"
        a = str(left.number)  # the boxes show what is compared, whatever was asked
        if b == "draft":
            fresh = selectors.life_situation_detail(slug=slug)
            assert fresh is not None
            right_data, right_label = build_snapshot(fresh), _("черновик")
        else:
            right = by_number[b]
            right_data, right_label = right.snapshot, _("версия %(n)s") % {"n": right.number}
        comparison = {
            "left_label": _("версия %(n)s") % {"n": left.number},
            "right_label": right_label,
            **compare(left.snapshot, right_data),
        }
    return render(
        request,
        "registry/life_situation_versions.html",
        {"ls": life_situation, "versions": versions, "comparison": comparison, "a": a, "b": b},
    )


@login_required
def touchpoint_list(request: HttpRequest) -> HttpResponse:
    """The body's touchpoints (004 §2.21), and a form to register one."""
    user = request_user(request)
    can_edit = access.can_create(user)
    form = TouchpointForm(post_data(request))
    if request.method == "POST":
        body = access.get_body_for_create(
            user, "touchpoint", _("Регистрировать точки взаимодействия могут аналитики органа.")
        )
        if submit(form, lambda data: services.touchpoint_create(actor=user, body=body, **data)):
            messages.success(request, _("Точка взаимодействия добавлена."))
            return redirect("registry:touchpoints")
    touchpoints = (
        selectors.touchpoints_list(body=user.body) if user.body else selectors.touchpoints_list()
    )
    return render(
        request,
        "registry/touchpoints.html",
        {"touchpoints": touchpoints, "form": form, "can_edit": can_edit},
    )


@login_required
def touchpoint_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """What a person needs to know about the place (hours, accessibility, languages, the
    services delivered), kept by its body's editors; a refusal is explained next to its
    field and nothing is saved."""
    user = request_user(request)
    touchpoint = access.get_touchpoint_for_write(user, pk)
    posted = request.method == "POST"
    form = TouchpointPlaceForm(
        request.POST if posted else None,
        touchpoint=touchpoint,
        initial=TouchpointPlaceForm.initial_from(touchpoint),
    )
    saved = (
        submit(
            form,
            lambda data: services.touchpoint_update(
                actor=user,
                touchpoint=touchpoint,
                title=data["title"],
                address=data["address"],
                url=data["url"],
                time_zone=data["time_zone"],
                phone=data["phone"],
                open_24_7=data["open_24_7"],
                opening_hours=data["opening_hours"],
                accessibility=data["accessibility"],
                languages=data["language_list"],
                guest_wifi=data["guest_wifi"],
                transport_stop=data["transport_stop"],
                services=list(data["services"]),
            ),
        )
        if posted
        else None
    )
    if saved is not None:
        messages.success(request, _("Сведения о месте сохранены. Граждане видят их сразу."))
        return redirect("registry:touchpoint_edit", pk=touchpoint.pk)
    return render(
        request,
        "registry/touchpoint_edit.html",
        {"touchpoint": touchpoint, "form": form},
        status=422 if form.errors else 200,
    )


@cached_public("registry", "ratings")
def place_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A place for citizens: how to get there and when, what makes it accessible, the
    languages, the services delivered there, and its published rating."""
    touchpoint = access.get_touchpoint_for_read(request.user, pk)
    return render(
        request,
        "registry/place_public.html",
        {
            "place": touchpoint,
            "hours": hours.summary(touchpoint.opening_hours, open_24_7=touchpoint.open_24_7),
            "accessibility": [
                label
                for value, label in Touchpoint.Accessibility.choices
                if value in touchpoint.accessibility
            ],
            "in_person": touchpoint.kind in Touchpoint.IN_PERSON_KINDS,
            "can_edit": access.can_edit_for(request.user, touchpoint.body_id),
        },
    )


@login_required
def digital_service_list(request: HttpRequest) -> HttpResponse:
    """The body's digital services (R2) and what each implements; its editors add one."""
    user = request_user(request)
    body = access.get_body_for_digital_services(user)
    can_edit = access.can_edit_for(user, body.pk)
    refuse_post_unless(request, can_edit, "registry:digital_services")
    form = DigitalServiceForm(post_data(request), services=selectors.services_to_implement())
    if submit(form, lambda data: services.digital_service_create(actor=user, body=body, **data)):
        messages.success(request, _("Цифровой сервис добавлен."))
        return redirect("registry:digital_services")
    return render(
        request,
        "registry/digital_services.html",
        {
            "digital_services": selectors.digital_services_list(body=body),
            "of_others": selectors.digital_services_of_others_for(body=body),
            "form": form if can_edit else None,
            "body": body,
        },
        status=422 if form.errors else 200,
    )


@login_required
def digital_service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    digital = access.get_digital_service_for_write(user, pk)
    initial = {"title": digital.title, "url": digital.url, "implements": digital.implements.all()}
    form = DigitalServiceForm(
        post_data(request), initial=initial, services=selectors.services_to_implement()
    )
    if submit(
        form, lambda data: services.digital_service_update(actor=user, digital=digital, **data)
    ):
        messages.success(request, _("Изменения сохранены."))
        if user.body_id == digital.body_id:
            return redirect("registry:digital_services")
        return redirect("registry:digital_service", pk=digital.pk)  # a platform admin
    return render(
        request,
        "registry/digital_service_edit.html",
        {"form": form, "digital": digital},
        status=422 if form.errors else 200,
    )


@login_required
def service_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    body = access.get_body_for_create(
        user, "service", _("Регистрировать услуги могут аналитики органа.")
    )
    form = ServiceForm(post_data(request))
    if request.method == "POST" and (
        service := submit(form, lambda data: services.service_create(actor=user, body=body, **data))
    ):
        messages.success(request, _("Услуга зарегистрирована."))
        return redirect("registry:service", slug=service.slug)
    return render(request, "registry/service_form.html", {"form": form, "service": None})


@login_required
def service_edit(request: HttpRequest, slug: str) -> HttpResponse:
    user = request_user(request)
    service = access.get_service_for_write(user, slug)
    form = ServiceForm(post_data(request), initial=ServiceForm.initial_from(service))
    # An unbound form (a GET) is not valid: submit() saves nothing then.
    if submit(form, lambda data: services.service_update(actor=user, service=service, **data)):
        messages.success(request, _("Изменения сохранены."))
        return redirect("registry:service", slug=service.slug)
    return render(request, "registry/service_form.html", {"form": form, "service": service})


@login_required
def synonym_list(request: HttpRequest) -> HttpResponse:
    """Words the body's clients type and what they mean in the registry: the catalogue's
    search finds a life situation by either."""
    user = request_user(request)
    body = access.get_body_for_synonyms(user)
    can_edit = access.can_edit_for(user, body.pk)
    refuse_post_unless(request, can_edit, "registry:synonyms")
    form = SynonymForm(post_data(request))
    if submit(form, lambda data: services.synonym_add(actor=user, body=body, **data)):
        messages.success(request, _("Синоним добавлен: поиск находит ситуации и по этому слову."))
        return redirect("registry:synonyms")
    return render(
        request,
        "registry/synonyms.html",
        {"synonyms": selectors.synonyms_for(body_id=body.pk), "form": form, "can_edit": can_edit},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def synonym_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    synonym = access.get_synonym_for_write(user, pk)
    services.synonym_remove(actor=user, synonym=synonym)
    messages.success(request, _("Синоним «%(w)s» удалён.") % {"w": synonym.word})
    return redirect("registry:synonyms")
