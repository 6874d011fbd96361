"""The rollup (feedback.rollup): each rating added once, the aggregates equal to the live
sums, and segments' satisfaction moved from their clients' ratings."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from feedback import instrument, intake, rollup, selectors
from feedback.models import Case, MonthlyAggregate, MonthlyMarginal, Rating, Verdict
from feedback.tests.fixtures import rate


def test_rollup_adds_each_rating_once_and_figures_stay_exact(place):
    for score in (5, 4, 2):
        rate(place.service, score, touchpoint=place.office)
    filters = selectors.Filters(service_id=place.service.pk)
    before = selectors.total(filters)
    assert rollup.rollup() == 3
    assert rollup.rollup() == 0
    after = selectors.total(filters)
    assert before.sums == after.sums
    assert after.n == 3 and after.csat.mean == pytest.approx(11 / 3)
    assert MonthlyAggregate.objects.get().n == 3
    rate(place.service, 1, touchpoint=place.office)  # the tail, not rolled yet
    assert selectors.total(filters).n == 4


def test_every_answer_is_summed_alike_before_and_after_the_rollup(world, place):
    """The tail (summed in SQL on the fly) and the aggregates (summed by the rollup) agree
    on every column: drivers, «Ваш контроль», loyalty, ease, tones, months."""
    rate(place.service, 2, touchpoint=place.office, drivers=["queue", "staff"],
         control={"wait_queue": 1, "courtesy": 2}, loyal=False, ces=2,
         comment="Очень долго, грубый сотрудник")  # fmt: skip
    rate(place.service, 5, touchpoint=place.office, drivers=[], ces=5, loyal=True,
         comment="Спасибо, всё быстро и вежливо")  # fmt: skip
    with time_machine.travel(timezone.now() - dt.timedelta(days=40)):
        rate(place.service, 4, touchpoint=place.portal, comment="Пришёл во вторник")
    rate(place.service, 3, touchpoint=place.portal)
    filters = selectors.Filters(body_id=world.body.pk)
    before = {by: selectors.figures(filters, by) for by in (None, "month", "touchpoint")}
    # a page that reads the tail once and passes it on gets the same figures as one that
    # lets each grouping sum the tail by its own dimensions
    read_once = selectors.tail(filters)
    for by in (None, "month", "touchpoint", "channel", ("touchpoint", "service")):
        assert [(f.key, f.sums) for f in selectors.figures(filters, by, read_once)] == [
            (f.key, f.sums) for f in selectors.figures(filters, by)
        ]
    rollup.rollup()
    after = {by: selectors.figures(filters, by) for by in (None, "month", "touchpoint")}
    assert {by: [(f.key, f.sums) for f in rows] for by, rows in before.items()} == {
        by: [(f.key, f.sums) for f in rows] for by, rows in after.items()
    }
    total = after[None][0]
    assert total.sums["d_queue"] == total.sums["d_staff"] == 1
    assert (total.sums["c_wait_queue_n"], total.sums["c_wait_queue_sum"]) == (1, 1)
    assert (total.sums["loyal_n"], total.sums["loyal_yes"]) == (2, 1)
    assert total.tones == {-1: 1, 0: 1, 1: 1}
    assert len(after["month"]) == 2
    # A body's figures by one dimension come from the marginals; by two, from the full
    # aggregates: both add up the same.
    assert MonthlyMarginal.objects.filter(dimension="touchpoint").exists()
    by_pair = selectors.figures(filters, ("touchpoint", "service"))
    for row in after["touchpoint"]:
        parts = [f for f in by_pair if f.key[0] == row.key]
        assert {name: sum(f.sums[name] for f in parts) for name in row.sums} == row.sums


def test_honeypot_ratings_are_recorded_but_not_counted(place):
    rate(place.service, 1, verdict=Verdict.HONEYPOT, comment="buy now")
    rollup.rollup()
    assert Rating.objects.get().verdict == Verdict.HONEYPOT
    assert selectors.total(selectors.Filters(service_id=place.service.pk)).n == 0
    assert not Case.objects.exists()


def test_segment_satisfaction_follows_its_clients_ratings(world, place):  # R21
    from segments import services as segment_services
    from segments.models import Segment

    segment = segment_services.segment_create(
        actor=world.analyst, body=world.body, code="1.1", name="Молодые семьи",
        target="direction", direction="support",
    )  # fmt: skip
    for score in (2, 3, 4):
        intake.rating_store(
            subject=place.service, answers=instrument.check(csat=score), channel="link",
            verdict=Verdict.VERIFIED, segment_id=segment.pk,
        )  # fmt: skip
    rollup.rollup()
    versions = segment.versions.count()
    assert rollup.segments_feed() == 1
    segment = Segment.objects.get(pk=segment.pk)
    assert segment.ratings_satisfaction is not None and segment.ratings_count == 3
    assert float(segment.ratings_satisfaction) == 3.0
    assert segment.satisfaction is None  # the research figure is its own (R9)
    # The profile's history shows the change and why (R9).
    latest = segment.versions.order_by("-number").first()
    assert latest is not None
    assert segment.versions.count() == versions + 1 and "по оценкам клиентов" in latest.reason
    assert rollup.segments_feed() == 0
