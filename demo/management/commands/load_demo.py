"""Load the demo registry and accounts. Idempotent: a second run changes nothing."""

from __future__ import annotations

from typing import Any, cast

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import ApiKey, Body, Organisation, User, hash_api_key
from accounts.services import api_key_issue, user_create
from demo import data
from demo.feedback_demo import load_feedback
from demo.inbox_demo import load_inbox
from demo.indicators_demo import load_indicators
from demo.journeys_demo import load_journeys
from demo.proactive_demo import load_proactive
from demo.segments_demo import load_segments
from demo.standards_demo import load_standards
from registry import selectors as registry_selectors
from registry import services
from registry.models import LifeSituation, Service


def demo_password(username: str) -> str:
    return f"{username}-Demo-2026"


class Command(BaseCommand):
    help = "Загрузить демонстрационные данные (повторный запуск ничего не меняет)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            created = self._load()
        with transaction.atomic():
            load_segments(
                body=Body.objects.get(slug="minsoc"), analyst=User.objects.get(username="analyst")
            )
        load_inbox(body=Body.objects.get(slug="minsoc"))
        load_proactive()
        load_feedback()
        load_journeys()
        load_standards()
        load_indicators()
        self.stdout.write(
            self.style.SUCCESS("Демо-данные загружены.")
            if created
            else "Демо-данные уже загружены."
        )
        self.stdout.write("\nДемо-учётные записи (имя / пароль / роль):")
        accounts = [(u[0], u[1], u[2]) for u in data.USERS] + [("answerer", "answerer", "minsoc")]
        for username, role, body in accounts:
            self.stdout.write(
                f"  {username:14} {demo_password(username):26} {role}{' · ' + body if body else ''}"
            )
        self.stdout.write(
            f"\nКлюч API демо-системы «{data.SYSTEM_NAME}» (заголовок X-API-Key):\n"
            f"  {data.DEMO_API_KEY}\n"
        )

    def _load(self) -> bool:
        if Body.objects.filter(slug="minsoc").exists():
            return False
        bodies = {
            slug: Body.objects.create(
                slug=slug, name=name, short_name=short, kind=kind, region="Амурская область"
            )
            for slug, name, short, kind in data.BODIES
        }
        organisation = Organisation.objects.create(
            name="ИП Фёдоров Алексей Игоревич", inn="280100123482", ogrn="321280000012347"
        )
        users = {}
        for username, role, body, first, last in data.USERS:
            users[username] = user_create(
                actor=None,
                username=username,
                password=demo_password(username),
                role=role,
                body=bodies.get(body or ""),
                first_name=first,
                last_name=last,
                email=f"{username}@demo.klientocentr.local",
                organisation_id=organisation.pk if role == "business" else None,
            )
        system = user_create(
            actor=None,
            username=data.SYSTEM_USERNAME,
            password="",  # nosec B106 - a system signs in by API key only
            role="system",
            body=bodies[data.SYSTEM_BODY],
            first_name=data.SYSTEM_NAME,
        )
        if not ApiKey.objects.filter(key_hash=hash_api_key(data.DEMO_API_KEY)).exists():
            # What a МФЦ's system needs, no more: it cannot read appeals with their
            # authors' contacts or publish another body's life situations.
            api_key_issue(
                actor=None,
                system=system,
                name="Демо-ключ",
                scopes=["appeals_submit", "readability", "ratings", "life_events"],
                raw_key=data.DEMO_API_KEY,
            )

        admin = users["admin"]
        service_objs = {}
        for (
            slug,
            body,
            kind,
            title,
            electronic,
            proactive,
            docs,
            one_window,
            wait,
            basis,
        ) in data.SERVICES:
            service_objs[slug] = services.service_create(
                actor=admin,
                body=bodies[body],
                title=title,
                slug=slug,
                kind=kind,
                is_electronic=electronic,
                is_proactive=proactive,
                documents_to_bring=docs,
                one_window=one_window,
                waiting_days=wait,
                legal_basis=basis,
            )
        for body, kind, title, address, url in data.TOUCHPOINTS:
            services.touchpoint_create(
                actor=admin,
                body=bodies[body],
                kind=kind,
                title=title,
                address=address,
                url=url,
                time_zone=data.TIME_ZONE,
            )
        places = {t.title: t for t in registry_selectors.touchpoints_list()}
        for title, details in data.PLACE_DETAILS.items():
            place = places[title]
            wanted = cast(Any, details.get("services", []))
            delivered = (
                [s for s in service_objs.values() if s.one_window]
                if wanted == "one_window"
                else [service_objs[slug] for slug in wanted]
            )
            services.touchpoint_update(
                actor=admin,
                touchpoint=place,
                title=place.title,
                address=place.address,
                url=place.url,
                time_zone=place.time_zone,
                phone=str(details.get("phone", "")),
                open_24_7=bool(details.get("open_24_7", False)),
                opening_hours=details.get("opening_hours", {}),  # type: ignore[arg-type]
                accessibility=details.get("accessibility", []),  # type: ignore[arg-type]
                languages=details.get("languages", []),  # type: ignore[arg-type]
                guest_wifi=bool(details.get("guest_wifi", False)),
                transport_stop=str(details.get("transport_stop", "")),
                services=delivered,
            )
        for body, title, url, implements in data.DIGITAL_SERVICES:
            services.digital_service_create(
                actor=admin,
                body=bodies[body],
                title=title,
                url=url,
                implements=[service_objs[s] for s in implements],
            )
        for (
            slug,
            owner,
            title,
            summary,
            start,
            result,
            days,
            kinds,
            steps,
            needs,
        ) in data.LIFE_SITUATIONS:
            ls = services.life_situation_create(
                actor=admin,
                owner_body=bodies[owner],
                title=title,
                slug=slug,
                summary=summary,
                start_event=start,
                final_result=result,
                time_bound_days=days,
                for_citizens="citizen" in kinds,
                for_business="business" in kinds,
            )
            for step in steps:
                services.step_add(actor=admin, life_situation=ls, service=service_objs[step])
            for need_title, status, reason in needs:
                services.need_add(
                    actor=admin, life_situation=ls, title=need_title, status=status, reason=reason
                )
            services.life_situation_publish(
                actor=admin, life_situation=ls, comment="Первая публикация"
            )
        # One draft, so that analysts see the difference between drafts and published pages.
        draft = services.life_situation_create(
            actor=users["analyst"],
            owner_body=bodies["minsoc"],
            title="Многодетная семья",
            start_event="Рождение третьего ребёнка",
            final_result="Семья получила статус и все меры поддержки",
            time_bound_days=60,
        )
        services.step_add(
            actor=users["analyst"],
            life_situation=draft,
            service=service_objs["regionalnyy-kapital"],
        )
        return bool(LifeSituation.objects.exists() and Service.objects.exists())
