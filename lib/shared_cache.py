"""The shared cache (ADR 0014) read and written so that its outage costs speed, never a
page or a write: every call logs what failed and answers as a miss. Django's Redis
backend lets a connection error through; a save that renewed a cached page, or an API
call that read its key, must not fail because the cache is down."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache

log = logging.getLogger("klientocentr.cache")


def get(key: str) -> Any:
    try:
        return cache.get(key)
    except Exception:  # the cache is down or refused: a miss
        log.warning("cache get failed", exc_info=True)
        return None


def get_many(keys: Iterable[str]) -> dict[str, Any]:
    try:
        return dict(cache.get_many(list(keys)))
    except Exception:
        log.warning("cache get_many failed", exc_info=True)
        return {}


def set(key: str, value: Any, timeout: float | None) -> None:
    try:
        cache.set(key, value, timeout)
    except Exception:
        log.warning("cache set failed", exc_info=True)


def set_many(values: dict[str, Any], timeout: float | None) -> None:
    try:
        cache.set_many(values, timeout)
    except Exception:
        log.warning("cache set_many failed", exc_info=True)


def add(key: str, value: Any, timeout: float | None) -> bool:
    try:
        return bool(cache.add(key, value, timeout))
    except Exception:
        log.warning("cache add failed", exc_info=True)
        return False
