"""Life events decided per second by one runner (issue 24): the runner's job
(``events_sweep``: now batches of ``PROACTIVE_BATCH``, one transaction each; before
issue 24, each event claimed and decided in its own transaction) against deciding one
event at a time (``event_process``), in one run. Run it on a commit before issue 24's
batches too, for the figures of the old runner. Five services with rules in the life
situation, every client confirmed and consented, the state's data seeded.

    uv run python bench/proactive_batch.py                                  # SQLite file
    KC_PG_DURABLE=1 scripts/with-postgres.sh uv run python bench/proactive_batch.py

Then the same number of events again, taken by BENCH_RUNNERS (2) runners side by side —
separate processes started together, each sweeping until nothing is left — to see how the
rate grows with runners (on PostgreSQL; SQLite has one writer). ``BENCH_PROFILE=1`` prints
where the runner's time goes.
"""

from __future__ import annotations

import cProfile
import datetime as dt
import os
import pstats
import subprocess
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
from django.utils import timezone  # noqa: E402

from accounts.models import Body, Role, User  # noqa: E402
from lib.snils import check_number  # noqa: E402
from proactive import services  # noqa: E402
from proactive.engine.rules import RULES  # noqa: E402
from proactive.models import (  # noqa: E402
    ClientProfile,
    Consent,
    LifeEvent,
    Offer,
    StateRecord,
    Trigger,
)
from registry.models import LifeSituation, Service, Step  # noqa: E402

EVENTS = int(os.environ.get("BENCH_EVENTS", "2000"))
RUNNERS = int(os.environ.get("BENCH_RUNNERS", "2"))
#: BENCH_PROFILE=1: the runner's sweep under cProfile, its 25 costliest functions printed.
PROFILE = os.environ.get("BENCH_PROFILE") == "1"

#: A runner: sets Django up, waits for the go file, sweeps until nothing is left, prints
#: when it started and finished and how many events it decided.
_RUNNER = """
import os, sys, time
sys.path.insert(0, {root!r})
import django
django.setup()
from proactive import services
while not os.path.exists({go!r}):
    time.sleep(0.01)
start, done = time.time(), 0
while True:
    n = services.events_sweep(limit=100_000)
    if not n:
        break
    done += n
print(start, time.time(), done)
"""


def side_by_side(count: int) -> float:
    """Events a second decided by RUNNERS runner processes started together."""
    events(people("many", count))
    go = Path(tempfile.mkdtemp()) / "go"
    code = _RUNNER.format(root=str(ROOT), go=str(go))
    runners = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        for _ in range(RUNNERS)
    ]
    time.sleep(3)  # Django set up in each
    go.touch()
    lines = [r.communicate()[0].split() for r in runners]
    start = min(float(line[0]) for line in lines)
    end = max(float(line[1]) for line in lines)
    total = sum(int(line[2]) for line in lines)
    assert total == count, total
    return total / (end - start)


SLUGS = list(RULES)[:5]


def setup() -> None:
    for model in (Offer, LifeEvent, Consent, Trigger, Step, ClientProfile, StateRecord):
        model.objects.all().delete()
    LifeSituation.objects.all().delete()
    Service.objects.all().delete()
    User.objects.all().delete()
    Body.objects.all().delete()
    body = Body.objects.create(name="Бенчмарк", short_name="Бенч", slug="bench")
    ls = LifeSituation.objects.create(
        owner_body=body,
        title="Рождение",
        slug="birth",
        start_event="Рождение",
        final_result="Выплаты",
        time_bound_days=60,
    )
    for position, slug in enumerate(SLUGS, start=1):
        service = Service.objects.create(body=body, slug=slug, title=slug)
        Step.objects.create(life_situation=ls, service=service, position=position)
    Trigger.objects.create(kind="birth_registered", title="Рождение", life_situation=ls)
    User.objects.create(username="sys", role=Role.SYSTEM, body=body)


def people(run: str, count: int) -> list[str]:
    """``count`` confirmed, consenting citizens with their state data; their СНИЛС."""
    offset = {"one": 100_000_000, "batch": 500_000_000, "many": 700_000_000}[run]
    numbers = []
    for n in range(offset, offset + count):
        nine = f"{n:09d}"
        numbers.append(f"{nine}{check_number(nine) % 100:02d}")
    users = User.objects.bulk_create(
        User(username=f"{run}{n}", role=Role.CITIZEN) for n in range(count)
    )
    now = timezone.now()
    ClientProfile.objects.bulk_create(
        ClientProfile(user=u, snils=s, snils_verified_at=now, snils_verified_via="operator")
        for u, s in zip(users, numbers, strict=True)
    )
    ls = LifeSituation.objects.get(slug="birth")
    Consent.objects.bulk_create(
        Consent(client=u, life_situation=ls, given_via="api") for u in users
    )
    born = timezone.localdate() - dt.timedelta(days=10)
    StateRecord.objects.bulk_create(
        StateRecord(source=src, snils=s, name=name, value=value, as_of=born)
        for s in numbers
        for src, name, value in [
            ("civil_registry", "newborn_birth_date", born.isoformat()),
            ("civil_registry", "child_order", 3),
            ("tax", "income_per_person", 15_000),
        ]
    )
    return numbers


def events(numbers: list[str]) -> list[int]:
    system = User.objects.get(username="sys")
    born = timezone.localdate() - dt.timedelta(days=10)
    made = LifeEvent.objects.bulk_create(
        LifeEvent(
            body=system.body, system=system, kind="birth_registered", snils=s, occurred_on=born
        )
        for s in numbers
    )
    return [e.pk for e in made]


def main() -> None:
    call_command("migrate", verbosity=0)
    engine = "PostgreSQL" if "postgres" in os.environ["DATABASE_URL"] else "SQLite"
    setup()
    from django.urls import reverse

    reverse("proactive:cabinet")  # the URL map, loaded once by any running process
    one = events(people("one", EVENTS // 4))  # the old path is slow: a quarter of the events
    start = time.perf_counter()
    for pk in one:
        services.event_process(event_id=pk)
    one_rate = len(one) / (time.perf_counter() - start)
    batch = events(people("batch", EVENTS))
    profile = cProfile.Profile() if PROFILE else None
    start = time.perf_counter()
    if profile:
        profile.enable()
    done = services.events_sweep(limit=EVENTS)
    batch_rate = done / (time.perf_counter() - start)
    if profile:
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    assert done == len(batch), done
    offers = Offer.objects.filter(event_id__in=batch).count()
    assert offers == len(batch) * len(SLUGS), offers  # one offer per service, none twice
    print(f"== {engine}, one runner, {len(SLUGS)} services with rules in the situation")
    print("| path | events | events/s | ratio |")
    print("| --- | --- | --- | --- |")
    print(f"| event_process, one event at a time | {len(one)} | {one_rate:,.0f} | 1 |")
    print(
        f"| events_sweep, the runner's job | {len(batch)} | {batch_rate:,.0f} "
        f"| {batch_rate / one_rate:.1f} |"
    )
    if RUNNERS > 1:
        many_rate = side_by_side(EVENTS)
        print(
            f"| {RUNNERS} runners side by side | {EVENTS} | {many_rate:,.0f} "
            f"| {many_rate / one_rate:.1f} |"
        )


if __name__ == "__main__":
    main()
