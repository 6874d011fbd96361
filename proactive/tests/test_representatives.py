"""Acting for another person (001: a client acts «самостоятельно или через представителя»):
the client invites a representative by their СНИЛС for chosen life situations — nobody is
looked up, the same answer whoever holds the number; the person whose confirmed number it
is accepts; then they answer the client's offers there from their own cabinet, every
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


def _accept_and_act(client: Any, grandma: Any) -> Representation:
    representation = Representation.objects.get(revoked_at__isnull=True)
    client.force_login(grandma)
    assert (
        client.post(f"/kabinet/proaktiv/representatives/{representation.pk}/accept/").status_code
        == 302
    )
    client.post(f"/kabinet/proaktiv/representatives/{representation.pk}/act/")
    assert "Вы действуете за другого человека" in client.get("/kabinet/").content.decode()
    return representation


def _other_situation(world: Any) -> Any:
    """A published «Переезд» of two steps: a situation outside the representation."""
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
    return other


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
    given = client.get("/kabinet/proaktiv/representatives/").content.decode()
    assert "ждёт согласия" in given and grandma.display_name not in given

    client.force_login(grandma)
    page = client.get("/kabinet/proaktiv/representatives/").content.decode()
    assert "Вас приглашают быть представителем" in page
    assert world.citizen.display_name in page
    _accept_and_act(client, grandma)
    cabinet = client.get("/kabinet/proaktiv/").content.decode()
    assert "Вы действуете за другого человека" in cabinet and offer.summary in cabinet
    assert client.post(f"/kabinet/proaktiv/offers/{offer.pk}/confirm/").status_code == 302

    offer.refresh_from_db()
    assert offer.status == Offer.Status.CONFIRMED and offer.answered_by == grandma
    event = AuditEvent.objects.get(action="proactive.offer_confirmed")
    assert event.actor == grandma
    assert event.changes["on_behalf_of"] == world.citizen.display_name
    assert AuditEvent.objects.filter(
        action="proactive.representation_acting", actor=grandma
    ).exists()
    # The client sees who answered for them, and now the representative's name.
    client.force_login(world.citizen)
    history = client.get("/kabinet/istoriya/").content.decode()
    assert f"Подтверждено — за вас: {grandma.display_name}" in history
    assert grandma.display_name in client.get("/kabinet/proaktiv/representatives/").content.decode()


def test_nothing_outside_the_chosen_situations(client, world, birth, grandma, offer):

    other = _other_situation(world)
    client.force_login(world.citizen)
    _give(client, [other])
    _accept_and_act(client, grandma)  # acting, with the banner — but for «Переезд» only
    assert offer.summary not in client.get("/kabinet/proaktiv/").content.decode()
    assert client.get(f"/kabinet/proaktiv/offers/{offer.pk}/").status_code == 404
    assert client.post(f"/kabinet/proaktiv/offers/{offer.pk}/confirm/").status_code == 404
    offer.refresh_from_db()
    assert offer.status == Offer.Status.READY


def test_revoking_ends_the_acting_at_once(client, world, birth, grandma, offer):
    client.force_login(world.citizen)
    _give(client, [birth])
    rep_client = type(client)()
    representation = _accept_and_act(rep_client, grandma)
    assert rep_client.get(f"/kabinet/proaktiv/offers/{offer.pk}/").status_code == 200
    client.post(f"/kabinet/proaktiv/representatives/{representation.pk}/revoke/")
    assert rep_client.post(f"/kabinet/proaktiv/offers/{offer.pk}/confirm/").status_code == 404
    assert (
        "Вы действуете за другого человека"
        not in rep_client.get("/kabinet/proaktiv/").content.decode()
    )
    offer.refresh_from_db()
    assert offer.status == Offer.Status.READY


def test_nobody_learns_whose_snils_it_is(client, world, birth, grandma):
    """The same answer for a number of nobody and for a confirmed one; the name shows only
    once the person accepts (152-ФЗ)."""
    client.force_login(world.citizen)
    nobody = client.get("/", follow=False)
    answers = []
    for number in ("987-654-321 83", REP_SNILS):
        response = _give(client, [birth], snils=number)
        assert response.status_code == 302
        answers.append(client.get(response["Location"]).content.decode())
    assert all("Приглашение отправлено" in a for a in answers)
    assert grandma.display_name not in answers[1]
    assert nobody.status_code == 200


def test_a_bad_invitation_is_explained_next_to_its_field(client, world, birth, grandma):
    client.force_login(world.citizen)
    bad = _give(client, [birth], snils="123-456-789 00")
    assert bad.status_code == 422 and "контрольное число" in bad.content.decode()
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
    for action in ("accept", "act", "revoke"):
        url = f"/kabinet/proaktiv/representatives/{representation.pk}/{action}/"
        assert client.post(url).status_code == 404
    client.force_login(grandma)  # not accepted yet: nothing to act under
    client.post(f"/kabinet/proaktiv/representatives/{representation.pk}/act/")
    assert "Вы действуете за другого человека" not in client.get("/kabinet/").content.decode()


def test_a_representative_declines_and_fills_the_form_for_the_client(
    client, world, birth, grandma, offer
):
    from proactive.models import Offer as OfferModel

    client.force_login(world.citizen)
    _give(client, [birth])
    _accept_and_act(client, grandma)
    assert client.post(f"/kabinet/proaktiv/offers/{offer.pk}/decline/").status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferModel.Status.DECLINED and offer.answered_by == grandma
    assert AuditEvent.objects.get(action="proactive.offer_declined").actor == grandma


def test_the_service_refuses_a_situation_outside_the_representation(world, birth, grandma, offer):
    """Below the page's 404: the service itself checks the situations."""
    from django.core.exceptions import ValidationError

    representation = Representation.objects.create(
        principal=world.citizen, representative_snils="12345678964", kind="trusted"
    )
    Representation.objects.filter(pk=representation.pk).update(
        representative=grandma, accepted_at=offer.created_at
    )
    representation.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.offer_confirm(actor=grandma, offer=offer, on_behalf=representation)
    assert "не входит в ваше представительство" in refused.value.messages[0]


