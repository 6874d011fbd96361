"""The rollup worker killed with `kill -9` inside its transaction leaves the aggregates
untouched, and the next run adds every rating exactly once (ADR 0009).

A real `manage.py work --job feedback.rollup` on its own database (SQLite, or a fresh PostgreSQL
database when the suite runs on PostgreSQL), paused after adding the ratings to the
aggregates but before marking them rolled, then killed."""

from __future__ import annotations

from tests.kill import kill_at, manage, shell, worker_env

SEED = "from feedback.tests.killtest_seed import seed; print(seed())"
STATE = "from feedback.tests.killtest_seed import state; print(state())"


def test_rollup_killed_mid_batch_then_rerun_counts_each_rating_once(own_database, tmp_path):
    env = worker_env(own_database)
    count = int(shell(env, SEED))
    total = sum(1 + i % 5 for i in range(count))

    kill_at(env, "ROLLUP", tmp_path / "paused", "work", "--job", "feedback.rollup")
    assert shell(env, STATE) == f"0|0|{count}"  # nothing applied, nothing marked

    manage(env, "work", "--job", "feedback.rollup")
    assert shell(env, STATE) == f"{count}|{total}|0"
    manage(env, "work", "--job", "feedback.rollup")  # again: nothing to add, nothing added twice
    assert shell(env, STATE) == f"{count}|{total}|0"
