"""What the audit trail records of touchpoint standards (R29)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CHECK_START = "standards.check_start", _("Начата проверка точки взаимодействия")
    CHECK_DONE = "standards.check_done", _("Проверка точки взаимодействия завершена")
    ACTION_UPDATE = "standards.action_update", _("Изменено действие по устранению")
    EVIDENCE_ADD = "standards.evidence_add", _("К проверке добавлено фото")
    EVIDENCE_REMOVE = "standards.evidence_remove", _("Из проверки удалено фото")
    SCHEDULE_SET = "standards.schedule_set", _("Изменена периодичность проверок точек")
    LIST_REVISED = "standards.list_revised", _("Новая версия списка требований")
    LIST_REVIEWED = "standards.list_reviewed", _("Список требований пересмотрен")
