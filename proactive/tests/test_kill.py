"""A worker killed with `kill -9` in the middle of an event leaves nothing half-written,
and the retry creates no duplicate offer (issue: proactive delivery).

The worker is a real `manage.py work --job proactive.events` process on its own database — a SQLite
file, or a fresh PostgreSQL database when the suite runs on PostgreSQL — paused inside
the event's transaction right after writing its first offer, then killed."""

from __future__ import annotations

from tests.kill import kill_at, manage, shell, worker_env


def test_worker_killed_mid_event_then_rerun_makes_no_duplicate(own_database, tmp_path):
    env = worker_env(own_database)
    seed = "from proactive.tests.killtest_seed import seed; print(seed())"
    event_id = int(shell(env, seed))
    state = f"from proactive.tests.killtest_seed import state; print(state({event_id}))"

    kill_at(env, "EVENT", tmp_path / "paused", "work", "--job", "proactive.events")

    # The offer written before the kill was never committed; the event stays claimed.
    assert shell(env, state) == "processing|0|0|1"
    # Another worker takes the stale event (stale immediately here) and finishes it once.
    manage({**env, "PROACTIVE_STALE_SECONDS": "0"}, "work", "--job", "proactive.events")
    assert shell(env, state) == "done|4|4|2"  # the second attempt finished it
    manage({**env, "PROACTIVE_STALE_SECONDS": "0"}, "work", "--job", "proactive.events")
    assert shell(env, state) == "done|4|4|2"


def test_worker_killed_mid_batch_leaves_nothing_half_done(own_database, tmp_path):
    """Issue 24: the events of a batch are decided in one transaction; killed after the
    batch's offers were written, nothing of it is committed, and the rerun decides every
    event once."""
    env = worker_env(own_database)
    ids = shell(env, "from proactive.tests.killtest_seed import seed_batch; print(seed_batch(5))")
    state = f"from proactive.tests.killtest_seed import batch_state; print(batch_state('{ids}'))"

    kill_at(env, "EVENT", tmp_path / "paused", "work", "--job", "proactive.events")

    assert shell(env, state) == " ".join(["processing|0|0|1"] * 5)
    manage({**env, "PROACTIVE_STALE_SECONDS": "0"}, "work", "--job", "proactive.events")
    assert shell(env, state) == " ".join(["done|4|4|2"] * 5)
