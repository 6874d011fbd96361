"""The citizen's cabinet of proactive services (R15–R17), the body's figures and the
analysts' view of the rules. Thin views over the services and selectors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import request_user
from lib.forms import apply_errors, ascii_int, post_data, submit
from proactive import access, selectors, services
from proactive.engine.rules import RULES
from proactive.forms import (
    BookingForm,
    ConsentForm,
    ProfileForm,
    RepresentativeForm,
    ShortForm,
    SourcesForm,
    TriggerForm,
    VerifyForm,
)
from proactive.models import Booking, Channel, Offer, Representation
from registry import selectors as registry_selectors


@login_required
def cabinet(request: HttpRequest) -> HttpResponse:
    client, on_behalf = access.acting(request)
    if on_behalf is not None:
        # Acting for someone: their journeys and consents in the situations they chose.
        data = selectors.cabinet_of_representative(on_behalf)
        form = ConsentForm(post_data(request), available=data["available"])
        if request.method == "POST" and form.is_valid():
            try:
                services.consent_give(
                    actor=request_user(request),
                    client=client,
                    via=Channel.CABINET,
                    life_situation=form.cleaned_data["life_situation"],
                    on_behalf=on_behalf,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Согласие дано за этого человека."))
                return redirect("proactive:cabinet")
        return render(
            request,
            "proactive/cabinet_for.html",
            {**data, "form": form, "acting": on_behalf},
            status=422 if form.errors else 200,
        )
    data = selectors.cabinet_for(client)
    form = ConsentForm(post_data(request), available=data["available"])
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_give(
                actor=client,
                client=client,
                via=Channel.CABINET,
                life_situation=form.cleaned_data["life_situation"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Согласие дано. Отозвать его можно в любой момент."))
            return redirect("proactive:cabinet")
    return render(
        request,
        "proactive/cabinet.html",
        {**data, "form": form, "profile": getattr(client, "client_profile", None)},
        status=422 if form.errors else 200,
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """How the state knows the client — a СНИЛС, or a business's ИНН and ОГРН — and the
    channel for news (R16); changes are audited (personal data)."""
    client = access.get_client(request.user)
    business = selectors.is_business(client)
    current = getattr(client, "client_profile", None)
    initial = {
        "notify_by": current.notify_by if current else "email",
        "phone": current.phone if current else "",
    }
    form = ProfileForm(
        post_data(request), initial=initial, has_snils=current is not None, business=business
    )
    if request.method == "POST" and form.is_valid():
        typed = form.cleaned_data.get("snils", "")
        was_confirmed = bool(current and current.is_verified)
        try:
            profile = services.client_profile_set(
                actor=client,
                user=client,
                snils="" if business else typed or (current.snils if current else ""),
                notify_by=form.cleaned_data["notify_by"],
                phone=form.cleaned_data["phone"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if was_confirmed and not profile.is_verified:
                messages.warning(
                    request,
                    _(
                        "СНИЛС изменён, и его нужно подтвердить заново: покажите паспорт и СНИЛС "
                        "в МФЦ. До этого мы не показываем данные государства, а предложения, "
                        "которые ждали ответа, отозваны."
                    ),
                )
            else:
                messages.success(request, _("Сохранено."))
            return redirect("proactive:cabinet")
    return render(
        request,
        "proactive/profile.html",
        {
            "form": form,
            "profile": current,
            "username": client.username,
            "business": business,
            "organisation": client.organisation if business else None,
        },
        status=422 if form.errors else 200,
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """An operator confirms a client's СНИЛС after seeing the passport; audited."""
    operator = access.get_identity_operator(request.user)
    form = VerifyForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        client = form.client
        assert client is not None  # the form checked the account
        try:
            services.client_profile_verify(
                actor=operator, user=client, snils=form.cleaned_data["snils"], via="operator"
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("СНИЛС подтверждён: {name}, учётная запись {u}.").format(
                    name=client.get_full_name() or client.username, u=client.username
                ),
            )
            return redirect("proactive:verify")
    return render(
        request, "proactive/verify.html", {"form": form}, status=422 if form.errors else 200
    )


