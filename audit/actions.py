"""What each recorded action means, in Russian: every app declares its actions as an enum
in ``<app>/actions.py``; the audit page reads them all from here."""

from __future__ import annotations

from functools import cache
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


@cache
def _choices() -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for config in apps.get_app_configs():
        module = f"{config.name}.actions"
        if config.name == "audit" or find_spec(module) is None:
            continue
        action = getattr(import_module(module), "Action", None)
        if action is not None:
            found.extend((str(value), str(label)) for value, label in action.choices)
    return tuple(found)


def choices() -> list[tuple[str, str]]:
    """Every action of the product with its Russian label, by label."""
    return sorted(_choices(), key=lambda pair: pair[1])


def label(code: str) -> str:
    """The Russian label of an action (the code itself for one no app declares)."""
    return dict(_choices()).get(code, code)
