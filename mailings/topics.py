"""What the product mails about. Every sender names one of these topics (R24)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TOPICS = {
    "inbox_assigned": _("Назначенные мне обращения"),
    "inbox_escalation": _("Просроченные обращения органа"),
    "inbox_approval": _("Ответы, ждущие одобрения руководителя"),
    "inbox_low_rating": _("Низкие оценки ответов: обращение снова в работе"),
    "appeal_answer": _("Ответы на мои обращения"),
    "segments_report": _("Годовой отчёт о профилях сегментов"),
    "proactive_offers": _("Готовые услуги и решения по моим жизненным ситуациям"),
    "feedback_answer": _("Ответы органов на мои оценки"),
    "rating_invitation": _("Просьбы оценить полученную услугу"),
    "standards_checks": _("Проверки точек: поручения, сроки и просроченные задачи"),
    "indicators_alerts": _("Показатели органа, которые упали или не достигают цели"),
}


#: What a client (a citizen, a business, a staff member as a citizen) is mailed about.
CLIENT_TOPICS = ("appeal_answer", "proactive_offers", "feedback_answer", "rating_invitation")


def topics_for(role: str | None) -> list[str]:
    """The topics a person of ``role`` can receive: a citizen or a business is not offered
    the staff's topics. An address without an account (None) may have been given any
    topic by whoever set it up, so it keeps them all."""
    from accounts.models import Role

    if role in (Role.CITIZEN, Role.BUSINESS):
        return [t for t in TOPICS if t in CLIENT_TOPICS]
    return list(TOPICS)


def label(topic: str) -> str:
    return str(TOPICS[topic])
