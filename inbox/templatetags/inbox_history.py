"""An item's history in the reader's language (``inbox.history``)."""

from __future__ import annotations

from django import template

from inbox import history
from inbox.models import Event

register = template.Library()


@register.filter
def history_text(event: Event) -> str:
    """The product's phrase in the reader's language, then what the person wrote."""
    return history.render(event)


@register.filter
def history_who(event: Event) -> str:
    """Who did it: the person's name as kept, or «система» in the reader's language."""
    return history.who(event)
