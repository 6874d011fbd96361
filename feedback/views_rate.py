"""Where clients rate (R18, R19): the hosted page on a short link, the QR link, the kiosk,
the page inside the embeddable widget, and the one-time invitation link. One form, one
intake call: the gate (``feedback.intake``) applies the challenge, the honeypot, the rate
limit and the widget's proof of being seen to the anonymous ones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from csp.constants import SELF
from csp.decorators import csp_update
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt

from feedback import access, challenge, instrument, intake
from feedback.forms import RatingForm
from feedback.models import Channel, Invitation, RatingPoint
from feedback.selectors import ANSWER_PREFIX
from lib.client_ip import client_ip
from lib.forms import apply_errors, post_data

#: ALTCHA runs its proof of work in a worker loaded from our own static files.
_altcha_csp: Any = csp_update({"worker-src": [SELF]})


def altcha_csp(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ALTCHA runs its proof of work in a worker loaded from our own static files
    (django-csp's decorator, typed for the views it wraps)."""
    return cast(Callable[..., HttpResponse], _altcha_csp(view))


def _subject(obj: RatingPoint | Invitation) -> Any:
    return obj.service or obj.life_situation


def _rate(
    request: HttpRequest,
    *,
    point: RatingPoint | None,
    channel: str,
    template: str,
    short: bool = False,
    invitation: Invitation | None = None,
    thanks_url: str,
) -> HttpResponse:
    owner = invitation or point
    assert owner is not None
    _language(request)
    touchpoint = owner.touchpoint
    in_person = bool(touchpoint and touchpoint.kind in touchpoint.IN_PERSON_KINDS)
    framed = channel == Channel.WIDGET
    form = RatingForm(post_data(request), short=short, in_person=in_person, framed=framed)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                _receive(request, form, point=point, invitation=invitation, channel=channel,
                       in_person=in_person)  # fmt: skip
            except intake.Rejected as exc:
                form.add_error(None, REFUSALS[exc.reason])
                status = 429 if exc.reason == intake.Reason.TOO_MANY else 422
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect(thanks_url)
    return render(
        request,
        template,
        {
            "form": form,
            "point": point,
            "subject": _subject(owner),
            "touchpoint": touchpoint,
            "place": point.place if point else "",
            "needs_challenge": invitation is None,
            # a link an answer to an appeal carried: the question is about the answer
            "about_answer": invitation is not None
            and invitation.external_id.startswith(ANSWER_PREFIX),
            "kiosk": channel == Channel.KIOSK,
            "not_seen": framed and NOT_SEEN in form.non_field_errors(),
        },
        status=status,
    )


TOO_MANY = _lazy("С этого адреса оценили слишком много раз. Попробуйте через несколько минут.")
NOT_HUMAN = _lazy(
    "Не удалось проверить, что оценку ставит человек. Отметьте «Я не робот» и отправьте ещё раз."
)
NOT_SEEN = _lazy(
    "Оценка не учтена: анкета была скрыта или перекрыта на странице сайта, поэтому мы не "
    "уверены, что вы её видели. Откройте анкету по прямой ссылке и оцените там."
)
#: What the page says when the intake gate does not take a rating.
REFUSALS = {
    intake.Reason.TOO_MANY: TOO_MANY,
    intake.Reason.NOT_SEEN: NOT_SEEN,
    intake.Reason.NOT_HUMAN: NOT_HUMAN,
}


def _receive(
    request: HttpRequest,
    form: RatingForm,
    *,
    point: RatingPoint | None,
    invitation: Invitation | None,
    channel: str,
    in_person: bool,
) -> None:
    """Hand the valid form's rating to the intake gate, which decides whether it is taken
    (``intake.Rejected``) and how far it is trusted. A filled honeypot is kept as such and
    thanked like any other, so a bot learns nothing."""
    owner = invitation or point
    assert owner is not None
    arrival = intake.Arrival(
        channel=channel,
        address=client_ip(request),
        altcha=request.POST.get("altcha", ""),
        honeypot=bool(form.cleaned_data.get("website")),
        seen=form.seen_by_client,
        invitation=invitation,
    )
    intake.rating_receive(
        arrival=arrival,
        subject=_subject(owner),
        answers=instrument.check(**form.answers(), in_person=in_person),
        touchpoint=owner.touchpoint,
        point=point,
        client_kind=intake.client_kind_of(request.user, point),
        language=translation.get_language() or "ru",
        contact_email=form.cleaned_data.get("contact_email") or "",
    )


@never_cache
@altcha_csp
def rate(request: HttpRequest, code: str) -> HttpResponse:
    point = access.get_point_for_rating(code)
    return _rate(
        request, point=point, channel=Channel.LINK, template="feedback/rate.html",
        thanks_url=_in_language(request, reverse("feedback:thanks", args=[code])),
    )  # fmt: skip


@never_cache
@altcha_csp
def rate_qr(request: HttpRequest, code: str) -> HttpResponse:
    point = access.get_point_for_rating(code)
    return _rate(
        request, point=point, channel=Channel.QR, template="feedback/rate.html",
        thanks_url=_in_language(request, reverse("feedback:thanks", args=[code])),
    )  # fmt: skip


