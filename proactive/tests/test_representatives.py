"""Acting for another person (001: a client acts «самостоятельно или через представителя»):
the client names a representative by their confirmed СНИЛС for chosen life situations;
the representative answers the client's offers there from their own cabinet, every
action audited with both names; nothing outside those situations; revoked, it ends at once."""

from __future__ import annotations

from typing import Any

import pytest

from audit.models import AuditEvent
from proactive import services
from proactive.models import Offer, Representation

pytestmark = pytest.mark.django_db

REP_SNILS = "123-456-789 64"


@pytest.fixture
def grandma(world: Any) -> Any:
    """A second citizen with a confirmed СНИЛС: the one the client trusts."""
    from tests.factories import UserFactory

    user = UserFactory.create(username="babushka", role="citizen", first_name="Анна")
    services.client_profile_set(actor=None, user=user, snils=REP_SNILS)
    services.client_profile_verify(actor=world.servant, user=user, snils=REP_SNILS, via="operator")
    return user


@pytest.fixture
def offer(world: Any, birth: Any, post_event: Any) -> Offer:
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    post_event()
    return Offer.objects.get(client=world.citizen, service__slug="posobie-pri-rozhdenii")


def _give(client: Any, situations: list[Any], snils: str = REP_SNILS) -> Any:
    return client.post(
        "/kabinet/proaktiv/representatives/",
        {
            "representative_snils": snils,
            "kind": "trusted",
            "life_situations": [str(ls.pk) for ls in situations],
        },
    )


def test_the_representative_confirms_the_clients_offer_and_both_are_recorded(
    client, world, birth, grandma, offer
):
    client.force_login(world.citizen)
    assert _give(client, [birth]).status_code == 302
    representation = Representation.objects.get()

    client.force_login(grandma)
    page = client.get("/kabinet/proaktiv/representatives/").content.decode()
    assert world.citizen.display_name in page
    client.post(f"/kabinet/proaktiv/representatives/{representation.pk}/act/")
    cabinet = client.get("/kabinet/proaktiv/").content.decode()
    assert "Вы действуете за другого человека" in cabinet and offer.summary in cabinet
    assert client.post(f"/kabinet/proaktiv/offers/{offer.pk}/confirm/").status_code == 302

    offer.refresh_from_db()
    assert offer.status == Offer.Status.CONFIRMED
    event = AuditEvent.objects.get(action="proactive.offer_confirmed")
    assert event.actor == grandma
    assert event.changes["on_behalf_of"] == world.citizen.display_name
    assert AuditEvent.objects.filter(
        action="proactive.representation_acting", actor=grandma
    ).exists()


def test_nothing_outside_the_chosen_situations(client, world, birth, grandma, offer):
    from registry import services as registry
    from tests.factories import ServiceFactory

    other = registry.life_situation_create(
        actor=world.analyst,
        owner_body=world.body,
        title="Переезд",
        slug="pereezd",
        start_event="Переезд",
        final_result="Новое жильё",
        time_bound_days=30,
    )
    for slug in ("s1", "s2"):
        registry.step_add(
            actor=world.analyst,
            life_situation=other,
            service=ServiceFactory.create(body=world.body, slug=slug),
        )
    registry.life_situation_publish(actor=world.analyst, life_situation=other)
    client.force_login(world.citizen)
    _give(client, [other])
    representation = Representation.objects.get()
    client.force_login(grandma)
    client.post(f"/kabinet/proaktiv/representatives/{representation.pk}/act/")
    assert offer.summary not in client.get("/kabinet/proaktiv/").content.decode()
    assert client.get(f"/kabinet/proaktiv/offers/{offer.pk}/").status_code == 404
    assert client.post(f"/kabinet/proaktiv/offers/{offer.pk}/confirm/").status_code == 404
    offer.refresh_from_db()
    assert offer.status == Offer.Status.READY


def test_revoking_ends_the_acting_at_once(client, world, birth, grandma, offer):
    client.force_login(world.citizen)
    _give(client, [birth])
    representation = Representation.objects.get()
    rep_client = type(client)()
    rep_client.force_login(grandma)
    rep_client.post(f"/kabinet/proaktiv/representatives/{representation.pk}/act/")
    client.post(f"/kabinet/proaktiv/representatives/{representation.pk}/revoke/")
    assert rep_client.post(f"/kabinet/proaktiv/offers/{offer.pk}/confirm/").status_code == 404
    assert (
        "Вы действуете за другого человека"
        not in rep_client.get("/kabinet/proaktiv/").content.decode()
    )
    offer.refresh_from_db()
    assert offer.status == Offer.Status.READY


def test_a_person_is_named_by_a_confirmed_snils_only(client, world, birth, grandma):
    client.force_login(world.citizen)
    unknown = _give(client, [birth], snils="987-654-321 83")
    assert unknown.status_code == 422
    assert "Нет клиента с таким подтверждённым СНИЛС" in unknown.content.decode()
    own = _give(client, [birth], snils="112-233-445 95")
    assert "Это ваш собственный СНИЛС." in own.content.decode()
    empty = client.post(
        "/kabinet/proaktiv/representatives/",
        {"representative_snils": REP_SNILS, "kind": "", "life_situations": []},
    )
    page = empty.content.decode()
    assert "Выберите, кем вам приходится представитель." in page
    assert "Отметьте хотя бы одну жизненную ситуацию." in page
    assert not Representation.objects.exists()


def test_someone_elses_representation_does_not_exist_for_a_third_person(
    client, world, birth, grandma
):
    client.force_login(world.citizen)
    _give(client, [birth])
    representation = Representation.objects.get()
    client.force_login(world.business)
    assert (
        client.post(f"/kabinet/proaktiv/representatives/{representation.pk}/act/").status_code
        == 404
    )
