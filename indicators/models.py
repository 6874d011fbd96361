"""What a body keeps of its indicators: its own targets and who answers for each. The
definitions themselves are code (``indicators.catalogue``): a formula changes only with a
new version there."""

from __future__ import annotations

import datetime as dt

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


class Shortcoming(models.Model):
    """Work an indicator opened (issue 21): it fell beyond its interval, or missed its
    target two quarters running. One per body, indicator and quarter; the body says what
    it did when it closes it."""

    class Reason(models.TextChoices):
        FALL = "fall", _("упал больше погрешности")
        MISS = "miss", _("два квартала подряд не достигает цели")

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("показатель"), max_length=40)
    version = models.PositiveIntegerField(default=1)
    quarter = models.CharField(_("квартал"), max_length=7)
    reason = models.CharField(_("причина"), max_length=10, choices=Reason.choices)
    summary = models.CharField(_("что случилось"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ответственный"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(_("срок"))
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done = models.TextField(_("что сделано"), blank=True)

    class Meta:
        ordering = ["closed_at", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "code", "quarter"], name="one_shortcoming_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.quarter}: {self.get_reason_display()}"

    def is_overdue(self) -> bool:
        return self.closed_at is None and self.due_on < timezone.localdate()


class Report(models.Model):
    """A body's yearly report of its indicators (issue 21). While a draft it is read from
    the figures as they stand, with the body's plans; the head approves it once the year
    is over, by 31 March of the next year, and it is frozen: its data (``snapshot``, with
    the version of every formula), PDF and XLSX are kept as they were, so a past year
    shows its figures as they were then, whatever changes later."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("год"))
    plans = models.TextField(_("что орган сделает в следующем году"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(_("утверждён"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    snapshot = models.JSONField(null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True)
    xlsx = models.BinaryField(null=True, blank=True)
    #: The last reminder sent about it (``services.reports_remind``): «start», «30», «7»,
    #: «1» or «overdue».
    reminded = models.CharField(max_length=10, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="one_indicators_report_a_year")
        ]

    def __str__(self) -> str:
        return f"отчёт о показателях за {self.year} год"

    @staticmethod
    def deadline_for(year: int) -> dt.date:
        return dt.date(year + 1, 3, 31)

    @property
    def deadline(self) -> dt.date:
        return self.deadline_for(self.year)


class Cost(models.Model):
    """What a service cost the body in a quarter (its own accounting), entered or imported:
    with the clients served (the volumes), the cost per transaction (issue 21)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "registry.Service", verbose_name=_("услуга"), on_delete=models.PROTECT, related_name="+"
    )
    quarter = models.CharField(_("квартал"), max_length=7)
    amount = models.DecimalField(_("затраты, ₽"), max_digits=14, decimal_places=2)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-quarter", "service__title"]
        constraints = [
            models.UniqueConstraint(fields=["service", "quarter"], name="one_cost_a_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.quarter}: {self.amount}"


class KeptValue(models.Model):
    """A finished quarter's value of one indicator for one body, as the runner last
    computed it (``services.values_keep``, hourly): pages read finished quarters from here
    and compute only the quarter running now, so their cost does not grow with the rows
    of appeals, offers and ratings behind them."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40)
    version = models.PositiveIntegerField()
    quarter = models.CharField(max_length=7)
    n = models.PositiveBigIntegerField()
    value = models.FloatField(null=True)
    low = models.FloatField(null=True)
    high = models.FloatField(null=True)
    minimum = models.PositiveIntegerField()
    measured = models.BooleanField(default=True)
    at_least = models.BooleanField(default=False)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "code", "quarter"], name="one_kept_value")
        ]

    def __str__(self) -> str:
        return f"{self.body_id} {self.code} {self.quarter}: {self.value}"
