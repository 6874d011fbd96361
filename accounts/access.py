"""Who may read and change what a body owns.

These predicates are the only place the role rules live; each app's ``access``
module wraps them into read / read-write loaders for its object types.
A refused access is logged (ASVS V7).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts.models import EDITOR_ROLES, STAFF_READER_ROLES, Body, Role, User

security_log = logging.getLogger("klientocentr.security")

AnyUser = User | AnonymousUser


def is_staff_of(user: AnyUser, body_id: int | None) -> bool:
    """Body administrators, analysts, heads and systems of the body read its drafts."""
    if not user.is_authenticated:
        return False
    assert isinstance(user, User)
    if user.role == Role.PLATFORM_ADMIN:
        return True
    return body_id is not None and user.body_id == body_id and user.role in STAFF_READER_ROLES


def can_edit_for(user: AnyUser, body_id: int | None) -> bool:
    """Analysts, body administrators and integration systems change their own body's data."""
    if not user.is_authenticated:
        return False
    assert isinstance(user, User)
    if user.role == Role.PLATFORM_ADMIN:
        return True
    return body_id is not None and user.body_id == body_id and user.role in EDITOR_ROLES


def can_administer(user: AnyUser, body_id: int | None) -> bool:
    """Body administrators manage their body's keys and read its audit trail."""
    if not user.is_authenticated:
        return False
    assert isinstance(user, User)
    if user.role == Role.PLATFORM_ADMIN:
        return True
    return body_id is not None and user.body_id == body_id and user.role == Role.BODY_ADMIN


def is_body_editor(user: AnyUser) -> bool:
    """May create registry objects at all (for their own body)."""
    return (
        user.is_authenticated
        and isinstance(user, User)
        and (user.role == Role.PLATFORM_ADMIN or user.role in EDITOR_ROLES)
    )


def body_of(user: AnyUser, allowed: Callable[[AnyUser, int | None], bool], what: str) -> Body:
    """The user's own body, when ``allowed`` (a predicate above, or an app's) lets them work
    with it there; 403 for anyone else. Pages that list "the body's X" start here."""
    if not isinstance(user, User) or user.body is None or not allowed(user, user.body_id):
        raise refuse_forbidden(user, what)
    return user.body


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
