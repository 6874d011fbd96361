"""Finished quarters kept by the runner (issue 21's performance): the pages read them
instead of counting every appeal, offer and rating again; the values are the same as
computed live, a late change reaches them at the next round, and a new formula version
is never read from values kept under the old one."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
import time_machine

from indicators import selectors, services
from indicators.catalogue import BY_CODE, CATALOGUE, Value
from indicators.periods import last_quarters

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def service(world: Any) -> Any:
    from tests.factories import ServiceFactory

    return ServiceFactory.create(body=world.body)


def _rate(service: Any, scores: list[int], when: dt.datetime) -> None:
    from feedback.tests.fixtures import rate

    with time_machine.travel(when, tick=False):
        for score in scores:
            rate(service, score)


def _satisfaction(body: Any, **kwargs: Any) -> dict[str, Value]:
    rows = selectors.rows_over(body, last_quarters(8), **kwargs)
    row = next(r for r in rows if r.definition.code == "satisfaction")
    return {q.code: v for q, v in row.values}


def test_kept_values_are_the_live_ones(world, service):
    _rate(service, [5] * 15 + [2] * 5, dt.datetime(2026, 8, 10, tzinfo=dt.UTC))
    _rate(service, [5] * 10, dt.datetime(2026, 11, 10, tzinfo=dt.UTC))  # this quarter
    assert services.values_keep() == 8 * len(CATALOGUE) * 2  # two bodies
    assert _satisfaction(world.body) == _satisfaction(world.body, kept=False)
    assert _satisfaction(world.body)["2026-Q3"].value == pytest.approx(0.75)
    from indicators.models import KeptValue

    # and they are what the page reads: a kept value changed by hand shows
    KeptValue.objects.filter(body=world.body, code="satisfaction", quarter="2026-Q3").update(
        value=0.5
    )
    assert _satisfaction(world.body)["2026-Q3"].value == pytest.approx(0.5)


def test_a_late_rating_reaches_a_finished_quarter_at_the_next_round(world, service):
    when = dt.datetime(2026, 8, 10, tzinfo=dt.UTC)
    _rate(service, [5] * 10, when)
    services.values_keep()
    _rate(service, [1] * 10, when)  # an operator enters late paper ratings
    assert _satisfaction(world.body)["2026-Q3"].value == pytest.approx(1.0)  # kept
    services.values_keep()
    assert _satisfaction(world.body)["2026-Q3"].value == pytest.approx(0.5)


def test_the_quarter_running_now_is_always_live(world, service):
    from indicators.models import KeptValue

    services.values_keep()
    KeptValue.objects.bulk_create(  # even a running quarter's values kept by mistake
        KeptValue(body=world.body, code=d.code, version=d.version, quarter="2026-Q4", n=99,
                  value=0.1, minimum=10)
        for d in CATALOGUE
    )  # fmt: skip
    _rate(service, [5] * 10, dt.datetime(2026, 11, 10, tzinfo=dt.UTC))
    assert _satisfaction(world.body)["2026-Q4"].value == pytest.approx(1.0)


def test_a_new_formula_version_is_not_read_from_old_values(world, service, monkeypatch):
    _rate(service, [5] * 10, dt.datetime(2026, 8, 10, tzinfo=dt.UTC))
    services.values_keep()
    changed = dataclasses.replace(
        BY_CODE["satisfaction"], version=2, compute=lambda m, q: Value(50, 0.5, 0.4, 0.6)
    )
    monkeypatch.setattr(
        selectors,
        "CATALOGUE",
        tuple(changed if d.code == "satisfaction" else d for d in CATALOGUE),
    )
    assert _satisfaction(world.body)["2026-Q3"].value == pytest.approx(0.5)  # live, v2
