"""Two runners side by side on one database — PostgreSQL when the suite runs on it, else a
SQLite file — share a backlog of life events and ratings: every event is processed once
(each claimed exactly once), every rating counted once, nothing is left (ADR 0011)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from jobs.tests.runners_seed import EVENTS, RATINGS
from tests.kill import ROOT, shell, worker_env

SEED = "from jobs.tests.runners_seed import seed; print(seed())"
STATE = "from jobs.tests.runners_seed import state; print(state())"


def test_two_runners_share_a_backlog_and_do_nothing_twice(own_database):
    env = {**worker_env(own_database), "INBOX_PULL_BODIES": ""}
    shell(env, SEED)
    runners = [
        subprocess.Popen(
            [sys.executable, "manage.py", "work", "--idle", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    total = sum(1 + i % 5 for i in range(RATINGS))
    done = f"0|0|4|4|{RATINGS}|{total}|0"
    try:
        deadline = time.monotonic() + 120
        while (now := shell(env, STATE)) != done:
            assert all(r.poll() is None for r in runners), "a runner stopped"
            assert time.monotonic() < deadline, now
            time.sleep(0.5)
    finally:
        for r in runners:
            r.send_signal(signal.SIGTERM)
        outputs = [r.communicate(timeout=30) for r in runners]
    assert [r.returncode for r in runners] == [0, 0]  # SIGTERM ends a runner cleanly
    assert all("ошибка" not in err for _out, err in outputs), outputs
    # What the runners report doing adds up to the backlog: none done twice, none lost.
    done_by = {"proactive.events": 0, "feedback.rollup": 0}
    for out, _err in outputs:
        for line in out.splitlines():
            name, _sep, count = line.partition(": ")
            if name in done_by:
                done_by[name] += int(count)
    assert done_by == {"proactive.events": EVENTS, "feedback.rollup": RATINGS}
