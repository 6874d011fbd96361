"""Russian mobile numbers for SMS, read with Google's libphonenumber (``phonenumbers``).

A person types a number as they are used to — «8 916 123-45-67», «+7 (916) 123 45 67»,
«9161234567» — and it is kept in one form, E.164 («+79161234567»), which an SMS gateway
takes. Only a mobile number can get an SMS, so a landline is refused with its reason."""

from __future__ import annotations

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType


class InvalidPhone(ValueError):
    """The text is not a Russian mobile number; ``str()`` says why, in Russian."""


def clean(text: str) -> str:
    """The number in E.164, or ``InvalidPhone``."""
    from django.utils.translation import gettext as _

    typed = text.strip()
    if not typed:
        raise InvalidPhone(_("Укажите номер мобильного телефона."))
    try:
        number = phonenumbers.parse(typed, "RU")
    except phonenumbers.NumberParseException:
        raise InvalidPhone(_("Номер записан неверно. Пример: +7 916 123-45-67.")) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone(_("Такого номера нет. Проверьте цифры. Пример: +7 916 123-45-67."))
    if number.country_code != 7 or phonenumbers.region_code_for_number(number) != "RU":
        raise InvalidPhone(_("Укажите российский номер: СМС мы отправляем только на них."))
    if phonenumbers.number_type(number) not in (
        PhoneNumberType.MOBILE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise InvalidPhone(_("Это городской номер. СМС приходят только на мобильный."))
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def masked(e164: str) -> str:
    """A number as the audit shows it: «+7 916 ***-**-67»; empty stays empty."""
    if not e164:
        return ""
    if len(e164) != 12 or not e164.startswith("+7"):
        return "***"
    return f"+7 {e164[2:5]} ***-**-{e164[-2:]}"
