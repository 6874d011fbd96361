"""Rating intake through the real HTTP server (granian) at 32 concurrent connections,
as ratios measured in one run to (a) an empty JSON view on the same server and (b) plain
single-row durable inserts into the same database from the same number of connections
(the physical limit).

    uv run python bench/feedback_intake.py                  # a throwaway SQLite file
    KC_PG_DURABLE=1 scripts/with-postgres.sh uv run python bench/feedback_intake.py
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("KC_ENVIRONMENT", "test")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("HTTPS", "false")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.models import Body, Role, User  # noqa: E402
from accounts.services import api_key_issue  # noqa: E402
from feedback.models import Rating  # noqa: E402
from registry.models import Service  # noqa: E402

CONNECTIONS = 32
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
WARM_UP = 2.0  # seconds of load before each measurement, not counted


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup() -> str:
    call_command("migrate", verbosity=0)
    Rating.objects.all().delete()
    body, _ = Body.objects.get_or_create(
        slug="bench", defaults={"name": "Bench", "short_name": "B"}
    )
    Service.objects.get_or_create(slug="bench-service", defaults={"body": body, "title": "Услуга"})
    system = User.objects.filter(username="bench-ais").first() or User.objects.create(
        username="bench-ais", role=Role.SYSTEM, body=body
    )
    _key, secret = api_key_issue(actor=None, system=system, name=f"bench {uuid.uuid4()}")
    return secret


def start_server(port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "granian", "--interface", "wsgi", "config.wsgi:application",
         "--host", "127.0.0.1", "--port", str(port), "--workers", "2",
         "--blocking-threads", "16", "--no-ws", "--log-level", "error"],
        cwd=ROOT, env={**os.environ, "DB_POOL": "true", "DB_POOL_MAX_SIZE": "16"},
    )  # fmt: skip
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return proc
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not start")


def load(port: int, make_request, seconds: float, retry: bool = False):
    """Run CONNECTIONS clients for ``seconds``; returns (count, latencies, acknowledged keys)."""
    stop = time.perf_counter() + seconds
    latencies: list[float] = []
    acked: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine, keys = [], []
        while time.perf_counter() < stop:
            method, path, body, headers, key = make_request()
            while True:
                started = time.perf_counter()
                try:
                    conn.request(method, path, body=body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    if response.status >= 500 and retry:
                        raise OSError(response.status)
                    break
                except (OSError, http.client.HTTPException):
                    conn.close()
                    if not retry:
                        return
                    time.sleep(0.05)
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append(time.perf_counter() - started)
            if key and response.status in (200, 201):
                keys.append(key)
        with lock:
            latencies.extend(mine)
            acked.extend(keys)

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies), sorted(latencies), acked


def p99(latencies: list[float]) -> float:
    return latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else float("nan")


def rating_request(secret: str):
    def make():
        key = uuid.uuid4().hex
        body = json.dumps({"service": "bench-service", "csat": 4, "ces": 5, "drivers": ["time"]})
        headers = {"Content-Type": "application/json", "X-API-Key": secret, "Idempotency-Key": key}
        return "POST", "/api/v1/ratings", body, headers, key

    return make


def raw_inserts(seconds: float) -> int:
    """Single-row durable inserts (one transaction each) from CONNECTIONS connections."""
    from django.db import connections

    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS bench_raw")
        c.execute(
            "CREATE TABLE bench_raw (id INTEGER PRIMARY KEY, csat INTEGER, note TEXT)"
            if connection.vendor == "sqlite"
            else "CREATE TABLE bench_raw (id bigserial PRIMARY KEY, csat integer, note text)"
        )
    stop = time.perf_counter() + seconds
    counts = []

    def worker() -> None:
        n = 0
        conn = connections.create_connection("default")
        conn.set_autocommit(True)
        with conn.cursor() as c:
            while time.perf_counter() < stop:
                for _attempt in range(50):
                    try:
                        c.execute("INSERT INTO bench_raw (csat, note) VALUES (%s, %s)", [4, "x"])
                        break
                    except Exception:
                        time.sleep(0.001)
                n += 1
        conn.close()
        counts.append(n)

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts)


def main() -> None:
    secret = setup()
    port = free_port()
    vendor = connection.vendor
    server = start_server(port)
    try:
        empty_request = lambda: ("GET", "/healthz", None, {}, None)  # noqa: E731
        load(port, empty_request, WARM_UP)  # every worker thread connected, imports done
        n_empty, lat_empty, _ = load(port, empty_request, SECONDS)
        load(port, rating_request(secret), WARM_UP)
        n_rate, lat_rate, _ = load(port, rating_request(secret), SECONDS)
    finally:
        server.terminate()
        server.wait()
    n_raw = raw_inserts(SECONDS)
    empty, rate, raw = n_empty / SECONDS, n_rate / SECONDS, n_raw / SECONDS
    print(f"{vendor}, {CONNECTIONS} connections, {SECONDS:.0f} s each")
    print(f"  empty JSON view     {empty:8.0f} req/s  p99 {p99(lat_empty):6.1f} ms")
    print(f"  rating intake       {rate:8.0f} req/s  p99 {p99(lat_rate):6.1f} ms")
    print(f"  raw durable inserts {raw:8.0f} rows/s")
    print(f"  intake / empty view = {rate / empty:.2f}; intake / raw inserts = {rate / raw:.2f}")


if __name__ == "__main__":
    main()
