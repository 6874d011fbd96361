from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """Look up a key in a dict from a template: ``{{ labels|get_item:status }}``."""
    return mapping.get(key, key)


@register.filter
def list_for(mapping: dict[Any, list[Any]] | None, key: Any) -> list[Any]:
    """The list under ``key``, or an empty one: ``{{ need_problems|list_for:need.pk }}``."""
    return (mapping or {}).get(key, [])
