"""Guards on sign-in beyond django-axes' lock per (username, address).

Axes locks one address trying one account. Two more patterns are stopped here:
- **one address, many accounts** (password spraying): past ``LOGIN_ADDRESS_FAILURE_LIMIT``
  failures from an address within the cool-off, the address may not try any account;
- **one account, many addresses**: past ``LOGIN_USERNAME_FREE_FAILURES`` failures for an
  account, each next try must wait, twice as long each time up to
  ``LOGIN_USERNAME_MAX_DELAY`` seconds — except in a browser that signed in to the account
  before (a signed device cookie), so that a stranger failing on purpose from many
  addresses cannot keep the owner out.
Both read the attempts axes already records; the password is not checked while refused.
"""

from __future__ import annotations

import datetime as dt
import math

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DEVICE_COOKIE = "kc_device"
DEVICE_SALT = "accounts.login-device"
DEVICE_DAYS = 180


def remember_device(response: HttpResponse, username: str) -> None:
    """After a successful sign-in: this browser is known for this account (OWASP's device
    cookie), so failures others cause on the account never make its owner wait."""
    response.set_signed_cookie(
        DEVICE_COOKIE,
        username,
        salt=DEVICE_SALT,
        max_age=DEVICE_DAYS * 86400,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def is_known_device(request: HttpRequest, username: str) -> bool:
    known = request.get_signed_cookie(
        DEVICE_COOKIE, default=None, salt=DEVICE_SALT, max_age=DEVICE_DAYS * 86400
    )
    return bool(username) and known == username


def refusal(*, ip_address: str, username: str, known_device: bool = False) -> str | None:
    """Why this sign-in may not be tried now, or None. A browser that signed in to the
    account before is never delayed by the account's failures from elsewhere."""
    now = timezone.now()
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    from_address = recent.filter(ip_address=ip_address).aggregate(n=Sum("failures_since_start"))
    if (from_address["n"] or 0) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return _(
            "С вашего адреса было слишком много неудачных попыток входа. "
            "Подождите 15 минут и попробуйте снова."
        )
    if not username or known_device:
        return None
    # This address's own failures on the account are axes' business (it locks the pair).
    of_account = (
        recent.filter(username=username)
        .exclude(ip_address=ip_address)
        .aggregate(n=Sum("failures_since_start"), last=Max("attempt_time"))
    )
    over = (of_account["n"] or 0) - settings.LOGIN_USERNAME_FREE_FAILURES
    if over < 0 or of_account["last"] is None:
        return None
    delay = dt.timedelta(seconds=min(2**over, settings.LOGIN_USERNAME_MAX_DELAY))
    wait = of_account["last"] + delay - now
    if wait <= dt.timedelta(0):
        return None
    seconds = math.ceil(wait.total_seconds())
    return ngettext(
        "Для этой учётной записи было много неудачных попыток. Подождите {n} секунду.",
        "Для этой учётной записи было много неудачных попыток. Подождите {n} секунд.",
        seconds,
    ).format(n=seconds)