def test_a_business_cannot_invite_here(client, world, birth):
    client.force_login(world.business)
    assert (
        "администратор платформы"
        in client.get("/kabinet/proaktiv/representatives/").content.decode()
    )
    _give(client, [birth])
    assert not Representation.objects.exists()


def test_a_representative_gives_and_revokes_the_clients_consent(
    client, world, birth, grandma
):  # R15
    from proactive.models import Consent

    client.force_login(world.citizen)
    _give(client, [birth])
    _accept_and_act(client, grandma)
    cabinet = client.get("/kabinet/proaktiv/").content.decode()
    assert "Дать согласие за этого человека" in cabinet
    assert client.post("/kabinet/proaktiv/", {"life_situation": str(birth.pk)}).status_code == 302
    consent = Consent.objects.get(client=world.citizen, life_situation=birth)
    given = AuditEvent.objects.get(action="proactive.consent_given")
    assert given.actor == grandma and given.changes["on_behalf_of"] == world.citizen.display_name
    assert not Consent.objects.filter(client=grandma).exists()

    assert client.post(f"/kabinet/proaktiv/consents/{consent.pk}/revoke/").status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    revoked = AuditEvent.objects.get(action="proactive.consent_revoked")
    assert revoked.actor == grandma and revoked.changes["on_behalf_of"]


def test_a_consent_outside_the_chosen_situations_is_refused(client, world, birth, grandma):
    from proactive import services as proactive
    from proactive.models import Consent
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
    registry.step_add(
        actor=world.analyst, life_situation=other, service=ServiceFactory.create(body=world.body)
    )
    registry.life_situation_publish(actor=world.analyst, life_situation=other)
    own = proactive.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=other
    )
    client.force_login(world.citizen)
    _give(client, [birth])
    _accept_and_act(client, grandma)
    assert client.post("/kabinet/proaktiv/", {"life_situation": str(other.pk)}).status_code == 422
    assert client.post(f"/kabinet/proaktiv/consents/{own.pk}/revoke/").status_code == 404
    own.refresh_from_db()
    assert own.revoked_at is None
    assert not Consent.objects.filter(client=world.citizen, life_situation=birth).exists()


