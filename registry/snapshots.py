"""The published form of a life situation: one JSON snapshot that the public page,
the catalogue, open data and the public API all read, and that versions compare."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lib.morph import search_document
from registry.models import ClientKind, LifeSituation, Need, Service

Snapshot = dict[str, Any]


def _service(service: Service) -> dict[str, Any]:
    return {
        "slug": service.slug,
        "title": service.title,
        "kind": service.kind,
        "body": {
            "slug": service.body.slug,
            "short_name": service.body.short_name,
            "name": service.body.name,
        },
        "is_electronic": service.is_electronic,
        "is_proactive": service.is_proactive,
        "waiting_days": service.waiting_days,
        # R30's allowed exception and the body's own target (older versions lack them)
        "offline_preferred": service.offline_preferred,
        "waiting_target_days": service.waiting_target_days,
        "digital_services": [
            {"title": d.title, "url": d.url} for d in service.digital_services.all()
        ],
    }


def build_snapshot(life_situation: LifeSituation) -> Snapshot:
    """Everything a client reads about ``life_situation``, as it stands now."""
    return {
        "slug": life_situation.slug,
        "title": life_situation.title,
        "summary": life_situation.summary,
        "start_event": life_situation.start_event,
        "final_result": life_situation.final_result,
        "time_bound_days": life_situation.time_bound_days,
        "client_kinds": life_situation.client_kinds,
        "owner_body": {
            "slug": life_situation.owner_body.slug,
            "short_name": life_situation.owner_body.short_name,
            "name": life_situation.owner_body.name,
        },
        "last_reviewed_on": life_situation.last_reviewed_on.isoformat(),
        "steps": [
            {"position": step.position, "note": step.note, "service": _service(step.service)}
            for step in life_situation.steps.all()
        ],
        "needs": [
            {
                "title": need.title,
                "status": need.status,
                "reason": need.reason if need.status == Need.Status.CANNOT else "",
                "services": [s.slug for s in need.services.all()],
            }
            for need in life_situation.needs.all()
        ],
    }


def snapshot_search_document(snapshot: Snapshot) -> str:
    return search_document(
        snapshot["title"],
        snapshot["summary"],
        snapshot["start_event"],
        snapshot["final_result"],
        *(step["service"]["title"] for step in snapshot["steps"]),
        *(need["title"] for need in snapshot["needs"]),
    )


_FIELD_LABELS = {
    "title": _("Название"),
    "summary": _("Кратко для граждан"),
    "start_event": _("Стартовое событие"),
    "final_result": _("Конечный ценный результат"),
    "time_bound_days": _("Срок, дней"),
    "client_kinds": _("Для кого"),
    "owner_body": _("Ответственный орган"),
}


def _shown(key: str, value: Any) -> Any:
    """A stored value as a person reads it: «граждане, бизнес», not ``['citizen']``."""
    if key == "owner_body":
        return (value or {}).get("short_name")
    if key == "client_kinds":
        kinds = [str(ClientKind(k).label).lower() for k in value or [] if k in ClientKind.values]
        return ", ".join(kinds)
    return value


def compare(old: Snapshot, new: Snapshot) -> dict[str, Any]:
    """What changed between two snapshots: fields, steps and needs.

    Steps are matched by their service, needs by their title, so a moved step
    shows as moved, not as removed and added.
    """
    fields = []
    for key, label in _FIELD_LABELS.items():
        before, after = _shown(key, old.get(key)), _shown(key, new.get(key))
        fields.append({"label": label, "old": before, "new": after, "changed": before != after})

    old_steps = {s["service"]["slug"]: s for s in old.get("steps", [])}
    new_steps = {s["service"]["slug"]: s for s in new.get("steps", [])}
    steps = []
    for slug, step in new_steps.items():
        if slug not in old_steps:
            steps.append({"change": "added", "title": step["service"]["title"], "new": step})
        elif old_steps[slug]["position"] != step["position"]:
            steps.append(
                {
                    "change": "moved",
                    "title": step["service"]["title"],
                    "old_position": old_steps[slug]["position"],
                    "new_position": step["position"],
                }
            )
    for slug, step in old_steps.items():
        if slug not in new_steps:
            steps.append({"change": "removed", "title": step["service"]["title"], "old": step})

    old_needs = {n["title"]: n for n in old.get("needs", [])}
    new_needs = {n["title"]: n for n in new.get("needs", [])}
    needs = []
    for title, need in new_needs.items():
        if title not in old_needs:
            needs.append({"change": "added", "title": title, "status": need["status"]})
        elif (old_needs[title]["status"], old_needs[title]["reason"]) != (
            need["status"],
            need["reason"],
        ):
            needs.append(
                {
                    "change": "changed",
                    "title": title,
                    "old_status": old_needs[title]["status"],
                    "status": need["status"],
                }
            )
    for title, need in old_needs.items():
        if title not in new_needs:
            needs.append({"change": "removed", "title": title, "status": need["status"]})

    return {
        "fields": fields,
        "steps": steps,
        "needs": needs,
        "has_changes": any(f["changed"] for f in fields) or bool(steps) or bool(needs),
    }
