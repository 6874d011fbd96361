"""Checking an address the server will call (webhooks) so that a body cannot make the
server reach its own network: loopback, private, link-local (cloud metadata at
169.254.169.254), multicast, reserved and unspecified addresses are refused, after DNS
resolution — every address the name resolves to must be public."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


class UnsafeUrl(ValueError):
    """Why the server must not call this address (Russian, for the user)."""


def check(url: str, *, https_only: bool, allow_private: bool = False) -> None:
    """Raise ``UnsafeUrl`` unless ``url`` is an http(s) address of public hosts only."""
    parts = urlsplit(url)
    if parts.scheme != "https" and (https_only or parts.scheme != "http"):
        raise UnsafeUrl("Адрес должен начинаться с https://")
    if not parts.hostname or parts.username or parts.password:
        raise UnsafeUrl("Укажите адрес сайта без имени пользователя и пароля.")
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError) as exc:
        raise UnsafeUrl(f"Имя {parts.hostname} не находится в DNS.") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise UnsafeUrl(
                f"Адрес {parts.hostname} ведёт во внутреннюю сеть ({address}): "
                "вебхуки отправляются только на публичные адреса."
            )
