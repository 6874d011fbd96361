"""The scenario a mystery shopper follows, per kind of touchpoint and kind of check
(R29; seed 001's requirements said as what to do and what to watch). The body may write
its own when it assigns the check."""

from __future__ import annotations

from django.utils.translation import gettext as _


def scenario_for(touchpoint_kind: str, check_kind: str) -> str:
    if check_kind == "mystery_call" or touchpoint_kind in ("call_centre", "voice_assistant"):
        return _(
            "Позвоните дважды: в рабочее время и вечером после 20 часов. Засеките, через "
            "сколько минут ответил человек. Спросите, какие документы нужны для пособия при "
            "рождении ребёнка и можно ли подать заявление онлайн. Попробуйте обратиться без "
            "голоса: кнопками телефона. Запишите, вежливо ли и верно ли вам ответили."
        )
    if touchpoint_kind in ("reception", "one_window", "long_stay"):
        return _(
            "Придите в будний день с 11 до 13 часов. Посмотрите, есть ли рядом остановка, "
            "парковка для людей с инвалидностью, пандус и понятные указатели. Возьмите талон "
            "и засеките, через сколько минут вас пригласят. Спросите, какие документы нужны "
            "для пособия при рождении ребёнка. Сфотографируйте вход, указатели и зону "
            "ожидания — без лиц людей."
        )
    return _(
        "Задайте вопрос через эту точку: какие документы нужны для пособия при рождении "
        "ребёнка. Запишите, через сколько часов пришёл ответ, понятен ли он и просят ли "
        "оценить ответ."
    )
