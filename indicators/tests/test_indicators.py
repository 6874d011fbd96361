"""Indicators of client-centricity (seed 001, 004 §6–7, R20): each formula on known data,
every number with its n and 95 % interval, suppression under 10, a quarter without data,
the traffic light against a target, the body's own targets."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators import selectors, services
from indicators.catalogue import BY_CODE, CATALOGUE
from indicators.periods import Quarter, last_quarters

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def clock() -> Any:
    """Mid-November 2026: the fourth quarter; every test runs at that moment."""
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def service(world: Any) -> Any:
    from tests.factories import ServiceFactory

    return ServiceFactory.create(body=world.body)


def _rate(service: Any, scores: list[int], when: dt.datetime, **answers: Any) -> None:
    from feedback.tests.fixtures import rate

    with time_machine.travel(when, tick=False):
        for score in scores:
            rate(service, score, **answers)


def _row(body: Any, code: str) -> selectors.Row:
    return next(r for r in selectors.body_indicators(body) if r.definition.code == code)


def test_quarters_run_back_from_today():
    assert [q.code for q in last_quarters(3, until=dt.date(2026, 2, 1))] == [
        "2025-Q3",
        "2025-Q4",
        "2026-Q1",
    ]
    assert Quarter.parse("2026-Q4") == Quarter(2026, 4) and Quarter.parse("2026-Q5") is None
    assert Quarter(2026, 3).label == "III кв. 2026"


def test_satisfaction_is_the_share_of_fours_and_fives_with_its_interval(world, service):  # R19, R20
    _rate(service, [5] * 6 + [4] * 2 + [2] * 2, NOW - dt.timedelta(days=10))
    row = _row(world.body, "satisfaction")
    value = row.current
    assert value.n == 10 and value.value == pytest.approx(0.8)
    assert value.low == pytest.approx(0.490, abs=0.001)  # Wilson, 95 %
    assert value.high == pytest.approx(0.943, abs=0.001)
    assert row.now[1] == "80 %" and row.light == "green"  # the target: 60 % («Решаем вместе»)


def test_the_score_is_the_mean_moved_to_zero_to_one(world, service):
    _rate(service, [5] * 5 + [3] * 5, NOW - dt.timedelta(days=10))
    value = _row(world.body, "satisfaction_score").current
    assert value.value == pytest.approx((4 - 1) / 4)  # mean 4 → 0.75
    assert value.low is not None and value.low < 0.75 < value.high  # type: ignore[operator]


def test_under_ten_cases_the_value_is_not_shown(world, service):  # R20
    _rate(service, [5] * 9, NOW - dt.timedelta(days=10))
    row = _row(world.body, "satisfaction")
    assert row.current.n == 9 and row.current.suppressed
    assert row.now[1] == "мало данных" and row.light == "none"
    assert "мало" in row.summary.lower()


def test_a_quarter_without_data_says_so_not_zero(world, service):  # R20
    _rate(service, [5] * 10, NOW - dt.timedelta(days=200))  # two quarters back
    row = _row(world.body, "satisfaction")
    cells = {q.code: (text, n) for q, text, _i, n in row.cells}
    assert cells["2026-Q2"] == ("100 %", "10")
    assert cells["2026-Q3"] == ("мало данных", "0") and cells["2026-Q4"] == ("мало данных", "0")


def test_a_fall_beyond_the_interval_is_said_to_be_one(world, service):
    _rate(service, [5] * 40, NOW - dt.timedelta(days=100))  # the quarter before
    _rate(service, [5] * 10 + [1] * 30, NOW - dt.timedelta(days=10))
    row = _row(world.body, "satisfaction")
    assert row.summary == (
        "Доля довольных: было 100 %, стало 25 % (n = 40) в IV кв. 2026 — снижение больше "
        "погрешности."
    )
    assert row.light == "red"


def test_a_miss_inside_the_interval_is_amber(world, service):
    _rate(service, [5] * 5 + [2] * 5, NOW - dt.timedelta(days=10))  # 50 %, interval to 76 %
    assert _row(world.body, "satisfaction").light == "amber"


def _item(body: Any, kind: str, received: dt.datetime, hours: float, due_hours: float) -> None:
    from inbox.models import Item

    Item.objects.create(
        body=body,
        received_by=body,
        kind=kind,
        channel="portal" if kind == "appeal" else "vk",
        text="Вопрос",
        received_at=received,
        due_at=received + dt.timedelta(hours=due_hours),
        answered_at=received + dt.timedelta(hours=hours),
        status="answered",
    )


def test_appeals_in_term_and_the_median_time(world):  # R22
    start = dt.datetime(2026, 10, 2, tzinfo=dt.UTC)
    for i, days in enumerate((1, 2, 3, 5, 6, 7, 9, 10, 12, 40)):  # the last: past 30 days
        _item(world.body, "appeal", start + dt.timedelta(hours=i), days * 24, 30 * 24)
    in_term = _row(world.body, "appeals_in_term").current
    assert in_term.n == 10 and in_term.value == pytest.approx(0.9)
    median = _row(world.body, "appeals_median_days")
    # the 5th of 10 (order statistics: no average of two), with its 95 % interval
    assert median.current.value == pytest.approx(6.0) and median.light == "green"  # ≤ 8 days
    assert median.current.low == pytest.approx(1.0) and median.current.high == pytest.approx(40.0)


def test_social_items_are_counted_against_their_own_clock(world):  # R22
    start = NOW - dt.timedelta(days=5)
    for i in range(10):
        _item(world.body, "comment", start - dt.timedelta(hours=i), 1 if i < 8 else 3, 2)
    value = _row(world.body, "social_in_time").current
    assert value.n == 10 and value.value == pytest.approx(0.8)


def test_the_bodys_own_target_replaces_the_standards(world, service):
    _rate(service, [5] * 7 + [1] * 3, NOW - dt.timedelta(days=10))  # 70 %
    services.targets_set(
        actor=world.head,
        body_id=world.body.pk,
        targets={"satisfaction": (Decimal("0.9"), world.analyst)},
    )
    row = _row(world.body, "satisfaction")
    assert row.target == Decimal("0.9") and row.target_source == "цель органа"
    assert row.owner == world.analyst and row.light in ("amber", "red")
    with pytest.raises(ValidationError) as refused:
        services.targets_set(
            actor=world.head, body_id=world.body.pk, targets={"satisfaction": (Decimal("2"), None)}
        )
    assert "target_satisfaction" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.targets_set(
            actor=world.head,
            body_id=world.body.pk,
            targets={"satisfaction": (None, world.other_analyst)},
        )


def test_an_indicator_without_a_target_says_so(world, service):
    row = _row(world.body, "effort")
    assert row.target is None and row.light == "none"


def test_the_page_reads_in_the_same_number_of_queries_whatever_the_data(client, world, service):
    """As many ratings, appeals and offers as there may be: the same queries. (A body with
    no rating at all saves the name look-ups: an empty list asks the database nothing.)"""
    from tests.factories import TouchpointFactory

    office = TouchpointFactory.create(body=world.body)
    _rate(service, [5], NOW - dt.timedelta(days=10), touchpoint=office)
    client.force_login(world.head)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("indicators:page")).status_code == 200
        return len(ctx.captured_queries)

    first = count()  # the first request fills per-process caches
    before = count()
    assert before <= first
    _rate(service, [5, 4, 3] * 20, NOW - dt.timedelta(days=10), touchpoint=office)
    _rate(service, [5, 1] * 20, NOW - dt.timedelta(days=200))
    for i in range(15):
        _item(world.body, "appeal", NOW - dt.timedelta(days=30 + i), 24, 720)
    assert count() == before


def test_the_page_and_the_targets_form(client, world, service):
    _rate(service, [5] * 10, NOW - dt.timedelta(days=10))
    client.force_login(world.head)
    page = client.get(reverse("indicators:page")).content.decode()
    assert "Доля довольных" in page and "100 %" in page and "IV кв. 2026" in page
    bad = client.post(reverse("indicators:targets"), {"target_satisfaction": "150"})
    assert bad.status_code == 422 and 'id="id_target_satisfaction_error"' in bad.content.decode()
    ok = client.post(reverse("indicators:targets"), {"target_satisfaction": "75"})
    assert ok.status_code == 302
    assert selectors.targets_of(world.body)["satisfaction"].value == Decimal("0.75")
    client.force_login(world.other_analyst)
    other = client.get(reverse("indicators:page")).content.decode()
    assert "Доля довольных: 100 %" not in other  # another body's page is its own
    assert "Доля довольных: 100 %" in page


def test_the_api_gives_the_catalogue_and_the_values(client, world, service):
    catalogue = client.get("/api/v1/indicators").json()
    assert [d["code"] for d in catalogue] == [d.code for d in CATALOGUE]
    assert catalogue[0]["version"] == BY_CODE["satisfaction"].version
    _rate(service, [5] * 10, NOW - dt.timedelta(days=10))
    client.force_login(world.analyst)
    values = client.get("/api/v1/indicators/values", {"quarters": 2}).json()
    satisfaction = next(v for v in values if v["code"] == "satisfaction")
    assert [v["quarter"] for v in satisfaction["values"]] == ["2026-Q3", "2026-Q4"]
    assert satisfaction["values"][0] == {
        "quarter": "2026-Q3", "n": 0, "value": None, "low": None, "high": None,
        "suppressed": True,
    }  # fmt: skip
    assert satisfaction["values"][1]["value"] == 1.0 and satisfaction["light"] == "green"
    bad = client.get("/api/v1/indicators/values", {"quarters": 99})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "quarters"


@pytest.mark.parametrize("definition", CATALOGUE, ids=lambda d: d.code)
def test_what_each_indicator_says_is_plain(definition):
    """The method page is public: what each indicator shows and how it is counted pass
    the product's own readability checker (a name is a label, too short to score)."""
    from readability.checker import check

    for text in (definition.definition, definition.method):
        assert check(text).problems == [], text


