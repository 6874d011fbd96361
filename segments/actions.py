"""What the audit trail records of this app: one code per kind of write, with what it
means in Russian for the audit page (zulip's audit event types are the model)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    ATTRIBUTE_CREATE = "segments.attribute_create", _("Добавлен признак в каталог")
    ATTRIBUTE_REMOVE = "segments.attribute_remove", _("Признак убран из профиля")
    ATTRIBUTE_SET = "segments.attribute_set", _("Задан признак профиля")
    HYPOTHESIS_ADD = "segments.hypothesis_add", _("Добавлена гипотеза")
    HYPOTHESIS_CHECK = "segments.hypothesis_check", _("Гипотеза проверена")
    NEEDS_REVIEW = "segments.needs_review", _("Профиль отправлен на пересмотр")
    NOTE_ADD = "segments.note_add", _("Добавлена заметка исследования")
    REPORT_SUBMIT = "segments.report_submit", _("Утверждён годовой отчёт")
    RESEARCH_PUBLISH = "segments.research_publish", _("Опубликованы итоги исследования")
    RESEARCH_WITHDRAW = "segments.research_withdraw", _("Итоги исследования сняты с публикации")
    RESPONDENT_ADD = "segments.respondent_add", _("Добавлен респондент")
    RESPONDENT_REMOVE = "segments.respondent_remove", _("Удалён респондент")
    SATISFACTION_FROM_RATINGS = (
        "segments.satisfaction_from_ratings",
        _("Удовлетворённость сегмента обновлена по оценкам"),
    )
    SEGMENT_CREATE = "segments.segment_create", _("Создан сегмент")
    SEGMENT_FINALISE = "segments.segment_finalise", _("Профиль сегмента утверждён")
    SEGMENT_UPDATE = "segments.segment_update", _("Изменён профиль сегмента")
    STUDY_CREATE = "segments.study_create", _("Создано исследование")
    STUDY_FINISH = "segments.study_finish", _("Исследование завершено")
    WEIGHTS_UPDATE = "segments.weights_update", _("Изменены веса приоритета")
