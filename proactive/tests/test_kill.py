"""A worker killed with `kill -9` in the middle of an event leaves nothing half-written,
and the retry creates no duplicate offer (issue: proactive delivery).

The worker is a real `manage.py proactive_work` process on its own database — a SQLite
file, or a fresh PostgreSQL database when the suite runs on PostgreSQL — paused inside
the event's transaction right after writing its first offer, then killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def own_database(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = f"kc_kill_{uuid.uuid4().hex[:8]}"
        base, _, _ = url.rpartition("/")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        yield f"{base}/{name}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    else:
        yield f"sqlite:///{tmp_path / 'kill.sqlite3'}"


def _manage(env, *args, check=True):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=120,
    )


def _shell(env, code):
    return _manage(env, "shell", "-c", code).stdout.strip().splitlines()[-1]


def test_worker_killed_mid_event_then_rerun_makes_no_duplicate(own_database, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": own_database,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DB_POOL": "false",
    }
    _manage(env, "migrate", "--noinput", "-v0")
    seed = "from proactive.tests.killtest_seed import seed; print(seed())"
    event_id = int(_shell(env, seed))
    state = f"from proactive.tests.killtest_seed import state; print(state({event_id}))"

    marker = tmp_path / "paused"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "proactive_work", "--once"],
        cwd=ROOT,
        env={**env, "KC_TEST_PAUSE_IN_EVENT": str(marker)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert worker.poll() is None, "the worker ended before pausing"
        assert time.monotonic() < deadline, "the worker never reached the event"
        time.sleep(0.1)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)

    # The offer written before the kill was never committed; the event stays claimed.
    assert _shell(env, state) == "processing|0|0|1"
    # Another worker takes the stale event (stale immediately here) and finishes it once.
    _manage({**env, "PROACTIVE_STALE_SECONDS": "0"}, "proactive_work", "--once")
    assert _shell(env, state) == "done|4|4|2"  # the second attempt finished it
    _manage({**env, "PROACTIVE_STALE_SECONDS": "0"}, "proactive_work", "--once")
    assert _shell(env, state) == "done|4|4|2"
