"""Who may read and change what a body owns.

The role rules live in one table (``accounts.roles``); this module turns its one check,
``can``, into the loaders every app's ``access`` module declares for its object types
(``get_<object>_for_read`` / ``_for_write``, or ``_for_<action>``) and the refusals they
raise: another body's object is a 404, a read-only member gets a 403 (ADR 0002).
A refused access is logged (ASVS V7).
"""

from __future__ import annotations

import logging
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts.models import ApiKey, Body, User
from accounts.roles import AnyUser as AnyUser
from accounts.roles import Cap, can

security_log = logging.getLogger("klientocentr.security")


class Unset:
    """No value given (``None`` is a value: an object of no body)."""


UNSET = Unset()


def is_staff_of(user: AnyUser, body_id: int | None) -> bool:
    """Body administrators, analysts, heads and systems of the body read its drafts."""
    return can(user, Cap.READ, body_id)


def can_edit_for(user: AnyUser, body_id: int | None) -> bool:
    """Analysts, body administrators and integration systems change their own body's data."""
    return can(user, Cap.EDIT, body_id)


def can_administer(user: AnyUser, body_id: int | None) -> bool:
    """Body administrators manage their body's keys and read its audit trail."""
    return can(user, Cap.ADMINISTER, body_id)


def body_for(user: AnyUser, cap: Cap, what: str, *, message: str = "") -> Body:
    """The user's own body, when they hold ``cap`` there; 403 for anyone else (with
    ``message``, if given, for the API's error). Pages that list "the body's X" start here."""
    if not isinstance(user, User) or user.body is None or not can(user, cap, user.body_id):
        raise refuse_forbidden(user, what, message=message)
    return user.body


def require(
    user: AnyUser,
    cap: Cap,
    what: str,
    body_id: int | None = None,
    message: str = "",
    *,
    field: str = "path",
) -> None:
    """403 unless ``user`` holds ``cap`` (in ``body_id``, for a body capability); the API's
    error names ``field`` and says ``message``."""
    if not can(user, cap, body_id):
        raise refuse_forbidden(user, what, field=field, message=message)


T = TypeVar("T")


def load(
    user: AnyUser,
    obj: T | None,
    what: str,
    *,
    read: Cap | None = Cap.READ,
    write: Cap | None = None,
    body_id: int | Unset | None = UNSET,
) -> T:
    """The one loader of "an object of a body, for reading or for writing" (ADR 0002).

    An object that does not exist, or that the user may not ``read`` (another body's
    draft), is a 404: nobody learns that it exists. One the user may read but lacks
    ``write`` for is a 403. ``read=None`` is an object open to everyone (a published
    one). The owning body is ``obj.body_id`` unless ``body_id`` says otherwise."""
    if obj is None:
        raise refuse_not_found(user, what)
    owner = getattr(obj, "body_id") if isinstance(body_id, Unset) else body_id  # noqa: B009
    if read is not None and not can(user, read, owner):
        raise refuse_not_found(user, what)
    if write is not None and not can(user, write, owner):
        raise refuse_forbidden(user, what)
    return obj


def get_api_key_for_write(user: AnyUser, pk: int) -> ApiKey:
    """A key of the body's systems, for its administrator to revoke: anyone else gets a
    404 (keys of other bodies do not exist for them)."""
    key = ApiKey.objects.select_related("system", "system__body").filter(pk=pk).first()
    body_id = key.system.body_id if key is not None else None
    return load(user, key, f"api-key:{pk}", read=Cap.ADMINISTER, body_id=body_id)


def refuse_post_unless(request: HttpRequest, allowed: bool, what: str) -> None:
    """A page that everyone with read access opens but only some may submit: a POST from
    anyone else is a 403, not a page that silently ignores it."""
    if request.method == "POST" and not allowed:
        raise refuse_forbidden(request.user, what)


def request_user(request: HttpRequest) -> User:
    """The signed-in user of a request that ``login_required`` or API auth let through."""
    user = request.user
    assert isinstance(user, User)
    return user


def require_editor(actor: AnyUser, body_id: int | None, *, field: str = "body") -> None:
    """For services: refuse a write to another body's data, naming ``field``."""
    if not can_edit_for(actor, body_id):
        raise ValidationError({field: _("Вы можете работать только с данными своего органа.")})


def refuse_not_found(user: AnyUser, what: str) -> Http404:
    security_log.info("refused read user=%s object=%s", getattr(user, "pk", None), what)
    return Http404(what)


class Refused(PermissionDenied):
    """A refusal that says which rule refused, for the API's error (``field``, ``message``)
    and the page's «Нет доступа»."""

    def __init__(self, what: str, *, field: str = "path", message: str = "") -> None:
        super().__init__(what)
        self.field = field
        self.message = message or _("Недостаточно прав для этого действия.")


def refuse_forbidden(
    user: AnyUser, what: str, *, field: str = "path", message: str = ""
) -> PermissionDenied:
    security_log.info("refused write user=%s object=%s", getattr(user, "pk", None), what)
    return Refused(what, field=field, message=message)
