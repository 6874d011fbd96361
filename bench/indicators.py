"""A body's indicators page and the bodies' comparison over 10 million ratings, 1 million
inbox items and 1 million life events with their offers, on PostgreSQL: each page served
by the real view, as a ratio to one raw aggregate query over the same rows (issue 21's aim:
the body's page under 150 ms).

    scripts/with-postgres.sh uv run python bench/indicators.py
    BENCH_RATINGS=1000000 BENCH_ITEMS=100000 BENCH_EVENTS=100000 \\
        scripts/with-postgres.sh uv run python bench/indicators.py

The ratings and their monthly aggregates are generated as the feedback dashboard's
benchmark does (``bench/feedback_dashboard.py``: 4 bodies × 10 services × 5 touchpoints,
over 12 months). Inbox items (four in five written appeals, the rest social-network
comments; answered from a few minutes to 40 days later, one in twenty still open) and life
events, each with one offer of the body's service in one of the offer's states, are spread
over the last two years and generated in SQL too. The number of queries of the page does
not grow with the rows (``indicators/tests/test_indicators.py`` holds it), so the ratio
shows what the aggregates save.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import feedback_dashboard as base
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import Body, Role, User
from inbox.models import Item
from proactive.models import LifeEvent, Offer
from registry.models import LifeSituation, Service

ITEMS = int(os.environ.get("BENCH_ITEMS", "1000000"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "1000000"))
TWO_YEARS = 2 * 365 * 24 * 3600


def insert_rows(model: Any, count: int, values: dict[str, str], params: dict[str, Any]) -> None:
    """``INSERT … SELECT`` over ``generate_series(1, count) AS g``: each column from
    ``values`` (SQL reading ``g``), else its Django default as a parameter, else NULL, else
    an empty text."""
    columns, expressions = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(f.column)
        if f.column in values:
            expressions.append(values[f.column])
        elif f.has_default():
            name = f"default_{f.column}"
            params[name] = f.get_db_prep_save(f.get_default(), connection)
            expressions.append(f"%({name})s")
        elif f.null:
            expressions.append("NULL")
        elif f.empty_strings_allowed and f.blank:
            expressions.append("''")
        else:
            raise ValueError(f"{model.__name__}.{f.column} needs a value")
    with connection.cursor() as c:
        c.execute(
            f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(expressions)} FROM generate_series(1, %(count)s) AS g",
            {**params, "count": count},
        )


def generate_inbox(body_ids: list[int]) -> None:
    received = f"now() - make_interval(secs => (g::bigint * 7919) %% {TWO_YEARS})"
    insert_rows(
        Item,
        ITEMS,
        {
            "body_id": "(%(bodies)s)[g %% 4 + 1]",
            "received_by_id": "(%(bodies)s)[g %% 4 + 1]",
            "kind": "CASE WHEN g %% 5 = 0 THEN 'comment' ELSE 'appeal' END",
            "channel": "CASE WHEN g %% 5 = 0 THEN 'vk' ELSE 'portal' END",
            "external_id": "'b' || g",
            "text": "'Вопрос о пособии'",
            "received_at": received,
            "due_at": f"{received} + CASE WHEN g %% 5 = 0 THEN interval '2 hours' "
            "ELSE interval '30 days' END",
            "answered_at": f"CASE WHEN g %% 20 = 0 THEN NULL ELSE {received} + "
            "make_interval(secs => (g::bigint * 104729) %% 3456000) END",
            "status": "CASE WHEN g %% 20 = 0 THEN 'new' ELSE 'answered' END",
        },
        {"bodies": body_ids},
    )


def generate_events(body_ids: list[int]) -> None:
    system = User.objects.create(username="bench-system", role=Role.SYSTEM, body_id=body_ids[0])
    client = User.objects.create(username="bench-client", role=Role.CITIZEN)
    situation = LifeSituation.objects.create(
        owner_body_id=body_ids[0],
        title="Рождение ребёнка",
        slug="bench-birth",
        time_bound_days=60,
        start_event="Рождение ребёнка",
        final_result="Семья получила выплаты",
    )
    services = [
        Service.objects.filter(body_id=b).order_by("pk").values_list("pk", flat=True)[0]
        for b in body_ids
    ]
    occurred = f"now() - make_interval(secs => (g::bigint * 7919) %% {TWO_YEARS})"
    insert_rows(
        LifeEvent,
        EVENTS,
        {
            "body_id": "(%(bodies)s)[g %% 4 + 1]",
            "system_id": "%(system)s",
            "kind": "'birth'",
            "snils": "lpad(g::text, 11, '0')",
            "occurred_on": f"({occurred})::date",
            "received_at": occurred,
            "status": "'done'",
        },
        {"bodies": body_ids, "system": system.pk},
    )
    with connection.cursor() as c:
        c.execute("SELECT min(id) FROM proactive_lifeevent")
        first = c.fetchone()[0]
    states = ["confirmed", "granted", "declined", "ready", "form", "refused", "confirmed"]
    insert_rows(
        Offer,
        EVENTS,
        {
            "client_id": "%(client)s",
            "event_id": "%(first)s + g - 1",
            "life_situation_id": "%(situation)s",
            "service_id": "(%(services)s)[g %% 4 + 1]",
            "status": "(%(states)s::text[])[g %% 7 + 1]",
            "summary": "'Единое пособие'",
            "rule": "'bench'",
            "created_at": occurred,
        },
        {
            "client": client.pk,
            "first": first,
            "situation": situation.pk,
            "services": services,
            "states": states,
        },
    )
    with connection.cursor() as c:
        c.execute("ANALYZE")


def main() -> None:
    assert connection.vendor == "postgresql", "run through scripts/with-postgres.sh"
    call_command("migrate", verbosity=0)
    body_ids, _analyst = base.world()
    started = time.perf_counter()
    base.generate(body_ids)
    generate_inbox(body_ids)
    generate_events(body_ids)
    print(
        f"{base.RATINGS:,} ratings, {ITEMS:,} inbox items, {EVENTS:,} life events and offers "
        f"generated in {time.perf_counter() - started:.0f} s"
    )
    from indicators.services import values_keep

    started = time.perf_counter()
    values_keep()  # what the runner does every hour
    print(
        f"  the runner kept every body's finished quarters in {time.perf_counter() - started:.1f} s"
    )
    head = User.objects.create(username="bench-head", role=Role.HEAD, body_id=body_ids[0])
    staff = Client()
    staff.force_login(head)
    anonymous = Client()
    body = Body.objects.get(pk=body_ids[0])

    def page() -> None:
        assert staff.get("/kabinet/pokazateli/").status_code == 200

    def compare() -> None:
        cache.clear()  # a miss: built from the database
        response = anonymous.get("/pokazateli/sravnenie/")
        assert response.status_code == 200 and response["X-Cache"] == "miss"

    def public() -> None:
        cache.clear()
        response = anonymous.get(f"/pokazateli/organ/{body.slug}/")
        assert response.status_code == 200 and response["X-Cache"] == "miss"

    def raw() -> None:
        """One aggregate over the rows the page stands for: the body's ratings by quarter."""
        with connection.cursor() as c:
            c.execute(
                "SELECT date_trunc('quarter', created_at), count(*), sum((csat >= 4)::int) "
                "FROM feedback_rating WHERE body_id = %s "
                "AND created_at >= now() - interval '2 years' GROUP BY 1",
                [body_ids[0]],
            )
            c.fetchall()

    for action in (page, compare, public, raw):
        action()  # warm: templates compiled, connection open
    page_ms, compare_ms, public_ms, raw_ms = (base.timed(a) for a in (page, compare, public, raw))
    with CaptureQueriesContext(connection) as queries:
        page()
    in_database = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    print(f"  body's indicators page (whole request)   {page_ms:8.1f} ms (median of {base.REPEAT})")
    print(f"  of which its {len(queries):2} queries            {in_database:8.1f} ms")
    print(f"  bodies compared (funnel), cache miss     {compare_ms:8.1f} ms")
    print(f"  a body's public page, cache miss         {public_ms:8.1f} ms")
    print(f"  one raw GROUP BY over the body's ratings {raw_ms:8.1f} ms")
    print(f"  raw / page = {raw_ms / page_ms:.1f}, raw / comparison = {raw_ms / compare_ms:.1f}")
    print("  the page's slowest queries:")
    for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]:
        print(f"    {float(q['time']) * 1000:7.1f} ms  {q['sql'][:110]}")


if __name__ == "__main__":
    main()
