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


@pytest.mark.django_db(transaction=True)
def test_a_satisfaction_the_ratings_wrote_moves_beside_the_research_one() -> None:  # R9
    import datetime as dt
    from decimal import Decimal

    with at([("segments", "0007_capacity_direction")]) as old:
        Body = old.get_model("accounts", "Body")
        Segment = old.get_model("segments", "Segment")
        body = Body.objects.create(slug="minsoc-r9", short_name="Минсоцзащиты", name="Министерство")
        made = {
            code: Segment.objects.create(
                body=body,
                code=code,
                name=code,
                slug=f"s-{code}",
                target="direction",
                direction="support",
                satisfaction=Decimal(value),
                satisfaction_source=source,
                satisfaction_as_of=dt.date(2026, 11, 1),
            )
            for code, value, source in [("1", "3.10", "ratings"), ("2", "4.20", "survey")]
        }
        new = migrate([("segments", "0008_ratings_beside_research")])
        Segment = new.get_model("segments", "Segment")
        rated = Segment.objects.get(pk=made["1"].pk)
        assert (rated.ratings_satisfaction, rated.satisfaction) == (Decimal("3.10"), None)
        assert rated.ratings_as_of == dt.date(2026, 11, 1) and rated.satisfaction_source == ""
        surveyed = Segment.objects.get(pk=made["2"].pk)
        assert (surveyed.satisfaction, surveyed.ratings_satisfaction) == (Decimal("4.20"), None)
