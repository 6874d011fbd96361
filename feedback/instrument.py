"""The one rating instrument (R19), versioned and defined only here.

Every channel — the hosted page, the QR link, the widget, the kiosk, the operator's
entry and the API — asks these questions with these scales, so the numbers are
comparable whatever the touchpoint. A short form (the headline score and, when it is
low, "what went wrong") maps onto the same codebook.

Changing a question or a scale is a new ``VERSION``; codes are never reused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

VERSION = "2026.1"

SCALE = range(1, 6)
#: A headline score below this asks "what went wrong" and, with a comment, opens a case (R20).
LOW_SCORE = 3
#: Scores counted as "satisfied".
SATISFIED = {4, 5}
COMMENT_MAX = 2000

CSAT_QUESTION = _("Насколько вы довольны?")
CSAT_LABELS = {
    1: _("Очень недоволен"),
    2: _("Скорее недоволен"),
    3: _("Ни то ни другое"),
    4: _("Скорее доволен"),
    5: _("Очень доволен"),
}
CES_QUESTION = _("Насколько легко было получить услугу?")
CES_LABELS = {
    1: _("Очень трудно"),
    2: _("Трудно"),
    3: _("Так себе"),
    4: _("Легко"),
    5: _("Очень легко"),
}
LOYALTY_QUESTION = _("Воспользуетесь ли вы этой услугой так же снова?")
COMMENT_QUESTION = _("Что вы хотите нам сказать?")


@dataclass(frozen=True)
class Driver:
    code: str
    good: object  # lazy text: what went well
    bad: object  # lazy text: what went wrong


#: The fixed codebook of drivers. Order is the order on the form; codes never change.
DRIVERS: tuple[Driver, ...] = (
    Driver("result", _("Получил то, что нужно"), _("Не получил то, что нужно")),
    Driver("ease", _("Всё было просто"), _("Было сложно разобраться")),
    Driver("time", _("Быстро"), _("Долго")),
    Driver("clarity", _("Всё понятно объяснили"), _("Непонятно, что и зачем делать")),
    Driver("fairness", _("Со мной поступили честно"), _("Со мной поступили несправедливо")),
    Driver(
        "staff", _("Вежливые и знающие сотрудники"), _("Невежливые или некомпетентные сотрудники")
    ),
    Driver("queue", _("Не пришлось ждать в очереди"), _("Долго ждал в очереди")),
    Driver("premises", _("Удобное помещение"), _("Неудобное помещение")),
    Driver("information", _("Легко найти информацию"), _("Трудно найти информацию")),
)
DRIVER_CODES = tuple(d.code for d in DRIVERS)
DRIVERS_BY_CODE = {d.code: d for d in DRIVERS}

#: «Ваш контроль» criteria, asked at in-person touchpoints, each on the same 1–5 scale.
CONTROL_CRITERIA: tuple[tuple[str, object], ...] = (
    ("wait_result", _("Время предоставления услуги")),
    ("wait_queue", _("Время ожидания в очереди")),
    ("courtesy", _("Вежливость и компетентность сотрудника")),
    ("comfort", _("Комфортность помещения")),
    ("availability", _("Доступность информации о порядке предоставления услуги")),
)
CONTROL_CODES = tuple(code for code, _label in CONTROL_CRITERIA)


@dataclass(frozen=True)
class Answers:
    """A rating's answers once checked: what every channel hands to the services."""

    csat: int
    ces: int | None = None
    loyal: bool | None = None
    drivers: tuple[str, ...] = ()
    control: tuple[tuple[str, int], ...] = ()
    comment: str = ""

    @property
    def is_short(self) -> bool:
        return self.ces is None and self.loyal is None and not self.control

    @property
    def drivers_mask(self) -> int:
        return sum(1 << DRIVER_CODES.index(code) for code in self.drivers)


def drivers_from_mask(mask: int) -> tuple[str, ...]:
    return tuple(code for i, code in enumerate(DRIVER_CODES) if mask & (1 << i))


def _score(value: object, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError({field: _("Оценка — целое число от 1 до 5.")})
    try:
        number = int(value)
    except ValueError:
        raise ValidationError({field: _("Оценка — целое число от 1 до 5.")}) from None
    if number not in SCALE:
        raise ValidationError({field: _("Оценка — целое число от 1 до 5.")})
    return number


def check(
    *,
    csat: object,
    ces: object = None,
    loyal: object = None,
    drivers: object = (),
    control: object = None,
    comment: object = "",
    in_person: bool = False,
) -> Answers:
    """Validate raw answers from any channel (server side, R19). Raises ``ValidationError``
    naming the field; returns ``Answers`` that every channel stores the same way."""
    errors: dict[str, str] = {}

    def attempt(field: str, fn: object) -> object:
        try:
            return fn()  # type: ignore[operator]
        except ValidationError as exc:
            errors[field] = exc.message_dict[field][0]
            return None

    score = attempt("csat", lambda: _score(csat, "csat"))
    ease = None if ces in (None, "") else attempt("ces", lambda: _score(ces, "ces"))
    loyalty: bool | None = None
    if loyal not in (None, ""):
        if isinstance(loyal, bool):
            loyalty = loyal
        elif str(loyal).lower() in {"1", "true", "yes", "да"}:
            loyalty = True
        elif str(loyal).lower() in {"0", "false", "no", "нет"}:
            loyalty = False
        else:
            errors["loyal"] = str(_("Ответьте «да» или «нет»."))
    codes: list[str] = []
    if not isinstance(drivers, list | tuple):
        errors["drivers"] = str(_("Причины — список кодов."))
    else:
        for code in drivers:
            if code not in DRIVERS_BY_CODE:
                errors["drivers"] = str(
                    _("Неизвестная причина «%(code)s». Допустимые: %(codes)s.")
                    % {"code": str(code)[:40], "codes": ", ".join(DRIVER_CODES)}
                )
                break
            if code not in codes:
                codes.append(code)
    criteria: list[tuple[str, int]] = []
    if control:
        if not isinstance(control, dict):
            errors["control"] = str(_("Критерии «Ваш контроль» — словарь код: оценка."))
        elif not in_person:
            errors["control"] = str(
                _("Критерии «Ваш контроль» задаются только в офисах, МФЦ и приёмных.")
            )
        else:
            for code, value in control.items():
                if code not in CONTROL_CODES:
                    errors["control"] = str(_("Неизвестный критерий «%(code)s».") % {"code": code})
                    break
                checked = attempt("control", lambda value=value: _score(value, "control"))
                if checked is not None:
                    criteria.append((code, int(checked)))  # type: ignore[call-overload]
    text = "" if comment is None else comment
    if not isinstance(text, str):
        errors["comment"] = str(_("Комментарий — текст."))
        text = ""
    text = text.strip()
    if len(text) > COMMENT_MAX:
        errors["comment"] = str(_("Комментарий длиннее %(max)s знаков.") % {"max": COMMENT_MAX})
    if "\x00" in text:
        errors["comment"] = str(_("Комментарий содержит недопустимый символ."))
    if errors:
        raise ValidationError(errors)
    return Answers(
        csat=int(score),  # type: ignore[call-overload]
        ces=None if ease is None else int(ease),  # type: ignore[call-overload]
        loyal=loyalty,
        drivers=tuple(sorted(codes, key=DRIVER_CODES.index)),
        control=tuple(sorted(criteria, key=lambda c: CONTROL_CODES.index(c[0]))),
        comment=text,
    )
