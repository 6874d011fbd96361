"""What a body keeps of its indicators: its own targets and who answers for each. The
definitions themselves are code (``indicators.catalogue``): a formula changes only with a
new version there."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Body


class Target(models.Model):
    """The body's own target for one indicator (instead of, or where there is no, the
    standard's), and the person who answers for it."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("показатель"), max_length=40)
    value = models.DecimalField(_("цель"), max_digits=8, decimal_places=3, null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ответственный"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "code"], name="one_target_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.body_id}: {self.code} = {self.value}"
