"""Cost per transaction (issue 21, GOV.UK's KPI): costs entered or imported per service
and quarter, over the clients served from the volumes — every row or none, each problem
named by its field or its row."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators import selectors, services
from indicators.models import Cost

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock() -> Any:
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def served(world: Any) -> Any:
    """«Пособие» served 300 in our office and 100 at another body's МФЦ in III кв. 2026."""
    from feedback.models import Volume
    from tests.factories import ServiceFactory, TouchpointFactory

    service = ServiceFactory.create(body=world.body, title="Пособие", slug="posobie")
    office = TouchpointFactory.create(body=world.body, kind="reception", title="Приёмная")
    window = TouchpointFactory.create(body=world.other_body, kind="one_window", title="МФЦ")
    for touchpoint, month, n in ((office, 7, 100), (office, 8, 200), (window, 9, 100)):
        Volume.objects.create(
            body=touchpoint.body,
            touchpoint=touchpoint,
            service=service,
            month=dt.date(2026, month, 1),
            served=n,
            offered=0,
        )
    return service


def _row(body: Any) -> selectors.Row:
    return next(
        r for r in selectors.body_indicators(body) if r.definition.code == "cost_per_transaction"
    )


def test_cost_per_transaction_is_the_cost_over_the_clients_served(world, served):
    from tests.factories import ServiceFactory

    lonely = ServiceFactory.create(body=world.body, slug="spravka")  # a cost, no volumes
    services.costs_set(
        actor=world.analyst,
        body=world.body,
        costs=[(served, "2026-Q3", Decimal("100000")), (lonely, "2026-Q3", Decimal("5000"))],
    )
    row = _row(world.body)
    value = dict((q.code, v) for q, v in row.values)["2026-Q3"]
    assert value.n == 400 and value.value == pytest.approx(250.0)
    assert row.text(value) == "250,00 ₽" and value.low is None  # a cost has no interval
    (kept,) = [r for r in selectors.costs_of(world.body) if r.served]
    assert (kept.served, kept.per_transaction) == (400, "250,00 ₽")


def test_a_bad_row_saves_nothing_and_is_named(world, served):
    from tests.factories import ServiceFactory

    theirs = ServiceFactory.create(body=world.other_body, slug="chuzhaya")
    with pytest.raises(ValidationError) as refused:
        services.costs_set(
            actor=world.analyst,
            body=world.body,
            costs=[
                (served, "2026-Q3", Decimal("100")),
                (theirs, "2027-Q1", Decimal("-1")),
            ],
        )
    assert set(refused.value.message_dict) == {
        "costs.1.service",
        "costs.1.quarter",
        "costs.1.amount",
    }
    assert not Cost.objects.exists()
    with pytest.raises(ValidationError):
        services.costs_set(
            actor=world.servant, body=world.body, costs=[(served, "2026-Q3", Decimal("1"))]
        )


def test_a_file_of_costs_all_rows_or_none(world, served):
    bad = "услуга;квартал;затраты\nposobie;2026-Q3;1 000,50\nposobie;третий;100\n"
    with pytest.raises(ValidationError) as refused:
        services.costs_import(
            actor=world.analyst, body=world.body, name="c.csv", content=bad.encode()
        )
    assert refused.value.message_dict["file"] == ["Строка 3: Квартал пишется так: 2026-Q3."]
    assert not Cost.objects.exists()
    good = "услуга;квартал;затраты\nposobie;2026-Q3;1 000,50\nposobie;2026-Q2;900\n"
    assert (
        services.costs_import(
            actor=world.analyst, body=world.body, name="c.csv", content=good.encode()
        )
        == 2
    )
    assert Cost.objects.get(quarter="2026-Q3").amount == Decimal("1000.50")


def test_the_costs_page_shows_a_problem_next_to_its_field(client, world, served):
    client.force_login(world.analyst)
    url = reverse("indicators:costs")
    wrong = client.post(url, {"service": served.pk, "quarter": "2026-Q3", "amount": "-5"})
    assert wrong.status_code == 422 and "id_amount_error" in wrong.content.decode()
    ok = client.post(url, {"service": served.pk, "quarter": "2026-Q3", "amount": "12 000,00"})
    assert ok.status_code == 302 and Cost.objects.get().amount == Decimal("12000")
    upload = SimpleUploadedFile("c.csv", "услуга,квартал\nposobie,2026-Q3\n".encode())
    refused = client.post(url, {"action": "file", "file": upload})
    assert refused.status_code == 422 and "затраты" in refused.content.decode()
    client.force_login(world.servant)
    assert client.get(url).status_code == 403


def test_the_costs_api_takes_every_row_or_none(client, world, served):
    client.force_login(world.analyst)
    body = {
        "costs": [
            {"service": "posobie", "quarter": "2026-Q3", "amount": "100000"},
            {"service": "posobie", "quarter": "2031-Q1", "amount": "1"},
        ]
    }
    wrong = client.put(
        "/api/v1/indicators/costs", json.dumps(body), content_type="application/json"
    )
    assert wrong.status_code == 422 and "costs.1.quarter" in wrong.content.decode()
    assert not Cost.objects.exists()
    body["costs"].pop()
    saved = client.put(
        "/api/v1/indicators/costs", json.dumps(body), content_type="application/json"
    )
    assert saved.status_code == 200 and saved.json() == {"saved": 1}
    listed = client.get("/api/v1/indicators/costs").json()
    assert listed[0]["per_transaction"] == "250,00 ₽"


def test_a_body_sets_its_own_cost_target(world):
    services.targets_set(
        actor=world.head,
        body_id=world.body.pk,
        targets={"cost_per_transaction": (Decimal("300"), None)},
    )
    row = _row(world.body)
    assert row.target == Decimal("300") and row.target_text == "300,00 ₽"


def test_a_service_and_quarter_twice_is_refused_not_overwritten(world, served):
    twice = "услуга;квартал;затраты\nposobie;2026-Q3;1000\nposobie;2026-Q3;500\n"
    with pytest.raises(ValidationError) as refused:
        services.costs_import(
            actor=world.analyst, body=world.body, name="c.csv", content=twice.encode()
        )
    (message,) = refused.value.message_dict["file"]
    assert message.startswith("Строка 3:") and "сложите затраты" in message
    assert not Cost.objects.exists()


def test_a_quarter_is_kept_as_its_code(world, served):
    services.costs_import(
        actor=world.analyst,
        body=world.body,
        name="c.csv",
        content="услуга;квартал;затраты\nposobie;02026-Q3;1000\n".encode(),
    )
    assert Cost.objects.get().quarter == "2026-Q3"


def test_a_new_cost_is_read_live_at_once(world, served):
    from indicators.models import KeptValue

    services.values_keep()
    assert KeptValue.objects.filter(body=world.body).exists()
    services.costs_set(
        actor=world.analyst, body=world.body, costs=[(served, "2026-Q3", Decimal("40000"))]
    )
    assert not KeptValue.objects.filter(body=world.body).exists()
    value = dict((q.code, v) for q, v in _row(world.body).values)["2026-Q3"]
    assert value.value == pytest.approx(100.0)
