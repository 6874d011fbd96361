"""How API callers are recognised: an integration system's key, or a signed-in session.

A key carries scopes (``accounts.models.Scope``) that its body's administrator chose;
each operation names the scope it needs, and a key without it is refused with a 403 that
says which right is missing. A signed-in person is checked by the operation's own access
rules instead."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja.security import APIKeyHeader, SessionAuth
from ninja.utils import check_csrf

from accounts.access import security_log
from accounts.models import Scope, User
from accounts.services import api_key_lookup

API_KEY_HEADER = "X-API-Key"


class ScopeMissing(PermissionDenied):
    """The key is valid, but its administrator did not give it this right."""

    field = "X-API-Key"

    def __init__(self, scope: str) -> None:
        super().__init__(scope)
        self.scope = scope

    @property
    def message(self) -> str:
        return (
            f"Ключу не дано право «{Scope(self.scope).label}». Его даёт администратор "
            "органа на странице «Ключи API»."
        )


class KeyExpired(PermissionDenied):
    """The key was valid until its last day, which has passed."""

    field = "X-API-Key"

    def __init__(self, expires_on: dt.date) -> None:
        super().__init__(expires_on.isoformat())
        self.expires_on = expires_on

    @property
    def message(self) -> str:
        return (
            f"Срок действия ключа истёк: он работал по {self.expires_on:%d.%m.%Y}. Новый ключ "
            "выдаёт администратор органа на странице «Ключи API»."
        )


def key_allows(request: HttpRequest, scope: str) -> bool:
    """For a handler that shows more to some keys: does the calling key have ``scope``?
    True for a signed-in person (their role decides)."""
    api_key = getattr(request, "api_key", None)
    return api_key is None or api_key.allows(scope)


class ApiKeyAuth(APIKeyHeader):
    """``X-API-Key: kc_…`` — a key issued to an integration system, scoped to its body."""

    param_name = API_KEY_HEADER

    def __init__(self, *scopes: str) -> None:
        super().__init__()
        self.scopes = scopes

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return _system_for(request, key, self.scopes)


def _system_for(request: HttpRequest, raw: str | None, scopes: tuple[str, ...]) -> User | None:
    api_key = api_key_lookup(raw or "")
    if api_key is None:
        return None
    if api_key.is_expired and api_key.expires_on is not None:
        security_log.info("refused expired key=%s", api_key.prefix)
        raise KeyExpired(api_key.expires_on)
    if not any(api_key.allows(s) for s in scopes):
        security_log.info("refused scope key=%s scope=%s", api_key.prefix, scopes[0])
        raise ScopeMissing(scopes[0])
    request.user = api_key.system
    request.api_key = api_key  # type: ignore[attr-defined]
    return api_key.system


class CsrfFailed(PermissionDenied):
    field = "X-CSRFToken"
    message = (
        "Запрос из браузера без проверочного кода CSRF: передайте заголовок X-CSRFToken "
        "со значением cookie csrftoken. Информационные системы передают X-API-Key."
    )


def _check_csrf(request: HttpRequest) -> None:
    if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
        raise CsrfFailed()


class SignedInSession(SessionAuth):
    """A signed-in person's session, with Django's CSRF check. Nobody signed in is a 401
    naming X-API-Key (not the CSRF failure ninja's own class answers first)."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        _check_csrf(request)
        return request.COOKIES.get(self.param_name)


def key_or_session(*scopes: str) -> list[Any]:
    """The ``auth`` of an operation: a key with one of ``scopes``, or a signed-in session."""
    return [ApiKeyAuth(*scopes), SignedInSession()]


def caller(request: HttpRequest, scope: str, *, read: bool = False) -> User | AnonymousUser:
    """Who is calling an endpoint open to everyone: a system by a key with ``scope``, a
    session user, or nobody. For a public read (``read``) a key without the scope reads
    as anyone would, rather than being refused what it could read without the key; so
    does an expired key."""
    key = request.headers.get(API_KEY_HEADER)
    if key:
        try:
            system = _system_for(request, key, (scope,))
        except (ScopeMissing, KeyExpired):
            if not read:
                raise
            return AnonymousUser()
        if system is not None:
            return system
    user = request.user
    if not isinstance(user, User):
        return AnonymousUser()
    _check_csrf(request)  # a session acts only from our own pages
    return user
