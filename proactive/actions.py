"""What the audit trail records of this app: one code per kind of write, with what it
means in Russian for the audit page (zulip's audit event types are the model)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CLIENT_PROFILE = "proactive.client_profile", _("Изменены СНИЛС или способ уведомления")
    CONSENT_GIVEN = "proactive.consent_given", _("Дано согласие на проактивные услуги")
    CONSENT_REVOKED = "proactive.consent_revoked", _("Отозвано согласие")
    EVENT_SOURCES = (
        "proactive.event_sources",
        _("Изменены события, о которых сообщают системы органа"),
    )
    START_EVENT = "proactive.start_event", _("Изменено стартовое событие жизненной ситуации")
    START_EVENT_DELETED = "proactive.start_event_deleted", _("Удалено стартовое событие")
    OFFER_CONFIRMED = "proactive.offer_confirmed", _("Клиент подтвердил услугу")
    OFFER_DECLINED = "proactive.offer_declined", _("Клиент отказался от услуги")
    OFFER_FORM = "proactive.offer_form", _("Клиент заполнил короткую форму")
    REPRESENTATION_GIVEN = "proactive.representation_given", _("Клиент назначил представителя")
    REPRESENTATION_ACCEPTED = (
        "proactive.representation_accepted",
        _("Представитель принял приглашение"),
    )
    REPRESENTATION_REVOKED = "proactive.representation_revoked", _("Представительство прекращено")
    REPRESENTATION_ACTING = (
        "proactive.representation_acting",
        _("Представитель начал действовать за клиента"),
    )
    SNILS_VERIFIED = "proactive.snils_verified", _("Оператор подтвердил СНИЛС клиента")
    VISIT_BOOKED = "proactive.visit_booked", _("Записан визит")
    VISIT_CANCELLED = "proactive.visit_cancelled", _("Визит отменён")
    VISIT_MOVED = "proactive.visit_moved", _("Визит перенесён")
