"""Who works with a body's inbox (R22, R23).

- answerers, analysts and body administrators of the body read and answer its items;
- the head reads them, approves answers over the thresholds and sets the rules;
- the body's integration systems post items and read what they posted;
- nobody else sees the inbox: another body's item is a 404, as if it did not exist.
Items carry personal data (the author and contact), so these rules guard every page.
"""

from __future__ import annotations

from collections.abc import Callable

from accounts.access import AnyUser, body_of, refuse_forbidden, refuse_not_found
from accounts.models import Body, Role, User
from inbox import selectors
from inbox.models import Item, Template

READER_ROLES = {Role.ANSWERER, Role.ANALYST, Role.BODY_ADMIN, Role.HEAD, Role.SYSTEM}
ANSWER_ROLES = {Role.ANSWERER, Role.ANALYST, Role.BODY_ADMIN}
APPROVER_ROLES = {Role.HEAD}
CONFIGURE_ROLES = {Role.HEAD, Role.BODY_ADMIN}
#: May post items for the body (its systems; its staff enter phone or paper items).
INTAKE_ROLES = {Role.SYSTEM, Role.ANSWERER, Role.ANALYST, Role.BODY_ADMIN}


def _has(user: AnyUser, body_id: int | None, roles: set[Role]) -> bool:
    if not user.is_authenticated or not isinstance(user, User):
        return False
    if user.role == Role.PLATFORM_ADMIN:
        return True
    return body_id is not None and user.body_id == body_id and user.role in roles


def can_read(user: AnyUser, body_id: int | None) -> bool:
    return _has(user, body_id, READER_ROLES)


def can_answer(user: AnyUser, body_id: int | None) -> bool:
    return _has(user, body_id, ANSWER_ROLES)


def can_approve(user: AnyUser, body_id: int | None) -> bool:
    return _has(user, body_id, APPROVER_ROLES)


def can_configure(user: AnyUser, body_id: int | None) -> bool:
    return _has(user, body_id, CONFIGURE_ROLES)


def can_post(user: AnyUser, body_id: int | None) -> bool:
    return _has(user, body_id, INTAKE_ROLES)


def get_body_for_read(user: AnyUser) -> Body:
    """The body whose inbox the user works with; 403 for anyone outside its staff."""
    return body_of(user, can_read, "inbox")


def get_body_for(user: AnyUser, predicate: Callable[[AnyUser, int | None], bool]) -> Body:
    """The user's body, for an action only some of its staff may take (``can_answer`` …)."""
    return body_of(user, predicate, "inbox")


def get_item_for_read(user: AnyUser, pk: int) -> Item:
    item = selectors.item_detail(pk=pk)
    if item is None or not can_read(user, item.body_id):
        raise refuse_not_found(user, f"inbox-item:{pk}")
    return item


def get_item_for_answer(user: AnyUser, pk: int) -> Item:
    item = get_item_for_read(user, pk)
    if not can_answer(user, item.body_id):
        raise refuse_forbidden(user, f"inbox-item:{pk}")
    return item


def get_item_for_approval(user: AnyUser, pk: int) -> Item:
    item = get_item_for_read(user, pk)
    if not can_approve(user, item.body_id):
        raise refuse_forbidden(user, f"inbox-item:{pk}")
    return item


def get_template_for_write(user: AnyUser, pk: int) -> Template:
    template = Template.objects.filter(pk=pk).first()
    if template is None or not can_read(user, template.body_id):
        raise refuse_not_found(user, f"answer-template:{pk}")
    if not can_answer(user, template.body_id):
        raise refuse_forbidden(user, f"answer-template:{pk}")
    return template
