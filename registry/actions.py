"""What the audit trail records of this app: one code per kind of write, with what it
means in Russian for the audit page (zulip's audit event types are the model)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    DIGITAL_SERVICE_CREATE = "digital_service.create", _("Добавлен цифровой сервис")
    DIGITAL_SERVICE_UPDATE = "digital_service.update", _("Изменён цифровой сервис")
    LIFE_SITUATION_ARCHIVE = "life_situation.archive", _("Жизненная ситуация в архиве")
    LIFE_SITUATION_CREATE = "life_situation.create", _("Создана жизненная ситуация")
    LIFE_SITUATION_PUBLISH = "life_situation.publish", _("Жизненная ситуация опубликована")
    LIFE_SITUATION_STEP_ADD = "life_situation.step_add", _("Добавлен шаг жизненной ситуации")
    LIFE_SITUATION_STEP_MOVE = "life_situation.step_move", _("Шаг жизненной ситуации перемещён")
    LIFE_SITUATION_STEP_REMOVE = "life_situation.step_remove", _("Удалён шаг жизненной ситуации")
    LIFE_SITUATION_UPDATE = "life_situation.update", _("Изменена жизненная ситуация")
    NEED_CREATE = "need.create", _("Добавлена потребность")
    NEED_DELETE = "need.delete", _("Удалена потребность")
    NEED_UPDATE = "need.update", _("Изменена потребность")
    SERVICE_CREATE = "service.create", _("Добавлена услуга или функция")
    SERVICE_UPDATE = "service.update", _("Изменена услуга или функция")
    TOUCHPOINT_CREATE = "touchpoint.create", _("Добавлена точка взаимодействия")
    TOUCHPOINT_UPDATE = "touchpoint.update", _("Изменена точка взаимодействия")
    SYNONYM_ADD = "synonym.add", _("Добавлен синоним для поиска")
    SYNONYM_REMOVE = "synonym.remove", _("Удалён синоним для поиска")
