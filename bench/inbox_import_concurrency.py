"""Does a large inbox import still freeze the site? A 10,000-row import runs in this process
against a SQLite file while clients post appeals (a write, as a signed-in page's session
used to be) to the real HTTP server (granian) on the same file. Prints how long the writes
waited during the import, as a ratio to the same writes without it.

    uv run python bench/inbox_import_concurrency.py
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# The intake benchmark's module sets up Django on a throwaway SQLite file and starts the
# same server; its helpers are used as they are (imported first, before any model).
from bench.feedback_intake import free_port, start_server

# isort: split
from django.core.management import call_command

from accounts.models import Body, Role, User
from accounts.services import api_key_issue
from inbox import services

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
CLIENTS = 4


def setup() -> tuple[Body, User, str]:
    call_command("migrate", verbosity=0)
    body, _ = Body.objects.get_or_create(
        slug="bench", defaults={"name": "Bench", "short_name": "B"}
    )
    analyst = User.objects.create(username="bench-analyst", role=Role.ANALYST, body=body)
    system = User.objects.create(username="bench-ais", role=Role.SYSTEM, body=body)
    _key, secret = api_key_issue(actor=None, system=system, name="bench")
    return body, analyst, secret


def writes(port: int, secret: str, stop: threading.Event, out: list[float]) -> None:
    """Post appeals one after another until ``stop``; record each one's latency."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    headers = {"Content-Type": "application/json", "X-API-Key": secret}
    n = 0
    while not stop.is_set():
        n += 1
        body = json.dumps(
            {"kind": "mention", "channel": "vk", "text": f"Вопрос {threading.get_ident()} {n}"}
        )
        started = time.perf_counter()
        conn.request("POST", "/api/v1/appeals", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        assert response.status == 201, response.status
        out.append(time.perf_counter() - started)


def measure(port: int, secret: str, during) -> tuple[list[float], float]:
    stop = threading.Event()
    latencies: list[float] = []
    clients = [
        threading.Thread(target=writes, args=(port, secret, stop, latencies))
        for _ in range(CLIENTS)
    ]
    for c in clients:
        c.start()
    started = time.perf_counter()
    during()
    elapsed = time.perf_counter() - started
    stop.set()
    for c in clients:
        c.join()
    return sorted(latencies), elapsed


def main() -> None:
    body, analyst, secret = setup()
    rows = [
        {"kind": "comment", "channel": "vk", "text": f"Когда придёт пособие на ребёнка {n}?",
         "external_id": f"file-{n}"}
        for n in range(ROWS)
    ]  # fmt: skip
    port = free_port()
    server = start_server(port)
    try:
        measure(port, secret, lambda: time.sleep(3))  # warm-up: imports, connections
        base, _ = measure(port, secret, lambda: time.sleep(5))
        busy, took = measure(
            port,
            secret,
            lambda: services.items_import(actor=analyst, body=body, rows=rows),
        )
    finally:
        server.terminate()
        server.wait()
    print(f"sqlite, {ROWS} rows imported in {took:.1f} s, {CLIENTS} clients posting appeals")
    for name, lat in (("without import", base), ("during import", busy)):
        print(
            f"  {name:15} {len(lat):5} writes  median {lat[len(lat) // 2] * 1000:7.1f} ms"
            f"  p99 {lat[int(len(lat) * 0.99)] * 1000:7.1f} ms  max {lat[-1] * 1000:7.1f} ms"
        )
    print(f"  longest wait during / without = {busy[-1] / base[-1]:.1f}")


if __name__ == "__main__":
    main()
