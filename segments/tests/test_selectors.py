"""Segment reads for other apps: a body's own segments only."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from segments import selectors, services
from segments.models import Segment


@pytest.fixture
def other_segment(world):
    return services.segment_create(
        actor=world.other_analyst,
        body=world.other_body,
        code="2.1",
        name="Пенсионеры в городах",
        target="direction",
        direction="support",
    )


def test_segments_of_body_are_its_own_by_code(world, segment, other_segment):
    later = services.segment_create(
        actor=world.analyst, body=world.body, code="0.9", name="Студенты",
        target="direction", direction="support",
    )  # fmt: skip
    assert list(selectors.segments_of_body(body_id=world.body.pk)) == [later, segment]


def test_another_bodys_segment_is_not_found_as_a_missing_one(world, segment, other_segment):
    assert selectors.segment_of_body(segment.slug, body_id=world.body.pk) == segment
    refusals = []
    for slug in (other_segment.slug, "net-takogo"):
        with pytest.raises(ValidationError) as caught:
            selectors.segment_of_body(slug, body_id=world.body.pk, field="segment")
        refusals.append(caught.value.message_dict)
    assert list(refusals[0]) == list(refusals[1]) == ["segment"]
    assert refusals[0]["segment"] == [f"У органа нет сегмента «{other_segment.slug}»."]


def test_report_years_start_with_the_bodys_first_segment(world, segment, other_segment):  # R10
    from tests.factories import BodyFactory

    Segment.objects.filter(pk=other_segment.pk).update(
        created_at=dt.datetime(2021, 3, 1, tzinfo=dt.UTC)
    )  # another body's older segment does not count
    Segment.objects.filter(pk=segment.pk).update(
        created_at=dt.datetime(2024, 12, 31, 23, 30, tzinfo=dt.UTC)
    )  # 2024, as report_segments counts it
    with time_machine.travel(dt.datetime(2026, 2, 1, tzinfo=dt.UTC)):
        assert selectors.report_years(body=world.body) == [2026, 2025, 2024]
        assert selectors.report_years(body=BodyFactory.create(slug="empty")) == []
