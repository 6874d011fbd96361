"""What the audit trail records of indicators."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    TARGET_SET = "indicators.target_set", _("Изменена цель показателя органа")
    SHORTCOMING_OPEN = "indicators.shortcoming_open", _("Показатель открыл недостаток")
    SHORTCOMING_CLOSE = "indicators.shortcoming_close", _("Недостаток по показателю закрыт")
    REPORT_PLANS = "indicators.report_plans", _("Изменены планы в годовом отчёте о показателях")
    REPORT_APPROVE = "indicators.report_approve", _("Утверждён годовой отчёт о показателях")
    COSTS_SET = "indicators.costs_set", _("Внесены затраты на услуги")
