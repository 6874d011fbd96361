"""Telling people things, with their preferences honoured (R24), through one path for
every channel.

Every notice of the product goes through :func:`notify` (mail through
:func:`mail_send`, which calls it): it looks up how often the address wants the topic,
sends now through the channel, queues for a digest, or drops it, and keeps a ``Notice``
of what it did. A mail carries RFC 8058 one-click unsubscribe headers and a link to
choose the frequency; an SMS, a short link to unsubscribe (``/m/<code>``). The links
carry an opaque token that works for ``LINK_MAX_AGE`` and never the address.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import string
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from lib.jobs import Backlog
from mailings import channels
from mailings.actions import Action
from mailings.channels import Channel
from mailings.models import Frequency, MailingPreference, Notice, QueuedMail, Recipient, ShortLink
from mailings.topics import TOPICS, label

log = logging.getLogger("klientocentr.mailings")
_SALT = "mailings.link"
#: Older links carried the address itself (``signing.dumps``) and never expired.
_LEGACY_SALT = "mailings.preferences"
#: How long the record of what was sent is kept (``purge_old``): half a year.
NOTICES_KEPT = dt.timedelta(days=183)
#: How long the links of a mail work: a digest or a notice is answered well within it.
LINK_MAX_AGE = dt.timedelta(days=90)

Outcome = Literal["sent", "queued", "skipped", "logged"]


class LinkExpired(Exception):
    """A link of ours, too old to act on: the recipient signs in or uses a newer mail."""


def address_of(*, email: str, user_id: int | None = None) -> str:
    """Whom preferences belong to: the e-mail address, or for an account without one, the
    account (``user:<id>``). A person told by SMS or push keeps the same preferences as
    by mail."""
    email = email.strip().lower()
    if email:
        return email
    if user_id is None:
        return ""
    return f"user:{user_id}"


def shown(address: str) -> str:
    """An address as its page names it: the e-mail address, or «ваша учётная запись»."""
    return _("ваша учётная запись") if _user_id(address) is not None else address


def _user_id(address: str) -> int | None:
    prefix, _sep, rest = address.partition(":")
    return int(rest) if prefix == "user" and rest.isdigit() else None


def _recipient_keys(addresses: set[str]) -> dict[str, str]:
    """The link tokens of ``addresses`` (``token_for``), keys made for those that have
    none: two reads and one insert for a batch of notices, not a query each."""
    if not addresses:
        return {}
    known = set(Recipient.objects.filter(address__in=addresses).values_list("address", flat=True))
    Recipient.objects.bulk_create(
        [Recipient(address=a, key=secrets.token_urlsafe(16)) for a in addresses - known],
        ignore_conflicts=True,
    )
    signer = signing.TimestampSigner(salt=_SALT)
    return {
        address: signer.sign(key)
        for address, key in Recipient.objects.filter(address__in=addresses).values_list(
            "address", "key"
        )
    }


def _recipient_key(email: str) -> str:
    address = email.strip().lower()
    key = Recipient.objects.filter(address=address).values_list("key", flat=True).first()
    if key is None:
        key = Recipient.objects.get_or_create(
            address=address, defaults={"key": secrets.token_urlsafe(16)}
        )[0].key
    return key


def token_for(email: str) -> str:
    """An opaque token that lets the holder of ``email`` change its preferences without
    login for ``LINK_MAX_AGE`` (R24): the address's random key, signed with the time.
    Nothing in it decodes to the address."""
    return signing.TimestampSigner(salt=_SALT).sign(_recipient_key(email))


def email_from_token(token: str) -> str | None:
    """The address a link is for; None when the link is not ours (or was tampered with);
    ``LinkExpired`` when it is ours but older than ``LINK_MAX_AGE``."""
    try:
        key = signing.TimestampSigner(salt=_SALT).unsign(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        if _is_legacy(token):
            raise LinkExpired from None
        return None
    return Recipient.objects.filter(key=key).values_list("address", flat=True).first()


def email_for_unsubscribe(token: str) -> str | None:
    """The address an unsubscribe link is for, however old the link (R24: every mail ever
    sent can stop the mail; stopping mail harms nobody, so age does not matter here — the
    preferences page, which can also turn mail on, still needs a fresh link)."""
    try:
        key = signing.TimestampSigner(salt=_SALT).unsign(token)
    except signing.BadSignature:
        try:
            value = signing.loads(token, salt=_LEGACY_SALT)
        except (signing.BadSignature, ValueError):
            return None
        return value if isinstance(value, str) else None
    return Recipient.objects.filter(key=key).values_list("address", flat=True).first()


def _is_legacy(token: str) -> bool:
    try:
        signing.loads(token, salt=_LEGACY_SALT)
    except (signing.BadSignature, ValueError):
        return False
    return True


def preferences_url(email: str, *, token: str | None = None) -> str:
    token = token or token_for(email)
    return settings.SITE_URL + reverse("mailings:preferences", args=[token])


def unsubscribe_url(email: str, topic: str, *, token: str | None = None) -> str:
    token = token or token_for(email)
    return settings.SITE_URL + reverse("mailings:unsubscribe", args=[token, topic])


#: The letters of a short link's code: no «-» or «_», which some SMS apps leave out of a link.
_CODE_LETTERS = string.ascii_letters + string.digits


def short_url(address: str, topic: str) -> str:
    """A short link for an SMS that stops ``topic`` for ``address`` (``/m/<code>``)."""
    link = ShortLink.objects.filter(address=address, topic=topic).first()
    if link is None:
        code = "".join(secrets.choice(_CODE_LETTERS) for _i in range(8))
        link = ShortLink.objects.get_or_create(
            address=address, topic=topic, defaults={"code": code}
        )[0]
    return settings.SITE_URL + reverse("mailings:short", args=[link.code])


def short_link(code: str) -> ShortLink | None:
    """The short link of an SMS. Whoever holds the SMS — perhaps the next owner of a
    recycled number — may stop that one topic, and learns nothing else: the page it opens
    shows no address, no history and no other topic."""
    return ShortLink.objects.filter(code=code).first()


def frequency_for(email: str, topic: str, *, user_id: int | None = None) -> str:
    """How often ``email`` (an address) wants ``topic``. With ``user_id``, a choice made
    while the account had no e-mail (under ``user:<id>``) counts when the address itself
    has none for the topic."""
    addresses = [email.strip().lower()]
    if user_id is not None and addresses[0] != f"user:{user_id}":
        addresses.append(f"user:{user_id}")
    found = dict(
        MailingPreference.objects.filter(address__in=addresses, topic=topic).values_list(
            "address", "frequency"
        )
    )
    for address in addresses:
        if address in found:
            return found[address]
    return Frequency.IMMEDIATE


def role_of(email: str) -> str | None:
    """The role of the account with this address (the most privileged, if several share
    it), or None for an address without an account."""
    user_id = _user_id(email)
    people = (
        User.objects.filter(pk=user_id)
        if user_id is not None
        else User.objects.filter(email__iexact=email.strip())
    )
    roles = set(people.values_list("role", flat=True))
    staff = sorted(r for r in roles if r not in ("citizen", "business"))
    return staff[0] if staff else (sorted(roles)[0] if roles else None)


def preferences_of(email: str) -> dict[str, str]:
    """Every topic with the address's frequency (default: immediately)."""
    stored = dict(
        MailingPreference.objects.filter(address=email.strip().lower()).values_list(
            "topic", "frequency"
        )
    )
    return {topic: stored.get(topic, Frequency.IMMEDIATE) for topic in TOPICS}


