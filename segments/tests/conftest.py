from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from accounts.models import User
    from conftest import World
    from segments.models import Attribute, Segment, Study


@pytest.fixture
def segment(world):
    """A draft segment of our body's audience, with no attributes yet."""
    from segments import services

    return services.segment_create(
        actor=world.analyst,
        body=world.body,
        code="1.1",
        name="Многодетные семьи в сёлах",
        target="direction",
        direction="support",
    )


def give_attributes(actor: User, segment: Segment, catalogue: dict[str, Attribute], n: int) -> None:
    from segments import services

    for attribute in list(catalogue.values())[:n]:
        services.segment_attribute_set(
            actor=actor, segment=segment, attribute=attribute, value=attribute.values[0]
        )


def make_final_ready(
    world: World, segment: Segment, catalogue: dict[str, Attribute], *, n_attributes: int = 5
) -> Study:
    """Attributes, a checked hypothesis and a respondent: everything R6 and R7 ask."""
    from segments import services

    give_attributes(world.analyst, segment, catalogue, n_attributes)
    hypothesis = services.hypothesis_add(
        actor=world.analyst, segment=segment, kind="channel", statement="Предпочитают МФЦ"
    )
    study = services.study_create(
        actor=world.analyst, body=world.body, title="Фокус-группа в Тынде", method="focus_group"
    )
    services.respondent_add(
        actor=world.analyst, study=study, code="Р-01", segment=segment, consent=True
    )
    services.finding_add(
        actor=world.analyst,
        study=study,
        hypothesis=hypothesis,
        verdict="confirms",
        text="Семь из восьми участников ходят в МФЦ",
    )
    return study