@never_cache
@altcha_csp
def kiosk(request: HttpRequest, code: str) -> HttpResponse:
    """A tablet in an office: the short form, and back to a clean form after each rating."""
    point = access.get_point_for_rating(code)
    if request.GET.get("thanks"):
        return render(request, "feedback/kiosk_thanks.html", {"point": point})
    return _rate(
        request, point=point, channel=Channel.KIOSK, template="feedback/kiosk.html", short=True,
        thanks_url=_in_language(request, reverse("feedback:kiosk", args=[code]), {"thanks": "1"}),
    )  # fmt: skip


@csrf_exempt
@never_cache
@xframe_options_exempt
@altcha_csp
def embed(request: HttpRequest, code: str) -> HttpResponse:
    """The page inside the widget's frame, which only the point's listed sites (and this
    server's own pages) may frame: ``frame-ancestors`` from the point's list.

    Exempt from CSRF: inside another site's page our cookies are third-party and not
    sent, and the form changes nothing of a signed-in user's — an anonymous rating is
    guarded by the proof of work, the honeypot, the rate limit and the proof that the
    form was visible (``seen``) instead."""
    point = access.get_point_for_rating(code)
    # In the widget's dialog (modal=1) the thank-you offers to close it.
    modal = request.GET.get("modal") == "1"
    if request.GET.get("thanks"):
        _language(request)
        response = render(request, "feedback/embed_thanks.html", {"point": point, "modal": modal})
    else:
        thanks = {"thanks": "1", **({"modal": "1"} if modal else {})}
        thanks_url = _in_language(request, reverse("feedback:embed", args=[code]), thanks)
        response = _rate(
            request, point=point, channel=Channel.WIDGET, template="feedback/embed.html",
            short=True, thanks_url=thanks_url,
        )  # fmt: skip
    return _framed_by(response, point)


def _framed_by(response: HttpResponse, point: RatingPoint) -> HttpResponse:
    """Let the point's listed sites frame ``response``, and no others."""
    origins = point.frame_origin_list
    response._csp_replace = {"frame-ancestors": [SELF, *origins]}  # type: ignore[attr-defined]
    if not origins:  # browsers without CSP frame-ancestors
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@never_cache
def invited(request: HttpRequest, token: str) -> HttpResponse:
    """A one-time link from the system that delivered the service; the rating is verified."""
    try:
        invitation = intake.invitation_for_token(token)
    except ValidationError as exc:
        return render(
            request,
            "feedback/invitation_closed.html",
            {"message": exc.message_dict["invitation"][0]},
            status=410,
        )
    return _rate(
        request, point=None, channel=Channel.LINK, template="feedback/rate.html",
        invitation=invitation, thanks_url=_in_language(request, reverse("feedback:thanks_invited")),
    )  # fmt: skip


def thanks(request: HttpRequest, code: str | None = None) -> HttpResponse:
    _language(request)
    point = (
        RatingPoint.objects.filter(code=code).select_related("service", "life_situation").first()
        if code
        else None
    )
    return render(request, "feedback/thanks.html", {"point": point})


@never_cache
def challenge_new(request: HttpRequest) -> JsonResponse:
    """A fresh ALTCHA challenge (the widget fetches one per rating)."""
    return JsonResponse(challenge.new())


def widget_script(request: HttpRequest) -> HttpResponse:
    """The one script a site includes, at a stable address (static names carry hashes);
    it reads its own address to find this server."""
    response = render(request, "feedback/widget.js", content_type="text/javascript; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def widget_status(request: HttpRequest, code: str) -> JsonResponse:
    """What the widget script asks before it draws anything on a host page: whether the
    point takes ratings and whether this site may show its frame. An unknown or
    switched-off point, or a site the body has not listed, gets no button and no frame —
    not a blank box where the refused frame would be. Open to every site (CORS), without
    cookies; it says no more than the point's public page does."""
    try:
        point = access.get_point_for_rating(code)
    except Http404:
        response = JsonResponse({"active": False, "may_frame": False}, status=404)
    else:
        site = request.headers.get("Origin")  # a browser may send none from our own pages
        own = f"{request.scheme}://{request.get_host()}"
        may_frame = site in (None, own) or site in point.frame_origin_list
        response = JsonResponse({"active": True, "may_frame": may_frame})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=60"
    response["Vary"] = "Origin"
    return response


def _in_language(request: HttpRequest, url: str, query: dict[str, str] | None = None) -> str:
    """``url`` with ``query``, keeping the language the page was asked in (?lang=en), so the
    thank-you reads in the language of the form."""
    params = dict(query or {})
    if request.GET.get("lang", "") in dict(settings.LANGUAGES):
        params["lang"] = request.GET["lang"]
    return f"{url}?{urlencode(params)}" if params else url


def _language(request: HttpRequest) -> None:
    """A widget or a link may ask for a language (?lang=en) for clients who read no Russian."""
    wanted = request.GET.get("lang", "")
    if wanted in dict(settings.LANGUAGES):
        translation.activate(wanted)
        request.LANGUAGE_CODE = wanted


def invited_qr(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation's link as a QR code (for a receipt or a screen at the counter).

    Only for an invitation that can still be rated: the lookup comes first, so an unknown
    token (the URL caps its length) is a cheap 404, never a QR code drawn for it."""
    from feedback import qr

    try:
        intake.invitation_for_token(token)
    except ValidationError as exc:
        raise Http404(token[:64]) from exc
    url = qr.invitation_links(token)["url"]
    return HttpResponse(qr.svg(url, scale=6), content_type="image/svg+xml")
