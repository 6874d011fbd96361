"""The shared cache as production runs it (ADR 0014): a real redis-server on loopback
(Debian's, installed by ``scripts/ensure-system-packages.sh``), shared by two clients as by
two web processes — a page one renders the other serves, a write through one renews the
page for the other, and a revoked key is refused by the other on its next call."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.test import Client, override_settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: scripts/ensure-system-packages.sh installs it"
    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
         "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("redis-server did not start")
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def on_redis(redis_url: str) -> Iterator[None]:
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": "kc-test",
    }
    with override_settings(CACHES={"default": redis}):
        caches["default"].clear()
        yield
        caches["default"].clear()


@pytest.mark.django_db(transaction=True)
def test_two_processes_share_pages_and_renewals_through_redis(
    on_redis, redis_url, world, published_situation
):
    from registry import services

    one, two = Client(), Client()
    assert one.get("/")["X-Cache"] == "miss"
    assert two.get("/")["X-Cache"] == "hit"  # rendered by the other
    import redis

    stored = redis.Redis.from_url(redis_url).keys("kc-test:*")
    assert any(b"kc:page:" in key for key in stored)  # in the server, not in this process
    services.life_situation_update(
        actor=world.analyst, life_situation=published_situation, title="Рождение малыша"
    )
    services.life_situation_publish(actor=world.analyst, life_situation=published_situation)
    page = two.get("/")
    assert page["X-Cache"] == "miss" and "Рождение малыша" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_key_revoked_through_one_process_is_refused_by_the_other(on_redis, world):
    from accounts import services
    from accounts.models import ApiKey

    def read(client: Client) -> int:
        return client.post(
            "/api/v1/readability",
            {"text": "Пособие придёт в мае."},
            content_type="application/json",
            HTTP_X_API_KEY=world.system_key,
        ).status_code

    one, two = Client(), Client()
    assert (read(one), read(two)) == (200, 200)
    services.api_key_revoke(actor=world.body_admin, key=ApiKey.objects.get(system=world.system))
    assert read(two) == 401
