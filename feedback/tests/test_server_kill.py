"""The server killed with `kill -9` twice under load loses no acknowledged rating and
stores none twice: clients retry with their Idempotency-Key until answered (ADR 0009).

A real granian serving a real database of its own (SQLite, or PostgreSQL when the suite
runs on it); eight clients post ratings without pause while the whole server process
group is killed and restarted twice."""

from __future__ import annotations

import http.client
import json
import threading
import time
import uuid

from tests.kill import free_port, kill_group, serve, shell, worker_env

SEED = "from feedback.tests.killtest_seed import intake_seed; print(intake_seed())"
STORED = "from feedback.tests.killtest_seed import stored_keys; print(stored_keys() or '-')"
CLIENTS = 8


class Client(threading.Thread):
    """Posts ratings until told to stop; retries each one with its key until answered."""

    def __init__(self, port: int, secret: str, stop: threading.Event) -> None:
        super().__init__()
        self.port, self.secret, self.stop = port, secret, stop
        self.acked: list[str] = []
        self.retries = 0

    def run(self) -> None:
        while not self.stop.is_set():
            key = uuid.uuid4().hex
            body = json.dumps({"service": "kill-service", "csat": 1 + len(self.acked) % 5})
            headers = {
                "Content-Type": "application/json",
                "X-API-Key": self.secret,
                "Idempotency-Key": key,
            }
            deadline = time.monotonic() + 60
            while True:  # a rating once sent is retried until answered, even after stop
                assert time.monotonic() < deadline, "a rating was never answered"
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                    conn.request("POST", "/api/v1/ratings", body=body, headers=headers)
                    response = conn.getresponse()
                    response.read()
                    conn.close()
                    if response.status in (200, 201):
                        break
                    assert response.status >= 500, response.status  # 4xx would be our bug
                except (OSError, http.client.HTTPException):
                    pass
                self.retries += 1
                time.sleep(0.05)
            self.acked.append(key)


def test_server_killed_twice_under_load_loses_and_doubles_nothing(own_database):
    env = worker_env(own_database)
    secret = shell(env, SEED)
    port = free_port()
    server = serve(env, port)
    stop = threading.Event()
    clients = [Client(port, secret, stop) for _ in range(CLIENTS)]
    for client in clients:
        client.start()
    try:
        for _kill in range(2):
            time.sleep(2)  # under load
            kill_group(server)
            time.sleep(0.3)  # clients meet a dead port and retry
            server = serve(env, port)
        time.sleep(1.5)
        stop.set()
        for client in clients:
            client.join(timeout=90)
    finally:
        stop.set()
        kill_group(server)
    acked = [key for client in clients for key in client.acked]
    stored = shell(env, STORED).split(",")
    assert len(acked) > 50, "the load was too light to mean anything"
    assert sum(client.retries for client in clients) > 0, "no request met a dead server"
    assert sorted(stored) == sorted(acked)  # every acknowledged rating kept, none twice
    assert len(set(stored)) == len(stored)
    retries = sum(client.retries for client in clients)
    print(f"\n{len(acked)} ratings acknowledged, {len(stored)} stored, {retries} retries")