def _message(
    email: str,
    topic: str,
    subject: str,
    body: str,
    *,
    address: str | None = None,
    token: str | None = None,
) -> EmailMessage:
    """A mail to ``email`` with the links of ``address`` (the same, unless an account's
    notices go to a changed address); ``token``: its link token, when already made."""
    address = address or email
    token = token or token_for(address)
    unsubscribe = unsubscribe_url(address, topic, token=token)
    footer = "\n\n—\n" + _(
        "Тема рассылки: «{topic}». Отписаться: {unsubscribe}\nКак часто присылать: {prefs}"
    ).format(
        topic=label(topic), unsubscribe=unsubscribe, prefs=preferences_url(address, token=token)
    )
    return EmailMessage(
        subject=subject,
        body=body + footer,
        to=[email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def account_mail_send(*, email: str, subject: str, body: str) -> Outcome:
    """A letter about the person's own account (a password reset): sent at once, whatever
    the mailing preferences, without an unsubscribe link — it is not a mailing."""
    email = email.strip().lower()
    if not email:
        return "skipped"
    EmailMessage(subject=subject, body=body, to=[email]).send()
    log.info("account mail sent to %s", email)
    return "sent"


def mail_send(*, email: str, topic: str, subject: str, body: str) -> Outcome:
    """A mail: send, queue for the digest, or drop, as the address chose (R24)."""
    return notify(
        address=email, channel=Channel.EMAIL, to=email, topic=topic, subject=subject, text=body
    )


def notify(
    *,
    address: str,
    channel: str,
    to: str,
    topic: str,
    subject: str,
    text: str,
    user_id: int | None = None,
) -> Outcome:
    """Tell ``address`` (``address_of``) about ``topic`` through ``channel`` at ``to`` (an
    e-mail address, a phone in E.164, an account's id for push): send now, queue for the
    digest, or drop, as the address chose for the topic (R24; ``user_id``: the account,
    whose choices made before it had an e-mail count too); a ``Notice`` keeps what was
    done — "logged" when the SMS or push gateway is the logging stand-in, which delivers
    nothing. The one path of every notice the product sends."""
    if topic not in TOPICS:
        raise ValueError(f"unknown mailing topic {topic!r}")
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    address, to = address.strip().lower(), to.strip()
    if channel == Channel.EMAIL:
        to = to.lower()
    if not address or not to:
        return "skipped"
    frequency = frequency_for(address, topic, user_id=user_id)
    outcome: Outcome
    if frequency == Frequency.OFF:
        log.info("notice skipped: %s unsubscribed from %s", address, topic)
        outcome = "skipped"
    elif frequency in (Frequency.DAILY, Frequency.WEEKLY):
        QueuedMail.objects.create(
            address=address, channel=channel, to=to, topic=topic, frequency=frequency,
            subject=subject, body=text,
        )  # fmt: skip
        outcome = "queued"
    else:
        outcome = _deliver(address, channel, to, topic, subject, text)
    Notice.objects.create(
        address=address, channel=channel, topic=topic, subject=subject[:300], outcome=outcome
    )
    return outcome


@dataclass(frozen=True)
class Outgoing:
    """One notice for ``notify_many``: as ``notify``'s arguments."""

    address: str
    channel: str
    to: str
    topic: str
    subject: str
    text: str
    user_id: int | None = None


def notify_many(notices: list[Outgoing]) -> list[Outcome]:
    """``notify`` for a batch (the runner's): the preferences read once, the record of what
    was done and the digest queue written in one insert each. Each notice sent is still
    sent on its own; one that fails to send is logged, recorded as not sent, and the
    others go on. Call it inside a transaction: the records are one commit."""
    for n in notices:
        if n.topic not in TOPICS:
            raise ValueError(f"unknown mailing topic {n.topic!r}")
        if n.channel not in Channel.values:
            raise ValueError(f"unknown channel {n.channel!r}")
    keys = {n.address.strip().lower() for n in notices} | {
        f"user:{n.user_id}" for n in notices if n.user_id is not None
    }
    chosen: dict[tuple[str, str], str] = {
        (address, topic): frequency
        for address, topic, frequency in MailingPreference.objects.filter(
            address__in=keys, topic__in={n.topic for n in notices}
        ).values_list("address", "topic", "frequency")
    }
    tokens = _recipient_keys(
        {n.address.strip().lower() for n in notices if n.channel == Channel.EMAIL}
    )
    outcomes: list[Outcome] = []
    records, queued = [], []
    for n in notices:
        address, to = n.address.strip().lower(), n.to.strip()
        if n.channel == Channel.EMAIL:
            to = to.lower()
        if not address or not to:
            outcomes.append("skipped")
            continue
        frequency = chosen.get((address, n.topic)) or (
            chosen.get((f"user:{n.user_id}", n.topic)) if n.user_id is not None else None
        )
        outcome: Outcome
        if frequency == Frequency.OFF:
            outcome = "skipped"
        elif frequency in (Frequency.DAILY, Frequency.WEEKLY):
            queued.append(
                QueuedMail(
                    address=address, channel=n.channel, to=to, topic=n.topic,
                    frequency=frequency, subject=n.subject, body=n.text,
                )
            )  # fmt: skip
            outcome = "queued"
        else:
            try:
                outcome = _deliver(
                    address, n.channel, to, n.topic, n.subject, n.text, token=tokens.get(address)
                )
            except Exception:
                log.exception("notice %s to %s failed", n.topic, n.channel)
                outcome = "skipped"
        outcomes.append(outcome)
        records.append(
            Notice(
                address=address, channel=n.channel, topic=n.topic, subject=n.subject[:300],
                outcome=outcome,
            )
        )  # fmt: skip
    QueuedMail.objects.bulk_create(queued)
    Notice.objects.bulk_create(records)
    return outcomes


def _deliver(
    address: str,
    channel: str,
    to: str,
    topic: str,
    subject: str,
    text: str,
    *,
    token: str | None = None,
) -> Literal["sent", "logged"]:
    if channel == Channel.EMAIL:
        _message(to, topic, subject, text, address=address, token=token).send()
        return "sent"
    if channel == Channel.SMS:  # short: the text and a short link to stop this topic
        text = (
            text + "\n" + _("Не присылать такие СМС: {url}").format(url=short_url(address, topic))
        )
    gateway = channels.gateway()
    gateway.send(channel, to, text)
    return "sent" if gateway.delivers else "logged"


def notices_of(address: str, *, limit: int = 20) -> list[Notice]:
    """What the product told an address lately, newest first (R24)."""
    return list(Notice.objects.filter(address=address.strip().lower())[:limit])


def _linked_addresses(address: str) -> list[str]:
    """The other key of the same person: an account's e-mail for ``user:<id>``; for an
    e-mail, the ``user:<id>`` keys already holding choices of the accounts with it."""
    user_id = _user_id(address)
    if user_id is not None:
        email = User.objects.filter(pk=user_id).values_list("email", flat=True).first()
        return [email.strip().lower()] if email and email.strip() else []
    ids = User.objects.filter(email__iexact=address).values_list("pk", flat=True)
    keys = [f"user:{pk}" for pk in ids]
    return list(
        MailingPreference.objects.filter(address__in=keys)
        .values_list("address", flat=True)
        .distinct()
    )


def _frequency_store(address: str, topic: str, frequency: str) -> None:
    MailingPreference.objects.update_or_create(
        address=address,
        topic=topic,
        defaults={"frequency": frequency, "updated_at": timezone.now()},
    )
    if frequency == Frequency.OFF:
        QueuedMail.objects.filter(address=address, topic=topic, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )


def queued_redirect(*, address: str, channel: str, to: str) -> int:
    """What waits for the address's digests goes where the person now wants to be told
    (a new phone, another channel): a digest never goes to a number given up. Returns how
    many were moved."""
    if channel not in Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    return QueuedMail.objects.filter(address=address, sent_at__isnull=True).update(
        channel=channel, to=to
    )


def purge_old() -> int:
    """The record of what was sent is kept ``NOTICES_KEPT``; sent digest items, a month."""
    now = timezone.now()
    gone, _kinds = Notice.objects.filter(created_at__lt=now - NOTICES_KEPT).delete()
    held, _kinds = QueuedMail.objects.filter(sent_at__lt=now - dt.timedelta(days=30)).delete()
    return gone + held


@transaction.atomic
def preference_set(*, email: str, topic: str, frequency: str, actor: User | None = None) -> None:
    """Record how often ``email`` wants ``topic``; audited. Held digest mail moves along."""
    if topic not in TOPICS:
        raise ValidationError({"topic": _("Такой рассылки нет.")})
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Выберите, как часто присылать.")})
    email = email.strip().lower()
    for linked in _linked_addresses(email):  # the same person under the account's other key
        _frequency_store(linked, topic, frequency)
    pref, _created = MailingPreference.objects.get_or_create(address=email, topic=topic)
    before = pref.frequency if not _created else None
    pref.frequency = frequency
    pref.updated_at = timezone.now()
    pref.save()
    QueuedMail.objects.filter(address=email, topic=topic, sent_at__isnull=True).exclude(
        frequency=frequency
    ).update(frequency=frequency)
    if frequency == Frequency.OFF:
        QueuedMail.objects.filter(address=email, topic=topic, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
    audit_record(
        actor=actor,
        action=Action.PREFERENCE,
        obj=pref,
        changes={"frequency": [before, frequency]},
    )


def digests_send(*, frequency: str) -> int:
    """Send one digest per address, topic and channel of what was queued under
    ``frequency``, through that channel (a digest by SMS is one SMS with the texts).

    Each digest claims its rows with a conditional update and sends inside the same
    transaction: two runs at once never send a message twice, and a digest whose sending
    fails stays queued for the next run. Returns how many digests went out.
    """
    groups = (
        QueuedMail.objects.filter(frequency=frequency, sent_at__isnull=True)
        .values_list("address", "topic", "channel", "to")
        .distinct()
    )
    sent = 0
    for address, topic, channel, to in list(groups):
        with transaction.atomic():
            pending = QueuedMail.objects.filter(
                address=address, topic=topic, channel=channel, to=to, frequency=frequency,
                sent_at__isnull=True,
            )  # fmt: skip
            ids = list(pending.values_list("pk", flat=True))
            claimed = QueuedMail.objects.filter(pk__in=ids, sent_at__isnull=True)
            if claimed.update(sent_at=timezone.now()) != len(ids) or not ids:
                transaction.set_rollback(True)  # another run got there first
                continue
            items = list(QueuedMail.objects.filter(pk__in=ids))
            subject = _("Сводка «{topic}»: {n}").format(topic=label(topic), n=len(items))
            if channel == Channel.EMAIL:
                parts = [f"{i}. {m.subject}\n\n{m.body}" for i, m in enumerate(items, start=1)]
                text = "\n\n".join(parts)
            else:
                text = _short_digest(subject, [m.body for m in items])
            outcome = _deliver(address, channel, to, topic, subject, text)
            Notice.objects.create(
                address=address, channel=channel, topic=topic, subject=subject[:300],
                outcome=outcome,
            )  # fmt: skip
            sent += 1
    return sent


#: The most an SMS or push digest says; the rest waits in the cabinet.
SHORT_DIGEST_MAX = 600


def _short_digest(subject: str, texts: list[str]) -> str:
    """An SMS or push digest: its heading, then the texts while they fit in
    ``SHORT_DIGEST_MAX`` characters, then how many more there are and where to read them."""
    lines, left = [subject], len(texts)
    for text in texts:
        if len("\n".join([*lines, text])) > SHORT_DIGEST_MAX:
            break
        lines.append(text)
        left -= 1
    if left:
        lines.append(
            _("И ещё {n} — в личном кабинете: {url}").format(
                n=left, url=settings.SITE_URL + reverse("cabinet:home")
            )
        )
    return "\n".join(lines)


def queued_backlog(*, frequency: str) -> Backlog:
    """Mail waiting for the next digest of ``frequency``, for the operator page."""
    return Backlog.of(
        QueuedMail.objects.filter(frequency=frequency, sent_at__isnull=True), "created_at"
    )
