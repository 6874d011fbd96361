"""Mailing preferences (R24): per address and topic, how often — or never — to mail."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mailings.topics import TOPICS


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Сразу")
    DAILY = "daily", _("Раз в день, одним письмом")
    WEEKLY = "weekly", _("Раз в неделю, одним письмом")
    OFF = "off", _("Не присылать")


TOPIC_CHOICES = [(code, label) for code, label in TOPICS.items()]


class MailingPreference(models.Model):
    """How often an address gets mail of a topic; no row means "immediately"."""

    email = models.EmailField(_("адрес"), db_index=True)
    topic = models.CharField(_("тема"), max_length=40, choices=TOPIC_CHOICES)
    frequency = models.CharField(
        _("как часто"), max_length=10, choices=Frequency.choices, default=Frequency.IMMEDIATE
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("настройка рассылки")
        verbose_name_plural = _("настройки рассылок")
        constraints = [
            models.UniqueConstraint(fields=["email", "topic"], name="one_preference_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.topic} — {self.get_frequency_display()}"


class Recipient(models.Model):
    """An address the product has mailed, known to its links by a random key only: the
    links in a mail carry the key signed with a time stamp, never the address (R24)."""

    email = models.EmailField(_("адрес"), unique=True)
    key = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("получатель рассылок")
        verbose_name_plural = _("получатели рассылок")

    def __str__(self) -> str:
        return self.email


class QueuedMail(models.Model):
    """A message held for the recipient's daily or weekly digest."""

    email = models.EmailField(_("адрес"))
    topic = models.CharField(_("тема"), max_length=40, choices=TOPIC_CHOICES)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    subject = models.CharField(_("тема письма"), max_length=300)
    body = models.TextField(_("текст"))
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["frequency", "sent_at", "email"])]

    def __str__(self) -> str:
        return f"{self.email}: {self.subject}"
