"""Life events decided in batches (issue 24; R16): what a batch reads is read once for all
its events, a client's second event in the same batch duplicates nothing, and one bad event
holds up no other."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lib.snils import check_number
from proactive import adapters, scenario, services
from proactive.models import LifeEvent, Offer, StateRecord
from proactive.tests.fixtures import BORN, SNILS, TODAY

if TYPE_CHECKING:
    from conftest import World
    from registry.models import LifeSituation

pytestmark = pytest.mark.django_db


def _citizens(world: World, birth: LifeSituation, count: int, start: int = 0) -> list[str]:
    """``count`` more citizens like the fixture's: confirmed СНИЛС, consent, state data."""
    from accounts.models import Role
    from tests.factories import UserFactory

    numbers = []
    for n in range(start, start + count):
        first_nine = f"{200_000_000 + n:09d}"
        number = f"{first_nine}{check_number(first_nine) % 100:02d}"
        citizen = UserFactory.create(username=f"c{n}", role=Role.CITIZEN, email=f"c{n}@x.test")
        services.client_profile_set(actor=None, user=citizen, snils=number)
        services.client_profile_verify(
            actor=world.servant, user=citizen, snils=number, via="operator"
        )
        services.consent_give(actor=citizen, client=citizen, via="cabinet", life_situation=birth)
        for record in StateRecord.objects.filter(snils=SNILS):
            record.pk, record.snils = None, number
            record.save()
        numbers.append(number)
    return numbers


def _receive(world: World, numbers: list[str]) -> list[int]:
    return [
        services.event_receive(
            system=world.system, kind="birth_registered", snils=number, occurred_on=BORN
        ).pk
        for number in numbers
    ]


def _queries(world: World, birth: LifeSituation, count: int, start: int) -> int:
    ids = _receive(world, _citizens(world, birth, count, start))
    with time_machine.travel(TODAY, tick=False), CaptureQueriesContext(connection) as seen:
        outcomes = scenario.events_process(event_ids=ids)
    assert set(outcomes.values()) == {"done"}
    return len(seen)


def test_a_batch_reads_once_whatever_its_size(world, birth):
    """The statements of a batch do not grow with its events: one claim, one read of
    each kind, one insert of the offers, one prepared update run for every event."""
    few = _queries(world, birth, 3, start=0)
    many = _queries(world, birth, 12, start=100)
    assert many == few
    assert Offer.objects.filter(status="ready").count() == 3 + 12


def test_a_clients_second_event_in_one_batch_offers_nothing_twice(world, birth):  # R16
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    ids = [  # twins' births reported apart, or a second child: two events of one client
        services.event_receive(
            system=world.system, kind="birth_registered", snils=SNILS, occurred_on=day
        ).pk
        for day in (BORN, BORN - dt.timedelta(days=1))
    ]
    with time_machine.travel(TODAY, tick=False):
        outcomes = scenario.events_process(event_ids=ids)
    assert list(outcomes.values()) == ["done", "done"]
    pending = Offer.objects.filter(client=world.citizen, status__in=["ready", "form"])
    assert pending.count() == len(set(pending.values_list("service_id", flat=True))) == 3


def test_one_bad_event_holds_up_no_other(world, birth, monkeypatch):
    numbers = _citizens(world, birth, 3)
    ids = _receive(world, numbers)
    bad = LifeEvent.objects.get(pk=ids[1])
    real = scenario.decide

    def breaks_on_the_bad_one(event, *args, **kwargs):
        if event.pk == bad.pk:
            raise RuntimeError("a rule failed on this event")
        return real(event, *args, **kwargs)

    monkeypatch.setattr(scenario, "decide", breaks_on_the_bad_one)
    with time_machine.travel(TODAY, tick=False):
        done = services.events_sweep()
    assert done == 2
    statuses = dict(LifeEvent.objects.values_list("pk", "status"))
    assert statuses[ids[0]] == statuses[ids[2]] == "done"
    assert statuses[bad.pk] == "processing"  # retried once stale, as any


def test_nobody_is_asked_about_a_client_who_did_not_consent(world, birth, monkeypatch):  # R15
    """The platform knows the citizen (confirmed СНИЛС), but he has not consented: the
    registries are not asked about him."""
    asked: list[set[str]] = []
    real = adapters.facts_for_many

    def spy(snils, names):
        asked.append(set(snils))
        return real(snils, names)

    monkeypatch.setattr(adapters, "facts_for_many", spy)
    ids = _receive(world, [SNILS])  # the fixture's citizen: confirmed, no consent
    with time_machine.travel(TODAY, tick=False):
        assert scenario.events_process(event_ids=ids) == {ids[0]: "no_consent"}
    assert asked == [set()]


@pytest.mark.django_db(transaction=True)
def test_a_notice_that_fails_leaves_the_batch_done_and_the_others_sent(
    world, birth, monkeypatch, mailoutbox
):
    """One refused message must not undo a committed batch nor silence the rest."""
    numbers = _citizens(world, birth, 3)
    ids = _receive(world, numbers)
    from mailings import services as mailings

    real = mailings._deliver

    def flaky(address, channel, to, *args, **kwargs):
        if to == "c1@x.test":
            raise ConnectionError("SMTP refused")
        return real(address, channel, to, *args, **kwargs)

    monkeypatch.setattr(mailings, "_deliver", flaky)
    with time_machine.travel(TODAY, tick=False):
        assert set(scenario.events_process(event_ids=ids).values()) == {"done"}
    assert set(LifeEvent.objects.values_list("status", flat=True)) == {"done"}
    assert sorted(m.to[0] for m in mailoutbox) == ["c0@x.test", "c2@x.test"]


def test_granted_functions_ask_for_ratings_in_one_insert_whatever_the_batch(world, birth):
    """Seed 004 §5.1.6 on the runner's hot path: a batch's granted functions get their
    rating links with one read and one insert, not a few queries each."""
    from feedback.models import Invitation
    from registry.models import Service

    Service.objects.filter(slug="materinskiy-kapital").update(kind=Service.Kind.FUNCTION)
    StateRecord.objects.filter(name="has_maternity_certificate").delete()
    few = _queries(world, birth, 3, start=200)
    StateRecord.objects.filter(name="has_maternity_certificate").delete()
    many = _queries(world, birth, 12, start=300)
    assert many == few
    assert Invitation.objects.filter(service__slug="materinskiy-kapital").count() == 3 + 12
