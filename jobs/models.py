"""The state of each background job, shared by every runner on every machine."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.Model):
    """When a job runs next and who holds it now.

    A runner takes a due job by a conditional update that sets ``lease_until`` (see
    ``jobs.runner``); until the lease runs out no other runner takes it, so a job never
    runs twice at once. A runner that dies leaves the lease to run out."""

    name = models.CharField(_("задача"), max_length=100, unique=True)
    next_run_at = models.DateTimeField(_("следующий запуск"))
    lease_until = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(_("последний запуск"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("закончен"), null=True, blank=True)
    last_done = models.PositiveIntegerField(_("сделано"), default=0)
    last_error = models.TextField(_("ошибка"), blank=True)
    runs = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("состояние задачи")
        verbose_name_plural = _("состояния задач")

    def __str__(self) -> str:
        return self.name