def _visit(point: Any, n: int = 0) -> dict[str, Any]:
    slot = services.free_slots(point)[n]
    return {"touchpoint": point.pk, "day": slot.date().isoformat(), "slot": slot.isoformat()}


def test_a_representative_books_moves_and_cancels_the_clients_visit(
    client, world, birth, grandma, offer
):
    """001: a visit is booked «самостоятельно или через представителя»; the booking is the
    client's, the client sees who made it, the audit names both."""
    from proactive.models import Booking
    from tests.factories import TouchpointFactory

    # a refusal: the client may want to come in person to appeal it
    offer = Offer.objects.get(client=world.citizen, service__slug="edinoe-posobie")
    here = TouchpointFactory.create(body=offer.service.body, kind="reception", title="Приёмная")
    client.force_login(world.citizen)
    _give(client, [birth])
    _accept_and_act(client, grandma)
    page = client.get(f"/kabinet/proaktiv/offers/{offer.pk}/").content.decode()
    assert "Записаться на приём" in page and "Приёмная" in page
    assert (
        client.post(f"/kabinet/proaktiv/offers/{offer.pk}/book/", _visit(here)).status_code == 302
    )
    booking = Booking.objects.active().get()
    assert (booking.client, booking.booked_by) == (world.citizen, grandma)
    booked = AuditEvent.objects.get(action="proactive.visit_booked")
    assert booked.actor == grandma and booked.changes["on_behalf_of"] == world.citizen.display_name
    assert booking.when in client.get("/kabinet/proaktiv/").content.decode()

    moved = client.post(f"/kabinet/proaktiv/bookings/{booking.pk}/move/", _visit(here, 2))
    assert moved.status_code == 302
    assert AuditEvent.objects.get(action="proactive.visit_moved").actor == grandma

    # The client sees the visit in their own cabinet and who booked it for them.
    own = type(client)()
    own.force_login(world.citizen)
    cabinet = own.get("/kabinet/proaktiv/").content.decode()
    assert f"Записал(а) за вас: {grandma.display_name}" in cabinet

    assert client.post(f"/kabinet/proaktiv/bookings/{booking.pk}/cancel/").status_code == 302
    booking.refresh_from_db()
    assert booking.cancelled_at is not None and booking.cancelled_by == grandma
    history = own.get("/kabinet/istoriya/").content.decode()
    assert history.count(f"за вас: {grandma.display_name}") >= 2  # booked, and cancelled


def test_a_representative_cannot_touch_a_visit_outside_the_chosen_situations(
    client, world, birth, grandma, offer
):
    from proactive.models import Booking
    from tests.factories import TouchpointFactory

    offer = Offer.objects.get(client=world.citizen, service__slug="edinoe-posobie")  # refused
    here = TouchpointFactory.create(body=offer.service.body, kind="reception")
    client.force_login(world.citizen)
    assert (
        client.post(f"/kabinet/proaktiv/offers/{offer.pk}/book/", _visit(here)).status_code == 302
    )
    booking = Booking.objects.active().get()
    other = _other_situation(world)
    _give(client, [other])
    _accept_and_act(client, grandma)
    assert booking.when not in client.get("/kabinet/proaktiv/").content.decode()
    assert client.get(f"/kabinet/proaktiv/bookings/{booking.pk}/move/").status_code == 404
    assert client.post(f"/kabinet/proaktiv/bookings/{booking.pk}/cancel/").status_code == 404
    assert (
        client.post(f"/kabinet/proaktiv/offers/{offer.pk}/book/", _visit(here, 1)).status_code
        == 404
    )
    booking.refresh_from_db()
    assert booking.cancelled_at is None

    # Below the pages: the service checks the situation too.
    from django.core.exceptions import ValidationError

    representation = Representation.objects.get(revoked_at__isnull=True)
    with pytest.raises(ValidationError) as refused:
        services.booking_cancel(actor=grandma, booking=booking, on_behalf=representation)
    assert "не входит в ваше представительство" in refused.value.messages[0]


