"""Choosing how often to get mail, and one-click unsubscribe (R24, RFC 8058).

The links in every message carry an opaque signed token for the address (never the
address itself), valid for ``services.LINK_MAX_AGE``, so a recipient needs no account;
an older link says so and offers to sign in. Signed-in users also reach their own
preferences from the cabinet. None of these pages is kept by a browser or a proxy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from accounts.access import request_user
from lib.forms import post_data
from mailings import services
from mailings.forms import PreferencesForm
from mailings.models import Frequency
from mailings.topics import TOPICS, label, topics_for


def _email_or_404(token: str) -> str:
    """The address of the link (``services.LinkExpired`` for an old one)."""
    email = services.email_from_token(token)
    if email is None:
        raise Http404(_("Ссылка повреждена."))
    return email


def _link_expired(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "mailings/link_expired.html",
        {"days": services.LINK_MAX_AGE.days},
        status=410,
    )


def _preferences_page(request: HttpRequest, email: str, actor: object) -> HttpResponse:
    topics = topics_for(services.role_of(email))
    form = PreferencesForm(
        post_data(request),
        initial_frequencies=services.preferences_of(email),
        topics=topics,
    )
    if request.method == "POST" and form.is_valid():
        for topic in topics:
            services.preference_set(
                email=email,
                topic=topic,
                frequency=form.cleaned_data[topic],
                actor=actor if actor is not None else None,  # type: ignore[arg-type]
            )
        messages.success(request, _("Настройки рассылок сохранены."))
        return redirect(request.path)
    return render(
        request,
        "mailings/preferences.html",
        {
            "form": form,
            "email": services.shown(email),
            "notices": services.notices_of(email),
        },
    )


@never_cache
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    """Preferences of the address in the token, for a recipient without an account."""
    try:
        email = _email_or_404(token)
    except services.LinkExpired:
        return _link_expired(request)
    return _preferences_page(request, email, None)


@never_cache
@login_required
def my_preferences(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return _preferences_page(request, services.address_of(email=user.email, user_id=user.pk), user)


@never_cache
def short(request: HttpRequest, code: str) -> HttpResponse:
    """The short link of an SMS: asks, then stops that one topic. It shows no address, no
    history and no other topic — the phone may have a new owner — and links nowhere else."""
    link = services.short_link(code)
    if link is None:
        raise Http404(_("Ссылка повреждена."))
    done = request.method == "POST"
    if done:
        services.preference_set(email=link.address, topic=link.topic, frequency=Frequency.OFF)
    return render(request, "mailings/short.html", {"topic_label": label(link.topic), "done": done})


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a session
@never_cache
def unsubscribe(request: HttpRequest, token: str, topic: str) -> HttpResponse:
    """GET asks to confirm (link scanners must not unsubscribe anyone); POST unsubscribes,
    also from a link past its age or from before the opaque tokens (RFC 8058 one-click)."""
    if request.method == "POST":
        email = services.email_for_unsubscribe(token)
        if email is None:
            raise Http404(_("Ссылка повреждена."))
    else:  # an old link only asks nothing and shows no address
        try:
            email = _email_or_404(token)
        except services.LinkExpired:
            return _link_expired(request)
    if topic not in TOPICS:
        raise Http404(_("Такой рассылки нет."))
    done = request.method == "POST"
    if done:
        services.preference_set(email=email, topic=topic, frequency=Frequency.OFF)
    return render(
        request,
        "mailings/unsubscribe.html",
        {"email": services.shown(email), "topic_label": label(topic), "done": done, "token": token},
    )
