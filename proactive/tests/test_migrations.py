"""Migration 0010: repeats of one life event stored before the platform recognised them
keep their rows (offers point at them) and are marked, so the first report is unique."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("proactive", "0009_life_event_claim_token")]
AFTER = [("proactive", "0010_life_event_first_report")]


def _migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_repeats_already_stored_are_marked_and_the_first_stays_first() -> None:  # R16
    old = _migrate(BEFORE)
    Body = old.get_model("accounts", "Body")
    User = old.get_model("accounts", "User")
    LifeEvent = old.get_model("proactive", "LifeEvent")
    body = Body.objects.create(slug="sfr-m", short_name="СФР", name="Социальный фонд")
    system = User.objects.create(username="zags-system", body=body)
    born = dt.date(2026, 1, 15)

    def event(snils: str, day: dt.date = born):
        return LifeEvent.objects.create(
            body=body, system=system, kind="birth_registered", snils=snils, occurred_on=day
        ).pk

    first, repeat, again = event("11223344595"), event("11223344595"), event("11223344595")
    other_day, other_person = (
        event("11223344595", born - dt.timedelta(days=1)),
        event("12345678964"),
    )
    try:
        new = _migrate(AFTER)
        flags = dict(
            new.get_model("proactive", "LifeEvent").objects.values_list("pk", "first_report")
        )
        assert flags == {
            first: True, repeat: False, again: False, other_day: True, other_person: True
        }  # fmt: skip
    finally:  # every app back to its latest migration
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