def test_the_client_moves_and_cancels_a_visit_their_representative_booked(
    client, world, birth, grandma, offer
):
    """Who booked stays on the booking when the client moves it; the client's own cancel
    names nobody else."""
    from proactive.models import Booking
    from tests.factories import TouchpointFactory

    refused = Offer.objects.get(client=world.citizen, service__slug="edinoe-posobie")
    here = TouchpointFactory.create(body=refused.service.body, kind="reception")
    client.force_login(world.citizen)
    _give(client, [birth])
    representation = _accept_and_act(client, grandma)
    booking = services.booking_make(
        actor=grandma,
        offer=refused,
        touchpoint_id=here.pk,
        starts_at=services.free_slots(here)[0],
        on_behalf=representation,
    )
    again = client.post(f"/kabinet/proaktiv/offers/{refused.pk}/book/", _visit(here, 1))
    assert again.status_code == 422 and "Запись уже есть" in again.content.decode()
    own = type(client)()
    own.force_login(world.citizen)
    moved = own.post(f"/kabinet/proaktiv/bookings/{booking.pk}/move/", _visit(here, 2))
    assert moved.status_code == 302
    booking.refresh_from_db()
    assert booking.booked_by == grandma  # who made it, not who moved it
    assert own.post(f"/kabinet/proaktiv/bookings/{booking.pk}/cancel/").status_code == 302
    booking.refresh_from_db()
    assert booking.cancelled_at is not None and booking.cancelled_by is None
    assert not Booking.objects.active().exists()


def test_no_visit_for_an_offer_that_needs_none(world, birth, offer):
    """A visit is for a refusal, a short form or an ordinary application; a one-click offer
    is refused a booking by the service itself, not only by the page."""
    from django.core.exceptions import ValidationError

    from tests.factories import TouchpointFactory

    here = TouchpointFactory.create(body=offer.service.body, kind="reception")
    with pytest.raises(ValidationError) as refused:
        services.booking_make(
            actor=world.citizen,
            offer=offer,
            touchpoint_id=here.pk,
            starts_at=services.free_slots(here)[0],
        )
    assert "Приходить не нужно" in refused.value.messages[0]


def test_a_moved_visit_shows_in_the_clients_history(client, world, birth, grandma, offer):
    """The history says when a visit was moved and by whom, not only where it stands."""
    from tests.factories import TouchpointFactory

    refused = Offer.objects.get(client=world.citizen, service__slug="edinoe-posobie")
    here = TouchpointFactory.create(body=refused.service.body, kind="reception")
    client.force_login(world.citizen)
    _give(client, [birth])
    representation = _accept_and_act(client, grandma)
    booking = services.booking_make(
        actor=world.citizen,
        offer=refused,
        touchpoint_id=here.pk,
        starts_at=services.free_slots(here)[0],
    )
    services.booking_move(
        actor=grandma,
        booking=booking,
        touchpoint_id=here.pk,
        starts_at=services.free_slots(here)[3],
        on_behalf=representation,
    )
    own = type(client)()
    own.force_login(world.citizen)
    history = own.get("/kabinet/istoriya/").content.decode()
    assert "Запись перенесена" in history and f"за вас: {grandma.display_name}" in history


def test_the_banner_says_which_pages_are_the_representatives_own(client, world, birth, grandma):
    """While acting, the client's cabinet is the proactive one; the representative's own
    home and history say they are their own, with the way back to the client's."""
    client.force_login(world.citizen)
    _give(client, [birth])
    _accept_and_act(client, grandma)
    assert "ваши собственные данные" in client.get("/kabinet/istoriya/").content.decode()
    assert "ваши собственные данные" not in client.get("/kabinet/proaktiv/").content.decode()
