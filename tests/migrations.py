"""Data migrations under test: go back to a migration, make rows as they were then, go
forward and look — and always come back to every app's latest migration afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: list[tuple[str, str]]) -> Any:
    """Bring the database to ``targets``; the apps (historical models) as they stand there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@contextmanager
def at(targets: list[tuple[str, str]]) -> Iterator[Any]:
    """``with at([...]) as old:`` — the historical apps at ``targets``; every app back to
    its latest migration when the block ends, passed or failed (going back unapplied
    dependents too)."""
    try:
        yield migrate(targets)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