def test_a_fall_beyond_the_interval_opens_exactly_one_shortcoming(
    world, service, django_capture_on_commit_callbacks
):
    from django.core import mail

    from indicators.models import Shortcoming

    _rate(service, [5] * 40, dt.datetime(2026, 5, 10, tzinfo=dt.UTC))  # II: 100 %
    _rate(service, [5] * 10 + [1] * 30, dt.datetime(2026, 8, 10, tzinfo=dt.UTC))  # III: 25 %
    services.targets_set(
        actor=world.head, body_id=world.body.pk, targets={"satisfaction": (None, world.analyst)}
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.alerts_open() >= 1
    found = Shortcoming.objects.get(body=world.body, code="satisfaction")
    assert found.reason == "fall" and found.quarter == "2026-Q3"  # the last finished quarter
    assert found.owner == world.analyst and found.due_on == NOW.date() + dt.timedelta(days=30)
    assert "было 100 %, стало 25 %" in found.summary
    assert {m.to[0] for m in mail.outbox} >= {world.head.email, world.analyst.email}
    assert services.alerts_open() == 0  # a second round opens nothing more
    assert Shortcoming.objects.filter(code="satisfaction").count() == 1


def test_a_target_missed_twice_running_opens_a_shortcoming(world, service):
    from indicators.models import Shortcoming

    _rate(service, [5] * 5 + [1] * 5, dt.datetime(2026, 5, 10, tzinfo=dt.UTC))  # 50 %
    _rate(service, [5] * 5 + [1] * 5, dt.datetime(2026, 8, 10, tzinfo=dt.UTC))  # 50 %
    services.alerts_open()
    found = Shortcoming.objects.get(code="satisfaction")
    assert found.reason == "miss" and "при цели 60 %" in found.summary


def test_the_head_closes_a_shortcoming_saying_what_was_done(client, world, service):
    from indicators.models import Shortcoming

    _rate(service, [5] * 5 + [1] * 5, dt.datetime(2026, 5, 10, tzinfo=dt.UTC))
    _rate(service, [5] * 5 + [1] * 5, dt.datetime(2026, 8, 10, tzinfo=dt.UTC))
    services.alerts_open()
    found = Shortcoming.objects.get(code="satisfaction")
    client.force_login(world.head)
    page = client.get(reverse("indicators:page")).content.decode()
    assert found.summary in page
    url = reverse("indicators:shortcoming", args=[found.pk])
    empty = client.post(url, {"done": "  "})
    assert empty.status_code == 422 and 'id="id_done_error"' in empty.content.decode()
    assert client.post(url, {"done": "Открыли второе окно."}).status_code == 302
    found.refresh_from_db()
    assert found.closed_by == world.head and found.done == "Открыли второе окно."
    listed = client.get("/api/v1/indicators/shortcomings").json()
    assert listed[0]["done"] == "Открыли второе окно." and listed[0]["reason"] == "miss"
    client.force_login(world.other_analyst)
    assert client.get(url).status_code == 404


def test_appeals_still_waiting_count_with_the_days_they_have_waited(world):
    from inbox.models import Item

    start = dt.datetime(2026, 10, 5, tzinfo=dt.UTC)
    for i in range(10):
        answered = i < 4
        Item.objects.create(
            body=world.body,
            received_by=world.body,
            kind="appeal",
            channel="email",
            text="Вопрос",
            received_at=start + dt.timedelta(hours=i),
            due_at=start + dt.timedelta(days=30),
            answered_at=start + dt.timedelta(days=2) if answered else None,
            status="answered" if answered else "in_work",
        )
    row = _row(world.body, "appeals_median_days")
    assert row.current.at_least  # the median is an appeal not answered yet
    assert row.now[1].startswith("не меньше 4") and row.light == "red"  # waited 46 days


def test_a_late_answer_by_the_bodys_own_shorter_deadline_is_in_term_by_law(world):  # R22
    for i in range(10):  # the body asked for 1 day; the law gives 30
        _item(world.body, "appeal", dt.datetime(2026, 10, 2, i, tzinfo=dt.UTC), 5 * 24, 24)
    assert _row(world.body, "appeals_in_term").current.value == pytest.approx(1.0)


def test_bodies_are_compared_on_a_funnel_not_ranked(client, world, service):
    from tests.factories import ServiceFactory

    other = ServiceFactory.create(body=world.other_body)
    _rate(service, [5] * 190 + [1] * 10, dt.datetime(2026, 8, 10, tzinfo=dt.UTC))  # 95 %
    _rate(other, [5] * 12 + [1] * 8, dt.datetime(2026, 8, 10, tzinfo=dt.UTC))  # 60 %, n = 20
    from indicators.compare import funnel
    from indicators.periods import Quarter

    found = funnel(Quarter(2026, 3))
    by_name = {p.name: p for p in found.points}
    assert found.mean == pytest.approx(202 / 220)
    assert by_name[world.other_body.name].status == "below"  # 60 % of 20: beyond 99.8 %
    assert by_name[world.body.name].status in ("inside", "edge", "above")
    page = client.get(reverse("indicators:compare"), {"q": "2026-Q3"}).content.decode()
    assert 'role="img"' in page and "funnel-title" in page and world.other_body.name in page
    assert "Выше области — органов: 0, ниже — 1" in page
    assert client.get(reverse("indicators:compare"), {"q": "garbage"}).status_code == 200


def test_a_bodys_services_are_compared_on_a_funnel_of_their_own(client, world, service):
    from tests.factories import ServiceFactory

    weak = ServiceFactory.create(body=world.body, title="Справка о доходах")
    rare = ServiceFactory.create(body=world.body, title="Редкая услуга")
    when = dt.datetime(2026, 8, 10, tzinfo=dt.UTC)
    _rate(service, [5] * 190 + [1] * 10, when)  # 95 % of 200
    _rate(weak, [5] * 12 + [1] * 8, when)  # 60 % of 20: below the body's limits
    _rate(rare, [1] * 5, when)  # under 10: left out and counted
    _rate(ServiceFactory.create(body=world.other_body), [1] * 50, when)  # not this body's
    url = reverse("indicators:services_compare")
    assert client.get(url).status_code == 302  # the body's staff only: not published
    client.force_login(world.analyst)
    page = client.get(url, {"q": "2026-Q3"}).content.decode()
    assert "Сравнение услуг органа" in page and "Справка о доходах" in page
    assert "Выше области — услуг: 0, ниже — 1" in page
    assert "Таких услуг: 1" in page and "Редкая услуга" not in page
    # the body's share counts every one of its services, the rare one too: 202 of 225
    assert "Доля довольных по органу в III кв. 2026 — 90 %" in page
    client.force_login(world.citizen)
    assert client.get(url).status_code == 403


def test_one_body_alone_still_draws(world, service):
    from indicators.compare import chart, funnel
    from indicators.periods import Quarter

    _rate(service, [5] * 12, dt.datetime(2026, 8, 10, tzinfo=dt.UTC))
    drawn = chart(funnel(Quarter(2026, 3)))
    assert drawn is not None and "<svg" in drawn.svg


def test_open_data_leave_out_what_has_too_few_cases(client, world, service):  # R20
    import json

    from exports.models import ExportEvent

    _rate(service, [5] * 12, dt.datetime(2026, 8, 10, tzinfo=dt.UTC))
    _rate(service, [5] * 3, dt.datetime(2026, 11, 10, tzinfo=dt.UTC))
    data = json.loads(client.get(reverse("indicators:opendata_json")).content)["indicators"]
    ours = {
        r["quarter"]: r
        for r in data
        if r["body"] == world.body.slug and r["code"] == "satisfaction"
    }
    assert ours["2026-Q3"]["n"] == 12 and ours["2026-Q3"]["value"] == 1.0
    assert ours["2026-Q4"]["n"] is None and ours["2026-Q4"]["value"] is None
    assert ours["2026-Q3"]["method"].endswith("/pokazateli/metodika/#satisfaction")
    csv_text = client.get(reverse("indicators:opendata_csv")).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Орган,Показатель")
    assert ExportEvent.objects.filter(what="indicators.opendata").count() == 2


def test_the_page_names_what_pulls_satisfaction_down(client, world):
    from tests.factories import ServiceFactory, TouchpointFactory

    good = ServiceFactory.create(body=world.body, title="Справка о составе семьи")
    bad = ServiceFactory.create(body=world.body, title="Пособие на ребёнка")
    office = TouchpointFactory.create(body=world.body, title="Приёмная на Ленина")
    when = NOW - dt.timedelta(days=10)
    _rate(good, [5] * 30, when)
    _rate(bad, [5] * 4 + [1] * 8, when, touchpoint=office)
    found = selectors.causes(world.body)
    # 4 of 12 satisfied against the body's 34 of 42: 6 more would reach its share
    assert [(c.kind, c.label, c.missing, c.own) for c in found] == [
        ("service", "Пособие на ребёнка", 6, True),
        ("touchpoint", "Приёмная на Ленина", 6, True),
    ]  # the good service pulls nothing down
    client.force_login(world.head)
    page = client.get(reverse("indicators:page")).content.decode()
    assert "Что тянет вниз долю довольных" in page and "Пособие на ребёнка" in page
