"""Who works with a body's inbox (R22, R23).

- answerers, analysts and body administrators of the body read and answer its items;
- the head reads them, approves answers over the thresholds and sets the rules;
- the body's integration systems post items and read what they posted;
- nobody else sees the inbox: another body's item is a 404, as if it did not exist.
Items carry personal data (the author and contact), so these rules guard every page.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.access import AnyUser, body_for, load, refuse_forbidden, refuse_not_found
from accounts.models import Body
from accounts.roles import Cap, can
from inbox import selectors
from inbox.models import Item, Template


def can_read(user: AnyUser, body_id: int | None) -> bool:
    return can(user, Cap.INBOX_READ, body_id)


def can_answer(user: AnyUser, body_id: int | None) -> bool:
    return can(user, Cap.INBOX_ANSWER, body_id)


def can_approve(user: AnyUser, body_id: int | None) -> bool:
    return can(user, Cap.INBOX_APPROVE, body_id)


def can_configure(user: AnyUser, body_id: int | None) -> bool:
    return can(user, Cap.INBOX_CONFIGURE, body_id)


def can_post(user: AnyUser, body_id: int | None) -> bool:
    return can(user, Cap.INBOX_POST, body_id)


def get_body_for_read(user: AnyUser) -> Body:
    """The body whose inbox the user works with; 403 for anyone outside its staff."""
    return body_for(user, Cap.INBOX_READ, "inbox")


def get_body_for(user: AnyUser, cap: Cap, *, message: str = "") -> Body:
    """The user's body, for an action only some of its staff may take (``Cap.INBOX_…``)."""
    return body_for(user, cap, "inbox", message=message)


def get_item_for_read(user: AnyUser, pk: int) -> Item:
    return load(user, selectors.item_detail(pk=pk), f"inbox-item:{pk}", read=Cap.INBOX_READ)


def get_item_for_answer(user: AnyUser, pk: int) -> Item:
    item = selectors.item_detail(pk=pk)
    return load(user, item, f"inbox-item:{pk}", read=Cap.INBOX_READ, write=Cap.INBOX_ANSWER)


def get_item_for_approval(user: AnyUser, pk: int) -> Item:
    item = selectors.item_detail(pk=pk)
    return load(user, item, f"inbox-item:{pk}", read=Cap.INBOX_READ, write=Cap.INBOX_APPROVE)


def get_item_for_status(user: AnyUser, pk: int, *, key_reads: bool) -> tuple[Item, bool]:
    """An item through the API, and whether the caller sees all of it: the answering
    body's staff (and its keys that may read appeals, ``key_reads``) see the text and the
    author; the system that posted it — received by its body, which may differ from the
    body that answers — sees the status only; anyone else gets a 404."""
    item = selectors.item_detail(pk=pk)
    full = item is not None and key_reads and can_read(user, item.body_id)
    poster = item is not None and can(user, Cap.INTEGRATE, item.received_by_id)
    if item is None or not (full or poster):
        raise refuse_not_found(user, f"inbox-item:{pk}")
    return item, full


def get_template_for_write(user: AnyUser, pk: int) -> Template:
    template = Template.objects.filter(pk=pk).first()
    return load(
        user, template, f"answer-template:{pk}", read=Cap.INBOX_READ, write=Cap.INBOX_ANSWER
    )


def get_item_of_client(user: AnyUser, pk: int) -> Item:
    """An appeal linked to this very client (their history); anyone else's is a 404."""
    if not can(user, Cap.CLIENT, None):
        raise refuse_forbidden(user, "inbox:client", message=_("Это раздел клиента."))
    item = Item.objects.filter(pk=pk, client_id=getattr(user, "pk", None)).first()
    if item is None:
        raise refuse_not_found(user, f"item:{pk}")
    return item
