"""Segment reads for other apps: a body's own segments only."""

import pytest
from django.core.exceptions import ValidationError

from segments import selectors, services


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