@login_required
def sources(request: HttpRequest) -> HttpResponse:
    """The body's administrator sets which kinds of event its systems report."""
    body = access.get_body_for_sources(request.user)
    kinds = [(t.kind, f"{t.title} ({t.kind})") for t in selectors.triggers_visible_to(body)]
    form = SourcesForm(
        post_data(request), initial={"kinds": selectors.event_sources_of(body)}, kinds=kinds
    )
    if request.method == "POST" and form.is_valid():
        services.event_sources_set(
            actor=request_user(request), body=body, kinds=form.cleaned_data["kinds"]
        )
        messages.success(request, _("Сохранено."))
        return redirect("proactive:sources")
    return render(
        request,
        "proactive/sources.html",
        {"form": form, "body": body},
        status=422 if form.errors else 200,
    )


@login_required
def start_events(request: HttpRequest) -> HttpResponse:
    """The start events of the registry's life situations: the kinds of life event systems
    may report (issue 23). The body's editors add one for its own published life situation."""
    body = access.get_body_for_start_events(request.user)
    user = request_user(request)
    if request.method == "POST":
        access.get_body_for_start_event_edit(request.user)  # 403 unless an editor
    form = None
    if access.may_edit_start_events(user, body):
        situations = registry_selectors.published_life_situations().filter(owner_body_id=body.pk)
        form = TriggerForm(post_data(request), situations=situations)
        if request.method == "POST":
            saved = submit(
                form,
                lambda data: services.trigger_save(
                    actor=user, body=body, trigger=None, kind=data["kind"],
                    title=data["title"], life_situation=data["life_situation"],
                ),
            )  # fmt: skip
            if saved is not None:
                messages.success(request, _("Событие «{t}» добавлено.").format(t=saved.title))
                return redirect("proactive:start_events")
    return render(
        request,
        "proactive/start_events.html",
        {
            "body": body,
            "form": form,
            "triggers": selectors.triggers_visible_to(body),
            "sources": set(selectors.event_sources_of(body)),
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required
def start_event(request: HttpRequest, pk: int) -> HttpResponse:
    """One start event of the body's life situation: rename it, point it at another of
    the body's life situations, change its code while no system has used it, or delete it."""
    trigger = access.get_trigger_for_edit(request.user, pk)
    body, user = trigger.life_situation.owner_body, request_user(request)
    situations = registry_selectors.published_life_situations().filter(
        owner_body_id=body.pk
    ) | registry_selectors.life_situations_owned_by(body_id=body.pk).filter(
        pk=trigger.life_situation_id
    )
    initial = {
        "kind": trigger.kind,
        "title": trigger.title,
        "life_situation": trigger.life_situation,
    }
    form = TriggerForm(post_data(request), initial=initial, situations=situations)
    if request.method == "POST":
        saved = submit(
            form,
            lambda data: services.trigger_save(
                actor=user, body=body, trigger=trigger, kind=data["kind"],
                title=data["title"], life_situation=data["life_situation"],
            ),
        )  # fmt: skip
        if saved is not None:
            messages.success(request, _("Сохранено."))
            return redirect("proactive:start_events")
    return render(
        request,
        "proactive/start_event.html",
        {"trigger": trigger, "form": form, "used": selectors.kind_used(trigger.kind)},
        status=422 if form.errors else 200,
    )


@login_required
def start_event_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first, naming the event and what follows; then deletes it, unless systems have
    reported it (audited)."""
    trigger = access.get_trigger_for_edit(request.user, pk)
    body, user = trigger.life_situation.owner_body, request_user(request)
    if request.method != "POST":
        return render(
            request,
            "proactive/start_event_delete.html",
            {"trigger": trigger, "used": selectors.kind_used(trigger.kind)},
        )
    try:
        services.trigger_delete(actor=user, body=body, trigger=trigger)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("proactive:start_event", pk=pk)
    messages.success(request, _("Событие «{t}» удалено.").format(t=trigger.title))
    return redirect("proactive:start_events")


@login_required
def consent_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoking asks first, naming the offers it withdraws (R15); the POST revokes."""
    consent, on_behalf = access.get_consent_for_acting(request, pk)
    if request.method != "POST":
        if not consent.is_valid:
            messages.info(request, _("Это согласие уже отозвано."))
            return redirect("proactive:cabinet")
        withdrawn = selectors.offers_withdrawn_by(consent).select_related("service__body")
        return render(
            request,
            "proactive/revoke.html",
            {"consent": consent, "withdrawn": list(withdrawn)},
        )
    try:
        withdrawn_count = services.consent_revoke(
            actor=request_user(request), consent=consent, via=Channel.CABINET, on_behalf=on_behalf
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request,
            _("Согласие отозвано. Неподтверждённых предложений отозвано: {n}.").format(
                n=withdrawn_count
            ),
        )
    return redirect("proactive:cabinet")


@login_required
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offer, on_behalf = access.get_offer_for_acting(request, pk)
    form = (
        ShortForm(post_data(request), spec=offer.form_fields)
        if offer.status == Offer.Status.FORM
        else None
    )
    if request.method == "POST" and form is not None and form.is_valid():
        data = {
            k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in form.cleaned_data.items()
        }
        try:
            services.offer_submit_form(
                actor=request_user(request), offer=offer, data=data, on_behalf=on_behalf
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Готово: «{s}». Больше ничего делать не нужно.").format(s=offer.summary),
            )
            return redirect("proactive:cabinet")
    return _offer_page(
        request,
        offer,
        form=form,
        booking_form=_visit_form(offer, request.GET, bound=False),
        status=422 if form is not None and form.errors else 200,
        on_behalf=on_behalf,
    )


def _offer_page(
    request: HttpRequest,
    offer: Offer,
    *,
    form: Any,
    booking_form: BookingForm,
    status: int,
    on_behalf: Representation | None = None,
) -> HttpResponse:
    return render(
        request,
        "proactive/offer.html",
        {
            "offer": offer,
            "form": form,
            "booking_form": booking_form,
            "booking": selectors.active_booking(offer),
            "acting": on_behalf,
        },
        status=status,
    )


def _visit_form(
    offer: Offer, data: QueryDict, *, bound: bool, booking: Booking | None = None
) -> BookingForm:
    """The visit form at the step ``data`` reached: the office (the only one if there is
    one), then its free days, then that day's free hours — in the office's time zone."""
    points = services.reception_points(offer)
    by_pk = {p.pk: p for p in points}
    point = by_pk.get(ascii_int(data.get("touchpoint")) or 0)
    if point is None and len(points) == 1:
        point = points[0]
    slots = services.free_slots(point, exclude=booking) if point is not None else []
    days = sorted({s.date() for s in slots})
    day = next((d for d in days if d.isoformat() == data.get("day")), None)
    initial = {"touchpoint": point.pk if point else None, "day": day.isoformat() if day else None}
    return BookingForm(
        data if bound else None,
        initial=initial,
        points=points,
        days=days,
        slots=[s for s in slots if s.date() == day],
        zone=point.get_time_zone_display() if point is not None else "",
    )


def _visit_choice(form: BookingForm) -> tuple[int, dt.datetime] | None:
    """The office and the start a valid visit form chose, or None (an error is added)."""
    if not form.is_valid():
        return None
    if "slot" not in form.cleaned_data:
        form.add_error(None, _("Выберите день и время."))
        return None
    return form.cleaned_data["touchpoint"], dt.datetime.fromisoformat(form.cleaned_data["slot"])


@login_required
@require_POST
def offer_book(request: HttpRequest, pk: int) -> HttpResponse:
    """Book an in-person visit for this offer (a document to bring, an appeal) — the
    client, or their representative while acting for them."""
    offer, on_behalf = access.get_offer_for_acting(request, pk)
    form = _visit_form(offer, request.POST, bound=True)
    if (chosen := _visit_choice(form)) and (
        booking := submit(
            form,
            lambda _data: services.booking_make(
                actor=request_user(request),
                offer=offer,
                touchpoint_id=chosen[0],
                starts_at=chosen[1],
                on_behalf=on_behalf,
            ),
        )
    ):
        done = _("Записано: {b}.") if on_behalf else _("Вы записаны: {b}.")
        messages.success(request, done.format(b=booking))
        return redirect("proactive:offer", pk=offer.pk)
    return _offer_page(
        request, offer, form=None, booking_form=form, status=422, on_behalf=on_behalf
    )


@login_required
def booking_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Another day, time or office for the client's visit: the same steps as booking."""
    booking, on_behalf = access.get_booking_for_acting(request, pk)
    posted = request.method == "POST"
    form = _visit_form(
        booking.offer, request.POST if posted else request.GET, bound=posted, booking=booking
    )
    if (
        posted
        and (chosen := _visit_choice(form))
        and (
            moved := submit(
                form,
                lambda _data: services.booking_move(
                    actor=request_user(request),
                    booking=booking,
                    touchpoint_id=chosen[0],
                    starts_at=chosen[1],
                    on_behalf=on_behalf,
                ),
            )
        )
    ):
        messages.success(request, _("Запись перенесена: {b}.").format(b=moved))
        return redirect("proactive:cabinet")
    return render(
        request,
        "proactive/booking_move.html",
        {"booking": booking, "booking_form": form},
        status=422 if form.errors else 200,
    )


@login_required
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first, then cancels the visit; the slot is free again."""
    booking, on_behalf = access.get_booking_for_acting(request, pk)
    if request.method != "POST":
        return render(request, "proactive/booking_cancel.html", {"booking": booking})
    try:
        services.booking_cancel(actor=request_user(request), booking=booking, on_behalf=on_behalf)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("proactive:cabinet")
    messages.success(request, _("Запись отменена: {b}.").format(b=booking))
    return redirect("proactive:cabinet")


@login_required
@require_POST
def offer_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    offer, on_behalf = access.get_offer_for_acting(request, pk)
    user = request_user(request)
    try:
        if action == "confirm":
            services.offer_confirm(actor=user, offer=offer, on_behalf=on_behalf)
            messages.success(
                request,
                _("Подтверждено: «{s}». Больше ничего делать не нужно.").format(s=offer.summary),
            )
        else:
            services.offer_decline(actor=user, offer=offer, on_behalf=on_behalf)
            messages.success(request, _("Вы отказались от предложения."))
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("proactive:cabinet")


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    body = access.get_body_for_figures(request.user)
    days = max(1, min(ascii_int(request.GET.get("days"), default=90) or 90, 366))
    data = selectors.figures_for_body(body_id=body.pk, days=days, now=timezone.now())
    return render(request, "proactive/figures.html", {"body": body, "figures": data, "days": days})


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    access.require_rules_reader(request.user)
    return render(request, "proactive/rules.html", {"rules": selectors.rules_overview()})


@login_required
def rule_detail(request: HttpRequest, service: str) -> HttpResponse:
    access.require_rules_reader(request.user)
    rule = RULES.get(service)
    if rule is None:
        raise Http404(service)
    overview = next(r for r in selectors.rules_overview() if r["rule"] is rule)
    today = timezone.localdate()
    params = [
        (p, p.at(today) if any(v.since <= today for v in p.history) else None)
        for p in rule.parameters
    ]
    return render(
        request,
        "proactive/rule.html",
        {"rule": rule, "cases": overview["cases"], "params": params, "today": today},
    )


@login_required
def representatives(request: HttpRequest) -> HttpResponse:
    """Whom the client lets act for them, and for whom they may act (001)."""
    client = access.get_client(request.user)
    if selectors.is_business(client):
        # A business's people are linked by the platform administrator, not invited here.
        return render(request, "proactive/representatives.html", {"business": True})
    form = RepresentativeForm(
        post_data(request), situations=list(selectors.life_situations_for(client).order_by("title"))
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.representation_give(
                actor=client,
                representative_snils=form.cleaned_data["representative_snils"],
                kind=form.cleaned_data["kind"],
                life_situations=list(form.cleaned_data["life_situations"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Приглашение отправлено. Если у человека с этим СНИЛС есть подтверждённый "
                    "кабинет, он увидит его в разделе «Представители»."
                ),
            )
            return redirect("proactive:representatives")
    return render(
        request,
        "proactive/representatives.html",
        {"form": form, **selectors.representations_of(client)},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def representation_act(request: HttpRequest, pk: int) -> HttpResponse:
    representation = access.get_representation(request.user, pk)
    try:
        current = services.representation_act(
            actor=request_user(request), representation=representation
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("proactive:representatives")
    request.session[access.ACTING_FOR] = current.pk
    return redirect("proactive:cabinet")


@login_required
@require_POST
def representation_stop(request: HttpRequest) -> HttpResponse:
    access.get_client(request.user)
    request.session.pop(access.ACTING_FOR, None)
    messages.success(request, _("Вы снова в своём кабинете."))
    return redirect("proactive:cabinet")


@login_required
@require_POST
def representation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    representation = access.get_representation(request.user, pk)
    services.representation_revoke(actor=request_user(request), representation=representation)
    if request.session.get(access.ACTING_FOR) == representation.pk:
        request.session.pop(access.ACTING_FOR, None)
    messages.success(request, _("Представительство прекращено."))
    return redirect("proactive:representatives")


@login_required
@require_POST
def representation_accept(request: HttpRequest, pk: int) -> HttpResponse:
    representation = access.get_representation(request.user, pk)
    try:
        services.representation_accept(actor=request_user(request), representation=representation)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(
            request, _("Вы приняли приглашение и можете действовать за этого человека.")
        )
    return redirect("proactive:representatives")
