"""The body's feedback dashboard over 10 million generated ratings on PostgreSQL: the
whole page, served by the real view from the incrementally maintained aggregates, as a
ratio to one raw GROUP BY over the ratings that the page replaces. Then the public
results (R20) — ``/otsenki/``, a service's, a body's and the published-ratings API —
each timed on a cache miss (issue 24's aim: under 50 ms).

    scripts/with-postgres.sh uv run python bench/feedback_dashboard.py
    BENCH_RATINGS=1000000 scripts/with-postgres.sh uv run python bench/feedback_dashboard.py

The ratings are generated in SQL (12 months, 4 bodies × 10 services × 5 touchpoints,
6 channels, 4 segments and none, 3 kinds of client; 2 % with a comment). Their monthly
aggregates and marginals are filled by INSERT … SELECT … GROUP BY with the sums `rollup` keeps (the
Python rollup would take a quarter of an hour here; its exactness is what the test suite
and the kill test prove), and checked against the ratings; the last 1 000 ratings are
left unrolled (5 s of peak intake between two runs of the worker), as the tail a
dashboard adds on the fly.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KC_ENVIRONMENT", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("HTTPS", "false")
os.environ["DB_POOL"] = "false"

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from accounts.models import Body, Role, User  # noqa: E402
from feedback import instrument  # noqa: E402
from feedback.figures import SUM_FIELDS  # noqa: E402
from feedback.models import MonthlyMarginal  # noqa: E402
from registry.models import Service, Touchpoint  # noqa: E402
from segments.models import Segment  # noqa: E402

RATINGS = int(os.environ.get("BENCH_RATINGS", "10000000"))
TAIL = 1000  # unrolled: 5 s (the worker's interval) of peak intake
CHUNK = 1_000_000
REPEAT = 7
PROFILE = os.environ.get("BENCH_PROFILE", "")

SUMS = """
    count(*), sum(csat), sum(csat * csat), sum((csat >= 4)::int), count(ces),
    coalesce(sum(ces), 0), coalesce(sum(ces * ces), 0), count(loyal),
    sum(coalesce(loyal, false)::int), sum((comment <> '')::int),
    sum((comment <> '' AND tone < 0)::int), sum((comment <> '' AND tone > 0)::int),
    sum((csat < 3)::int), {drivers}
"""
COLUMNS = """
    n, csat_sum, csat_sq, satisfied, ces_n, ces_sum, ces_sq, loyal_n, loyal_yes, comments,
    comments_negative, comments_positive, low, {drivers}
