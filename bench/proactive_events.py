"""Life events processed per second on this machine (R16), end to end against rules only.

End to end: `event_receive` + `event_process` — find the client, check consent, read the
state's data through the adapters, decide every service of the life situation, write the
offers — each event in its own transaction, as the API and the worker do. Rules only: the
same decisions with the facts already in memory. Then how it grows with the number of
services (rules) in the life situation and with the size of the registry.

    uv run python bench/proactive_events.py                 # a throwaway SQLite file
    DATABASE_URL=postgres://… uv run python bench/proactive_events.py   # an empty database
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
os.environ.setdefault("DB_POOL", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Body, Role, User  # noqa: E402
from proactive import adapters, services  # noqa: E402
from proactive.engine import Rule  # noqa: E402
from proactive.engine.rules import RULES  # noqa: E402
from proactive.models import ClientProfile, LifeEvent, Offer, StateRecord, Trigger  # noqa: E402
from registry.models import LifeSituation, Service, Step  # noqa: E402

EVENTS = 200
BASE = list(RULES.values())


def setup(services_per_situation: int, extra_situations: int) -> tuple[User, list[str]]:
    """A fresh world: one birth life situation with N services (rules cloned from the real
    ones), M other life situations in the registry, and EVENTS clients with consent."""
    for model in (Offer, LifeEvent, Trigger, Step, ClientProfile, StateRecord):
        model.objects.all().delete()
    from proactive.models import Consent

    Consent.objects.all().delete()
    LifeSituation.objects.all().delete()
    Service.objects.all().delete()
    User.objects.all().delete()
    Body.objects.all().delete()
    for key in [k for k in RULES if k.startswith("bench-")]:
        del RULES[key]
    body = Body.objects.create(name="Бенчмарк", short_name="Бенч", slug="bench")
    system = User.objects.create(username="sys", role=Role.SYSTEM, body=body)
    ls = LifeSituation.objects.create(
        owner_body=body,
        title="Рождение",
        slug="birth",
        start_event="Рождение",
        final_result="Выплаты",
        time_bound_days=60,
    )
    for i in range(services_per_situation):
        base = BASE[i % len(BASE)]
        service = Service.objects.create(body=body, slug=f"bench-{i}", title=f"Услуга {i}")
        RULES[service.slug] = Rule(
            service.slug,
            base.version,
            base.title,
            base.legal_basis,
            base.facts,
            base.parameters,
            base.evaluate,
        )
        Step.objects.create(life_situation=ls, service=service, position=i + 1)
    LifeSituation.objects.bulk_create(
        LifeSituation(
            owner_body=body,
            title=f"Ситуация {i}",
            slug=f"ls-{i}",
            start_event="x",
            final_result="y",
            time_bound_days=30,
        )
        for i in range(extra_situations)
    )
    Trigger.objects.create(kind="birth_registered", title="Рождение", life_situation=ls)
    born = timezone.localdate() - dt.timedelta(days=10)
    snils = [f"{10_000_000_000 + n:011d}" for n in range(EVENTS)]
    users = User.objects.bulk_create(
        User(username=f"c{n}", role=Role.CITIZEN) for n in range(EVENTS)
    )
    ClientProfile.objects.bulk_create(
        ClientProfile(user=u, snils=s) for u, s in zip(users, snils, strict=True)
    )
    from proactive.models import Consent as C

    C.objects.bulk_create(C(client=u, life_situation=ls, given_via="api") for u in users)
    StateRecord.objects.bulk_create(
        StateRecord(source=src, snils=s, name=name, value=value, as_of=born)
        for s in snils
        for src, name, value in [
            ("civil_registry", "newborn_birth_date", born.isoformat()),
            ("civil_registry", "child_order", 3),
            ("tax", "income_per_person", 15_000),
        ]
    )
    return system, snils


WARM_UP = 10


def end_to_end(system: User, snils: list[str]) -> float:
    """Events a second; the first WARM_UP events (imports, caches) are not timed."""
    born = timezone.localdate() - dt.timedelta(days=10)
    for s in snils[:WARM_UP]:
        with transaction.atomic():
            event = services.event_receive(
                system=system, kind="birth_registered", snils=s, occurred_on=born
            )
        services.event_process(event_id=event.pk)
    snils = snils[WARM_UP:]
    start = time.perf_counter()
    for s in snils:
        with transaction.atomic():
            event = services.event_receive(
                system=system, kind="birth_registered", snils=s, occurred_on=born
            )
        services.event_process(event_id=event.pk)  # what on_commit runs after the API answers
    return len(snils) / (time.perf_counter() - start)


def rules_only(snils: list[str]) -> float:
    rules = [RULES[s.slug] for s in Service.objects.filter(slug__startswith="bench-")]
    facts = {s: adapters.facts_for(s, {f for r in rules for f in r.facts}) for s in snils}
    today = timezone.localdate()
    start = time.perf_counter()
    for s in snils:
        for rule in rules:
            rule.decide(facts[s], today)
    return len(snils) / (time.perf_counter() - start)


def main() -> None:
    call_command("migrate", verbosity=0)
    engine = "PostgreSQL" if "postgres" in os.environ["DATABASE_URL"] else "SQLite"
    print(f"== {engine}, {EVENTS} events a run")
    head = ["services in the situation", "other situations", "end to end, ev/s"]
    tail = ["rules only, ev/s", "ratio"]
    print(f"{head[0]:>26} {head[1]:>17} {head[2]:>17} {tail[0]:>17} {tail[1]:>7}")
    for per_situation, extra in [(5, 0), (20, 0), (50, 0), (20, 500)]:
        system, snils = setup(per_situation, extra)
        e2e = end_to_end(system, snils)
        offers = Offer.objects.count()
        assert offers == EVENTS * per_situation, offers
        rules = rules_only(snils)
        print(f"{per_situation:>26} {extra:>17} {e2e:>17.1f} {rules:>17.0f} {rules / e2e:>7.0f}")


if __name__ == "__main__":
    main()
