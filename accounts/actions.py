"""What the audit trail records of this app: one code per kind of write, with what it
means in Russian for the audit page (zulip's audit event types are the model)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    API_KEY_ISSUE = "api_key.issue", _("Выдан ключ API")
    API_KEY_REVOKE = "api_key.revoke", _("Отозван ключ API")
    USER_CREATE = "user.create", _("Создана учётная запись")
    PASSWORD_RESET = "user.password_reset", _("Пароль изменён по ссылке из письма")
    CAPACITY_SWITCH = "user.capacity", _("Сотрудник сменил роль: работа органа или как гражданин")
