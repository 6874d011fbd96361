"""What the audit trail records of this app: one code per kind of write, with what it
means in Russian for the audit page (zulip's audit event types are the model)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CASE_CLOSE = "feedback.case_close", _("Закрыт разбор низкой оценки")
    CHANGE = "feedback.change", _("Записано «Вы сказали — мы сделали»")
    VOLUME = "feedback.volume", _("Записан объём обслуживания")
    WEBHOOK = "feedback.webhook", _("Добавлен вебхук")
    RATING_EXCLUDE = "rating.exclude", _("Оценка исключена из итогов")
    RATING_POINT_CREATE = "rating_point.create", _("Создана точка оценки")
    RATING_POINT_FRAME_ORIGINS = (
        "rating_point.frame_origins",
        _("Изменены сайты, где открывается виджет"),
    )
