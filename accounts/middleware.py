"""Session timeouts and caching rules for pages that may show personal data."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers

from accounts.roles import Capacity

LOGIN_AT = "_kc_login_at"
SEEN_AT = "_kc_seen_at"


class SessionTimeoutMiddleware:
    """Ends a session SESSION_ABSOLUTE_SECONDS after login, however active it was.

    The idle timeout is the session cookie's age. It is renewed when the session is saved,
    and the session is marked changed at most once per SESSION_RENEW_SECONDS, so a signed-in
    page does not write to the database on every request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            now = int(time.time())
            if started is None:
                request.session[LOGIN_AT] = now
            elif now - int(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(settings.LOGIN_URL)
            if now - int(request.session.get(SEEN_AT, 0)) >= settings.SESSION_RENEW_SECONDS:
                request.session[SEEN_AT] = now
        return self.get_response(request)


class NoStoreForPersonalPagesMiddleware:
    """Signed-in pages may show personal data: no cache may keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated or request.path.startswith("/kabinet/"):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, private"
        return response


CAPACITY = "_kc_capacity"
#: The representation a client acts under for another person (``proactive.access``).
ACTING_FOR = "_kc_acting_for"


class CapacityMiddleware:
    """Marks the signed-in user with the capacity chosen for this session (seed 000):
    a staff member who switched to «как гражданин» holds a client's capabilities only
    until he switches back (``accounts.roles``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.session.get(CAPACITY) == Capacity.CLIENT and request.user.is_authenticated:
            request.user.capacity = Capacity.CLIENT
        return self.get_response(request)
