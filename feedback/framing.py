"""Which sites may show a rating point's widget (clickjacking, R18–R19).

The widget's page is a frame on another site. Without a list any site could frame it
invisibly and collect clicks as ratings, so each point lists the origins that may frame
it, and the page answers with ``Content-Security-Policy: frame-ancestors 'self' <list>``.
An origin is ``https://host[:port]``; plain http only for the developer's own machine.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ORIGINS = 20
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}
_HOST_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-.")


def origin_of(value: str) -> str:
    """``value`` as a normalised origin (``https://host[:port]``), or a ``ValueError``
    saying in Russian what is wrong with it."""
    value = value.strip()
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise ValueError(_("это не адрес сайта")) from None
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme not in ("https", "http") or not host or "*" in value:
        raise ValueError(_("нужен адрес вида https://site.ru"))
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValueError(_("нужен только адрес сайта, без пути и параметров"))
    if parts.path not in ("", "/"):
        raise ValueError(_("нужен только адрес сайта, без пути и параметров"))
    if ":" in host:  # IPv6
        host = f"[{host}]"
    else:
        try:
            host = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            raise ValueError(_("это не адрес сайта")) from None
        if not set(host) <= _HOST_CHARS or ".." in host or host.startswith((".", "-")):
            raise ValueError(_("это не адрес сайта"))
    local = host in _LOCAL_HOSTS or host.endswith(".localhost")
    if scheme == "http" and not local:
        raise ValueError(_("сайт должен открываться по https://"))
    default_port = 443 if scheme == "https" else 80
    suffix = f":{port}" if port is not None and port != default_port else ""
    return f"{scheme}://{host}{suffix}"


def origins_clean(text: str) -> str:
    """The origins of ``text`` (one a line), normalised, without repeats, one a line; a
    ``ValidationError`` on ``frame_origins`` names each line that is not an origin."""
    origins: list[str] = []
    problems: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            origin = origin_of(line)
        except ValueError as exc:
            problems.append(_("«%(line)s»: %(why)s.") % {"line": line.strip()[:100], "why": exc})
            continue
        if origin not in origins:
            origins.append(origin)
    if not problems and len(origins) > MAX_ORIGINS:
        problems.append(_("Не больше %(n)s сайтов.") % {"n": MAX_ORIGINS})
    if problems:
        raise ValidationError({"frame_origins": problems})
    return "\n".join(origins)


def default_origins(*urls: str) -> str:
    """The origins of the body's own sites among ``urls`` (its website, the touchpoint's
    address) that can be listed; the others are left out."""
    origins: list[str] = []
    for url in urls:
        try:
            parts = urlsplit(url.strip())
            origin = origin_of(f"{parts.scheme}://{parts.netloc}")
        except ValueError:
            continue
        if origin not in origins:
            origins.append(origin)
    return "\n".join(origins)
