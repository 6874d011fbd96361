"""How API callers are recognised: an integration system's key, or a signed-in session."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import APIKeyHeader, SessionAuth

from accounts.models import User
from accounts.services import api_key_authenticate

API_KEY_HEADER = "X-API-Key"


class ApiKeyAuth(APIKeyHeader):
    """``X-API-Key: kc_…`` — a key issued to an integration system, scoped to its body."""

    param_name = API_KEY_HEADER

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        system = api_key_authenticate(key or "")
        if system is not None:
            request.user = system
        return system


api_auth = [ApiKeyAuth(), SessionAuth()]


def caller(request: HttpRequest) -> User | AnonymousUser:
    """Who is calling an endpoint open to everyone: a system by key, a session user, or nobody."""
    key = request.headers.get(API_KEY_HEADER)
    if key:
        system = api_key_authenticate(key)
        if system is not None:
            return system
    user = request.user
    return user if isinstance(user, User) else AnonymousUser()
