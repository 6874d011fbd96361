"""The data migration that turns a profile attribute's one value into a list of values."""

from __future__ import annotations

import pytest

from tests.migrations import at, migrate

BEFORE = [("segments", "0004_alter_segment_satisfaction_source")]
AFTER = [("segments", "0006_remove_segmentattribute_value")]


@pytest.mark.django_db(transaction=True)
def test_one_value_becomes_a_list_and_the_catalogue_says_which_take_several() -> None:
    with at(BEFORE) as old:
        Body = old.get_model("accounts", "Body")
        Segment = old.get_model("segments", "Segment")
        Attribute = old.get_model("segments", "Attribute")
        body = Body.objects.create(slug="minsoc", short_name="Минсоцзащиты", name="Министерство")
        segment = Segment.objects.create(
            body=body, code="1", name="Семьи", slug="semi", target="direction", direction="support"
        )
        # A transactional test run before this one may have flushed the catalogue the data
        # migration loaded: bring back the two attributes this test reads.
        age, _ = Attribute.objects.get_or_create(
            body=None,
            code="age",
            defaults={"name": "Возраст", "source_kind": "standard", "values": ["36–55 лет"]},
        )
        Attribute.objects.get_or_create(
            body=None,
            code="channel",
            defaults={"name": "Канал", "source_kind": "standard", "values": ["Госуслуги"]},
        )
        old.get_model("segments", "SegmentAttribute").objects.create(
            segment=segment, attribute=age, value="36–55 лет"
        )
        new = migrate(AFTER)
        row = new.get_model("segments", "SegmentAttribute").objects.get()
        assert row.values == ["36–55 лет"]
        Attribute = new.get_model("segments", "Attribute")
        assert Attribute.objects.get(body=None, code="channel").multiple
        assert not Attribute.objects.get(body=None, code="age").multiple
