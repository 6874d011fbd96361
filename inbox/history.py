"""What the product writes into an item's history, rendered in the reader's language.

An event keeps a phrase code and its values instead of a sentence in the language of
whoever caused it (issue 16: the history stayed Russian in the English interface). What a
person wrote — a comment, a note, a name — is kept in ``Event.detail`` and shown as written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext, ngettext

from inbox.models import Channel, Event, Status


def _status(args: dict[str, Any]) -> str:
    return str(Status(args["status"]).label) if args.get("status") in Status.values else ""


def _channel(args: dict[str, Any]) -> str:
    return str(Channel(args["channel"]).label) if args.get("channel") in Channel.values else ""


PHRASES: dict[str, Callable[[dict[str, Any]], str]] = {
    "nobody": lambda a: gettext("никто"),
    "no_category": lambda a: gettext("без категории"),
    "handed_over": lambda a: gettext("передано в %(body)s") % a,
    "routed": lambda a: gettext("категория «%(category)s», %(body)s") % a,
    "status": _status,
    "channel": _channel,
    "characters": lambda a: ngettext("%(n)s знак", "%(n)s знаков", a["n"]) % a,
    "in_time": lambda a: gettext("в срок"),
    "late": lambda a: gettext("с опозданием"),
    "rated": lambda a: gettext("%(score)s из 5") % a,
    "low_rating": lambda a: gettext("клиент оценил ответ на %(score)s из 5") % a,
    "overdue": lambda a: (
        ngettext(
            "просрочено на %(minutes)s минуту", "просрочено на %(minutes)s минут", a["minutes"]
        )
        % a
    ),
}


def render(event: Event) -> str:
    """The product's phrase in the reader's language, then the person's words after «: »;
    an event written before phrases existed shows its sentence as it was kept."""
    said = PHRASES[event.phrase](event.args) if event.phrase in PHRASES else ""
    return ": ".join(part for part in (said, event.detail) if part)


def who(event: Event) -> str:
    if event.actor_id is None and event.actor_label in ("", "система"):
        return gettext("система")
    return event.actor_label
