"""What the audit trail records of this app: one code per kind of write, with what it
means in Russian for the audit page (zulip's audit event types are the model)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    ANSWER_APPROVED = "inbox.answer_approved", _("Руководитель одобрил ответ")
    ANSWER_RETURNED = "inbox.answer_returned", _("Руководитель вернул ответ на доработку")
    ANSWER_SENT = "inbox.answer_sent", _("Отправлен ответ на обращение")
    CLIENT_UNLINKED = "inbox.client_unlinked", _("Клиент убрал чужое обращение из своей истории")
    ASSIGN = "inbox.assign", _("Назначен исполнитель обращения")
    CATEGORY = "inbox.category", _("Изменена категория обращения")
    CATEGORY_SAVED = "inbox.category_saved", _("Сохранена категория маршрутизации")
    POLICY = "inbox.policy", _("Изменены сроки и пороги ответов")
    TEMPLATE_CREATED = "inbox.template_created", _("Сохранён шаблон ответа")