"""


def world() -> tuple[list[int], User]:
    bodies = [
        Body.objects.create(slug=f"b{i}", name=f"Орган {i}", short_name=f"О{i}") for i in range(4)
    ]
    for body in bodies:
        for s in range(10):
            Service.objects.create(body=body, slug=f"s{body.pk}-{s}", title=f"Услуга {s}")
        for t in range(5):
            Touchpoint.objects.create(body=body, kind="office", title=f"Офис {t}")
        for g in range(4):
            Segment.objects.create(
                body=body, code=f"{g}", slug=f"seg-{body.pk}-{g}", name=f"Сегмент {g}",
                target="direction", direction="support",
            )  # fmt: skip
    analyst = User.objects.create(username="bench-analyst", role=Role.ANALYST, body=bodies[0])
    return [b.pk for b in bodies], analyst


def generate(body_ids: list[int]) -> None:
    """10 services and 5 touchpoints per body: the nth of each, by index arithmetic."""
    services = list(Service.objects.order_by("pk").values_list("pk", flat=True))
    touchpoints = list(Touchpoint.objects.order_by("pk").values_list("pk", flat=True))
    segments = list(Segment.objects.order_by("pk").values_list("pk", flat=True))
    channels = ["link", "qr", "widget", "kiosk", "operator", "api"]
    with connection.cursor() as c:
        c.executemany(
            """
            INSERT INTO feedback_rating (instrument, body_id, service_id, touchpoint_id,
                channel, client_kind, csat, ces, loyal, drivers, control, comment, tone,
                language, contact_email, segment_id, verdict, excluded, excluded_reason,
                created_at, rolled)
            SELECT '2026.1', (%(bodies)s)[b + 1], (%(services)s)[b * 10 + r1 %% 10 + 1],
                (%(touchpoints)s)[b * 5 + r2 %% 5 + 1], (%(channels)s::text[])[r3 %% 6 + 1],
                (ARRAY['citizen','business','internal'])[r4 %% 3 + 1],
                1 + (g * 7 + g / 13) %% 5, 1 + (g * 3) %% 5,
                CASE WHEN g %% 4 = 0 THEN NULL ELSE g %% 3 > 0 END, (g * 37) %% 512, '{}',
                CASE WHEN g %% 50 = 0 THEN 'Долго ждал в очереди' ELSE '' END,
                CASE WHEN g %% 50 = 0 THEN -1 ELSE 0 END, 'ru', '',
                CASE WHEN r5 %% 5 = 4 THEN NULL ELSE (%(segments)s)[b * 4 + r5 %% 4 + 1] END,
                'trusted', false, '', now() - make_interval(secs => (g %% 31536000)), true
            FROM (SELECT g, g %% 4 AS b, (random() * 1e6)::int AS r1, (random() * 1e6)::int AS r2,
                (random() * 1e6)::int AS r3, (random() * 1e6)::int AS r4,
                (random() * 1e6)::int AS r5
                FROM generate_series(%(first)s, %(last)s) AS g) AS s
            """,
            [{"bodies": body_ids, "services": services, "touchpoints": touchpoints,
              "segments": segments, "channels": channels, "first": first,
              "last": min(first + CHUNK - 1, RATINGS)}
             for first in range(1, RATINGS + 1, CHUNK)],
        )  # fmt: skip
        c.execute(
            "UPDATE feedback_rating SET rolled = false WHERE id > "
            "(SELECT max(id) FROM feedback_rating) - %s",
            [TAIL],
        )
        codes = instrument.DRIVER_CODES
        drivers_sum = ", ".join(f"sum(((drivers >> {i}) & 1))" for i in range(len(codes)))
        drivers_col = ", ".join(f"d_{code}" for code in codes)
        month = "date_trunc('month', created_at AT TIME ZONE %s)::date"
        c.execute(
            f"""
            INSERT INTO feedback_monthlyaggregate (key, month, body_id, service_id,
                life_situation_id, touchpoint_id, channel, segment_id, client_kind,
                {COLUMNS.format(drivers=drivers_col)}, c_wait_result_n, c_wait_result_sum,
                c_wait_queue_n, c_wait_queue_sum, c_courtesy_n, c_courtesy_sum,
                c_comfort_n, c_comfort_sum, c_availability_n, c_availability_sum)
            SELECT concat_ws('|', to_char({month}, 'YYYY-MM'), body_id,
                    coalesce(service_id::text, ''), '', coalesce(touchpoint_id::text, ''),
                    channel, coalesce(segment_id::text, ''), client_kind),
                {month}, body_id, service_id, NULL, touchpoint_id, channel, segment_id,
                client_kind, {SUMS.format(drivers=drivers_sum)}, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
            FROM feedback_rating WHERE rolled
            GROUP BY {month}, body_id, service_id, touchpoint_id, channel, segment_id,
                client_kind
            """,  # noqa: S608 - our constants only
            [str(django.conf.settings.TIME_ZONE)] * 3,
        )
        summed = ", ".join(f"sum({name})" for name in SUM_FIELDS)
        for dimension in MonthlyMarginal.DIMENSIONS:
            column = {"total": "''", "channel": "channel", "client_kind": "client_kind"}.get(
                dimension, f"coalesce({dimension}_id::text, '')"
            )
            c.execute(
                f"""
                INSERT INTO feedback_monthlymarginal (key, month, body_id, dimension, value,
                    {", ".join(SUM_FIELDS)})
                SELECT concat_ws('|', to_char(month, 'YYYY-MM'), body_id, %s, {column}),
                    month, body_id, %s, {column}, {summed}
                FROM feedback_monthlyaggregate GROUP BY 2, 3, 5
                """,  # noqa: S608 - our constants only
                [dimension, dimension],
            )
        c.execute("ANALYZE")
        c.execute("SELECT sum(n), sum(csat_sum) FROM feedback_monthlyaggregate")
        in_aggregates = c.fetchone()
        c.execute("SELECT count(*), sum(csat) FROM feedback_rating WHERE rolled")
        assert c.fetchone() == in_aggregates, "the aggregates do not match the ratings"


def timed(action) -> float:
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    assert connection.vendor == "postgresql", "run through scripts/with-postgres.sh"
    call_command("migrate", verbosity=0)
    body_ids, analyst = world()
    started = time.perf_counter()
    generate(body_ids)
    print(f"{RATINGS:,} ratings generated and aggregated in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM feedback_monthlyaggregate")
        groups = c.fetchone()[0]
    client = Client()
    client.force_login(analyst)

    def page() -> None:
        response = client.get("/kabinet/otsenki/")
        assert response.status_code == 200, response.status_code

    def raw() -> None:
        with connection.cursor() as c:
            c.execute(
                "SELECT service_id, count(*), avg(csat) FROM feedback_rating "
                "WHERE body_id = %s AND created_at >= now() - interval '1 year' "
                "GROUP BY service_id",
                [body_ids[0]],
            )
            c.fetchall()

    public = Client()

    def missed(path: str):
        def get() -> None:
            cache.clear()  # a miss: the page is built from the database
            response = public.get(path)
            assert response.status_code == 200, (path, response.status_code)
            assert response["X-Cache"] == "miss", response["X-Cache"]

        return get

    page()  # warm: templates compiled, connection open
    page_ms, raw_ms = timed(page), timed(raw)
    service = Service.objects.filter(body_id=body_ids[0]).order_by("pk").first()
    assert service is not None
    misses = {
        "/otsenki/ published results": "/otsenki/",
        "a service's published results": f"/otsenki/usluga/{service.slug}/",
        "a body's published results": f"/otsenki/organ/{body_ids[0]}/",
        "GET /api/v1/ratings/published": "/api/v1/ratings/published",
    }
    for path in misses.values():
        missed(path)()  # warm
    miss_ms = {label: timed(missed(path)) for label, path in misses.items()}
    if PROFILE:  # BENCH_PROFILE=/otsenki/ (a path): where one request's time goes
        profile = cProfile.Profile()
        get = page if PROFILE == "/kabinet/otsenki/" else missed(PROFILE)
        profile.enable()
        for _ in range(REPEAT):
            get()
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page()
    in_database = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    print(f"{groups:,} monthly aggregate rows")
    print(f"  dashboard page (whole request, 7 sections)  {page_ms:8.1f} ms (median of {REPEAT})")
    print(f"  of which its {len(queries):2} queries               {in_database:8.1f} ms")
    print(f"  one raw GROUP BY over the body's ratings    {raw_ms:8.1f} ms")
    print(f"  raw / page = {raw_ms / page_ms:.1f}")
    print("Public pages on a cache miss (the shared cache emptied before each request):")
    for label, ms in miss_ms.items():
        print(f"  {label:<40} {ms:8.1f} ms (median of {REPEAT})")


if __name__ == "__main__":
    main()
