"""What the kill tests share: a database of their own for a real worker process (a SQLite
file, or a fresh PostgreSQL database when the suite runs on PostgreSQL), running
`manage.py` in it, and stopping a worker at a `lib.killpoint` with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """One migrated database per run that each kill test copies (migrating in a
    subprocess takes 15–20 s; copying a SQLite file or a PostgreSQL template, a moment)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = f"kc_kill_template_{uuid.uuid4().hex[:8]}"
        base, _, _ = url.rpartition("/")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        manage(worker_env(f"{base}/{name}"), "migrate", "--noinput", "-v0")
        yield name
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    else:
        path = tmp_path_factory.mktemp("kill-template") / "template.sqlite3"
        manage(worker_env(f"sqlite:///{path}"), "migrate", "--noinput", "-v0")
        yield path


@pytest.fixture
def own_database(tmp_path, migrated_template):
    """A migrated database of the test's own, for real worker and server processes."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = f"kc_kill_{uuid.uuid4().hex[:8]}"
        base, _, _ = url.rpartition("/")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{migrated_template}"')
        yield f"{base}/{name}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    else:
        import shutil

        path = tmp_path / "kill.sqlite3"
        shutil.copyfile(migrated_template, path)
        yield f"sqlite:///{path}"


def worker_env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DB_POOL": "false",
    }


def manage(
    env: Mapping[str, str], *args: str, check: bool = True
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=check,
        timeout=120,
    )


def shell(env: Mapping[str, str], code: str) -> str:
    """Run Python in the worker's database; the last printed line."""
    return manage(env, "shell", "-c", code).stdout.strip().splitlines()[-1]


def kill_at(env, point: str, marker: Path, *command: str) -> None:
    """Start `manage.py <command>`, wait until it pauses at ``killpoint.pause(point)``
    inside its transaction, and kill it with SIGKILL."""
    worker = subprocess.Popen(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env={**env, f"KC_TEST_PAUSE_IN_{point}": str(marker)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert worker.poll() is None, "the worker ended before pausing"
        assert time.monotonic() < deadline, "the worker never reached the pause"
        time.sleep(0.1)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve(env, port: int) -> subprocess.Popen[bytes]:
    """The real server (granian, two workers) in a process group of its own, once it
    answers."""
    server = subprocess.Popen(
        [sys.executable, "-m", "granian", "--interface", "wsgi", "config.wsgi:application",
         "--host", "127.0.0.1", "--port", str(port), "--workers", "2",
         "--blocking-threads", "4", "--no-ws", "--log-level", "error"],
        cwd=ROOT, env={**env, "ALLOWED_HOSTS": "127.0.0.1"},
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    import http.client

    deadline = time.monotonic() + 60
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:  # the application is loaded, not just the port
                return server
        except (OSError, http.client.HTTPException):
            assert server.poll() is None, "the server did not start"
            assert time.monotonic() < deadline, "the server never accepted connections"
            time.sleep(0.05)


def kill_group(server: subprocess.Popen[bytes]) -> None:
    """`kill -9` the server and its workers (killing only the main process would leave
    the workers holding the port)."""
    os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=10)
