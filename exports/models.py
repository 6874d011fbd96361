"""Every file the product hands out, logged: who, what, for which body, how many rows and
whether it held personal data (152-ФЗ; data-hub's user event log is the model)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Format(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"
    PDF = "pdf", "PDF"
    PNG = "png", "PNG"
    JSON = "json", "JSON"


class ExportEvent(models.Model):
    """One file handed out. Append-only, like the audit trail."""

    at = models.DateTimeField(_("когда"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("кто"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.ForeignKey(
        "accounts.Body",
        verbose_name=_("орган"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    what = models.CharField(_("вид"), max_length=100)
    title = models.CharField(_("что"), max_length=300, blank=True)
    filename = models.CharField(_("файл"), max_length=200)
    format = models.CharField(_("формат"), max_length=5, choices=Format.choices)
    rows = models.PositiveIntegerField(_("строк"), default=0)
    personal = models.BooleanField(_("персональные данные"), default=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["body", "-at"], name="export_body_recent")]
        verbose_name = _("выгрузка")
        verbose_name_plural = _("выгрузки")

    def __str__(self) -> str:
        return f"{self.what} {self.filename}"
