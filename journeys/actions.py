"""What the audit trail records of this app: one code per kind of write, with what it
means in Russian for the audit page (zulip's audit event types are the model)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    COMMENT = "journey.comment", _("Комментарий к карте пути")
    CREATE = "journey.create", _("Создана карта пути")
    DUPLICATE = "journey.duplicate", _("Карта пути скопирована")
    PUBLISH = "journey.publish", _("Карта пути опубликована")
    TO_BE = "journey.to_be", _("Создана карта TO BE")
    UNPUBLISH = "journey.unpublish", _("Карта пути снята с публикации")
    UPDATE = "journey.update", _("Изменена карта пути")
    VERSION = "journey.version", _("Сохранена версия карты пути")
    STAGE_ADD = "journey.stage_add", _("Добавлен этап карты")
    STAGE_UPDATE = "journey.stage_update", _("Изменён этап карты")
    STAGE_DELETE = "journey.stage_delete", _("Удалён этап карты")
    STAGE_MOVE = "journey.stage_move", _("Этап карты перемещён")
