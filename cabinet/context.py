"""The staff's section menu and breadcrumbs on every cabinet page: the sections this person
may open (from the roles table), the current one marked. Nobody sees a section that would
answer 403; a person acting as a citizen sees none."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Cap, can


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    url_name: str
    cap: Cap
    #: URL namespaces (or "namespace:name") whose pages belong to the section.
    owns: tuple[str, ...]
    #: The section's pages are a body's: the platform administrator (no body) has none.
    of_body: bool = True


SECTIONS = (
    Section("registry", _("Реестр"), "registry:list", Cap.READ, ("registry",)),
    Section("segments", _("Сегменты"), "segments:list", Cap.READ, ("segments",)),
    Section("journeys", _("Карты пути"), "journeys:list", Cap.READ, ("journeys",)),
    Section("inbox", _("Обращения"), "inbox:list", Cap.INBOX_READ, ("inbox",)),
    Section("standards", _("Стандарты точек"), "standards:board", Cap.READ, ("standards",)),
    Section(
        "assigned",
        _("Мои проверки"),
        "standards:assigned",
        Cap.MYSTERY_SHOP,
        ("standards:assigned",),
    ),
    Section(
        "standard_lists",
        _("Списки требований"),
        "standards:lists",
        Cap.SHARED_CATALOGUE,
        ("standards:lists",),
        of_body=False,
    ),
    Section(
        "feedback",
        _("Оценки"),
        "feedback:dashboard",
        Cap.READ,
        ("feedback",),
    ),
    Section(
        "operator",
        _("Оценка со слов клиента"),
        "feedback:operator",
        Cap.ENTER_RATINGS,
        ("feedback:operator",),
    ),
    Section("proactive", _("Проактивные услуги"), "proactive:figures", Cap.READ, ("proactive",)),
    Section("indicators", _("Показатели"), "indicators:page", Cap.READ, ("indicators",)),
    Section(
        "verify",
        _("Подтвердить СНИЛС"),
        "proactive:verify",
        Cap.VERIFY_IDENTITY,
        ("proactive:verify",),
    ),
    Section(
        "admin",
        _("Администрирование"),
        "cabinet:audit",
        Cap.ADMINISTER,
        ("cabinet:audit", "accounts:api_keys", "exports", "jobs", "proactive:sources"),
        of_body=False,
    ),
)


def _owner(request: HttpRequest, shown: list[Section]) -> Section | None:
    match = request.resolver_match
    if match is None:
        return None
    full = f"{match.namespace}:{match.url_name}"
    exact = [s for s in shown if full in s.owns]
    if exact:
        return exact[0]
    return next((s for s in shown if match.namespace in s.owns), None)


def sections(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated or not request.path.startswith("/kabinet/"):
        return {}
    body_id = getattr(user, "body_id", None)
    shown = [
        s for s in SECTIONS if can(user, s.cap, body_id) and (body_id is not None or not s.of_body)
    ]
    if not shown:
        return {}
    current = _owner(request, shown)
    landing = current is not None and request.path == reverse(current.url_name)
    return {
        "cabinet_sections": [
            {"label": s.label, "url": reverse(s.url_name), "current": s is current} for s in shown
        ],
        "section_crumb": None
        if current is None or landing
        else {
            "label": current.label,
            "url": reverse(current.url_name),
        },
    }
