"""Segments from the profiles (R5, R16; issue 23): the client is placed by every attribute
of the segment profiles that a state registry gives, for any life situation; the
registries are asked only for what the profiles use; the client sees why."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from proactive import adapters, segmenting, services
from proactive.engine import Fact, Facts
from proactive.models import LifeEvent, StateRecord
from proactive.tests.fixtures import BORN, SNILS, TODAY
from segments.models import Segment

pytestmark = pytest.mark.django_db


def _segment(world: Any, situation: Any, catalogue: Any, code: str, **values: str) -> Any:
    from segments import services as segment_services

    segment = segment_services.segment_create(
        actor=world.analyst,
        body=world.body,
        code=code,
        name=f"Сегмент {code}",
        target="life_situation",
        life_situation=situation,
    )
    for attribute, value in values.items():
        segment_services.segment_attribute_set(
            actor=world.analyst, segment=segment, attribute=catalogue[attribute], value=value
        )
    # As if finalised (R6, R7 are the segments app's tests): only final profiles place.
    Segment.objects.filter(pk=segment.pk).update(status=Segment.Status.FINAL)
    return segment


def _event(world: Any) -> LifeEvent:
    with time_machine.travel(TODAY, tick=False):
        event = services.event_receive(
            system=world.system, kind="birth_registered", snils=SNILS, occurred_on=BORN
        )
        services.event_process(event_id=event.pk)
    event.refresh_from_db()
    return event


def _records(**values: Any) -> None:
    for name, value in values.items():
        StateRecord.objects.create(
            source=adapters.FACT_SOURCES[name], snils=SNILS, name=name, value=value, as_of=BORN
        )


def test_age_band_from_the_birth_date():  # R5
    on = dt.date(2026, 12, 7)
    assert segmenting.client_attributes(
        Facts([Fact("birth_date", dt.date(1991, 12, 8), "ФРН")]), on
    ) == {"age": "18–35 лет"}  # 34 the day before the 35th birthday
    assert segmenting.client_attributes(
        Facts([Fact("birth_date", dt.date(1961, 1, 1), "ФРН")]), on
    ) == {"age": "56–65 лет"}


def test_a_value_the_catalogue_does_not_know_is_not_guessed():  # R5
    facts = Facts([Fact("settlement_type", "хутор", "ФРН"), Fact("gender", "женский", "ФРН")])
    assert segmenting.client_attributes(facts, dt.date(2026, 1, 1)) == {"gender": "женский"}


def test_the_client_is_placed_by_any_attribute_the_registries_give(world, birth, catalogue):  # R16
    """Not only two facts of «Рождение ребёнка»: here age, the place and employment
    decide, and a profile that says otherwise on any of them is passed over."""
    _records(
        birth_date=(TODAY.date() - dt.timedelta(days=365 * 28)).isoformat(),
        settlement_type="посёлок или село",
        employment="работает по найму",
    )
    _segment(world, birth, catalogue, "A", age="18–35 лет", settlement="город")
    rural = _segment(world, birth, catalogue, "B", age="18–35 лет", settlement="посёлок или село")
    _segment(world, birth, catalogue, "C", employment="не работает")
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    event = _event(world)
    assert event.segment == rural
    assert {w["attribute"]: w["value"] for w in event.segment_why} == {
        "Возраст": "18–35 лет",
        "Тип населённого пункта": "посёлок или село",
    }
    assert {w["source"] for w in event.segment_why} == {"Федеральный регистр населения"}


def test_the_client_sees_why(client, world, birth, catalogue):  # R16
    _segment(world, birth, catalogue, "M", family="многодетная семья")
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    _event(world)
    client.force_login(world.citizen)
    html = client.get("/kabinet/proaktiv/").content.decode()
    assert "Что мы учли о вас" in html
    assert "Семья: многодетная семья (ЕГР ЗАГС)" in html


def test_registries_are_asked_only_what_the_profiles_use(world, birth, catalogue, monkeypatch):
    """152-ФЗ, data minimisation: with no profile using age or gender, nobody's birth date
    or gender is asked for."""
    asked: list[set[str]] = []
    real = adapters.facts_for_many

    def spy(snils: Any, names: Any) -> Any:
        asked.append(set(names))
        return real(snils, names)

    monkeypatch.setattr(adapters, "facts_for_many", spy)
    _segment(world, birth, catalogue, "M", family="многодетная семья")
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    _event(world)
    assert asked and "child_order" in asked[0]
    assert not {"birth_date", "gender", "settlement_type", "employment"} & asked[0]


def test_a_draft_profile_places_nobody_and_asks_for_nothing(world, birth, catalogue):
    """A draft may be anyone's unchecked guess: it neither places the client nor makes the
    registries be asked about them (152-ФЗ)."""
    draft = _segment(world, birth, catalogue, "D", family="многодетная семья")
    Segment.objects.filter(pk=draft.pk).update(status=Segment.Status.DRAFT)
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    assert _event(world).segment is None
    assert segmenting.facts_for_segments(segmenting.segments_for([birth.pk])[birth.pk]) == set()


def test_revoking_the_consent_forgets_what_the_registries_said(world, birth, catalogue):
    _segment(world, birth, catalogue, "M", family="многодетная семья")
    consent = services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    event = _event(world)
    assert event.segment_why
    services.consent_revoke(actor=world.citizen, consent=consent, via="cabinet")
    event.refresh_from_db()
    assert event.segment_why == []


def test_a_future_birth_date_is_not_an_age():
    facts = Facts([Fact("birth_date", dt.date(2030, 1, 1), "ФРН")])
    assert segmenting.client_attributes(facts, dt.date(2026, 12, 7)) == {}


def test_the_why_is_kept_when_a_later_consent_decides_the_event(world, birth, catalogue):
    """The usual order: the event comes first (no consent yet), then the consent."""
    _segment(world, birth, catalogue, "M", family="многодетная семья")
    event = _event(world)
    assert event.status == LifeEvent.Status.NO_CONSENT
    with time_machine.travel(TODAY, tick=False):
        services.consent_give(
            actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
        )
    event.refresh_from_db()
    assert event.segment is not None
    assert {w["value"] for w in event.segment_why} == {"многодетная семья"}
