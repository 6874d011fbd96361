"""What the product mails about. Every sender names one of these topics (R24)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TOPICS = {
    "inbox_assigned": _("Назначенные мне обращения"),
    "inbox_escalation": _("Просроченные обращения органа"),
    "inbox_approval": _("Ответы, ждущие одобрения руководителя"),
    "appeal_answer": _("Ответы на мои обращения"),
    "segments_report": _("Годовой отчёт о профилях сегментов"),
    "proactive_offers": _("Готовые услуги и решения по моим жизненным ситуациям"),
    "feedback_answer": _("Ответы органов на мои оценки"),
}


def label(topic: str) -> str:
    return str(TOPICS[topic])
