"""Mailing preferences (R24): per address and topic, how often — or never — to tell.

An *address* is whom the preferences belong to: an e-mail address, or ``user:<id>`` for an
account without one (a client told by SMS or push). The same preferences hold for every
channel the person is told through (``mailings.channels``)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mailings.channels import Channel
from mailings.topics import TOPICS


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Сразу")
    DAILY = "daily", _("Раз в день, одним сообщением")
    WEEKLY = "weekly", _("Раз в неделю, одним сообщением")
    OFF = "off", _("Не присылать")


TOPIC_CHOICES = [(code, label) for code, label in TOPICS.items()]


class MailingPreference(models.Model):
    """How often an address gets mail of a topic; no row means "immediately"."""

    address = models.CharField(_("адрес"), max_length=254, db_index=True)
    topic = models.CharField(_("тема"), max_length=40, choices=TOPIC_CHOICES)
    frequency = models.CharField(
        _("как часто"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("настройка рассылки")
        verbose_name_plural = _("настройки рассылок")
        constraints = [
            models.UniqueConstraint(fields=["address", "topic"], name="one_preference_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.address}: {self.topic} — {self.get_frequency_display()}"


class Recipient(models.Model):
    """An address the product has mailed, known to its links by a random key only: the
    links in a mail carry the key signed with a time stamp, never the address (R24)."""

    address = models.CharField(_("адрес"), max_length=254, unique=True)
    key = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("получатель рассылок")
        verbose_name_plural = _("получатели рассылок")

    def __str__(self) -> str:
        return self.address


class QueuedMail(models.Model):
    """A message held for the recipient's daily or weekly digest, with the channel and
    where to (an e-mail address, a phone, an account) it goes when the digest is sent."""

    address = models.CharField(_("адрес"), max_length=254)
    channel = models.CharField(
        _("канал"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    to = models.CharField(_("куда"), max_length=254)
    topic = models.CharField(_("тема"), max_length=40, choices=TOPIC_CHOICES)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    subject = models.CharField(_("тема письма"), max_length=300)
    body = models.TextField(_("текст"))
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["frequency", "sent_at", "address"])]

    def __str__(self) -> str:
        return f"{self.address}: {self.subject}"


class Notice(models.Model):
    """What the product told an address, through which channel and with what outcome —
    sent, held for a digest, or not sent because the address turned the topic off (R24).
    The text is not kept: it may hold a one-time link."""

    class Outcome(models.TextChoices):
        SENT = "sent", _("отправлено")
        QUEUED = "queued", _("отложено до сводки")
        SKIPPED = "skipped", _("не отправлено: вы отписались")
        #: The SMS or push gateway is the logging stand-in: the notice reached no phone.
        LOGGED = "logged", _("не отправлено: СМС и уведомления пока не подключены")

    address = models.CharField(_("адрес"), max_length=254)
    channel = models.CharField(_("канал"), max_length=10, choices=Channel.choices)
    topic = models.CharField(_("тема"), max_length=40, choices=TOPIC_CHOICES)
    subject = models.CharField(_("тема сообщения"), max_length=300)
    outcome = models.CharField(_("что сделано"), max_length=10, choices=Outcome.choices)
    created_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["address", "-created_at"], name="mailings_no_address_idx"),
            models.Index(fields=["created_at"], name="mailings_no_created_idx"),
        ]
        verbose_name = _("отправленное уведомление")
        verbose_name_plural = _("отправленные уведомления")

    def __str__(self) -> str:
        return f"{self.address}: {self.channel} {self.topic} {self.outcome}"


class ShortLink(models.Model):
    """A short link for an SMS («…/m/Xk3p9QaZ»): it leads to the unsubscribe page of one
    address and topic, where the person confirms. It never expires: stopping a notice
    harms nobody."""

    code = models.CharField(max_length=16, unique=True)
    address = models.CharField(_("адрес"), max_length=254)
    topic = models.CharField(_("тема"), max_length=40, choices=TOPIC_CHOICES)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["address", "topic"], name="one_short_link_per_topic")
        ]

    def __str__(self) -> str:
        return self.code
