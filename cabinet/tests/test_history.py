"""A client's history in one place (seed 000; issue 23): events, offers and decisions,
answers, consents, visits and ratings in one timeline, only the client's own."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.core import mail

from proactive import services
from proactive.models import Offer
from proactive.tests.fixtures import BORN, SNILS, TODAY

pytestmark = pytest.mark.django_db

URL = "/kabinet/istoriya/"


def _journey(world, birth, django_capture_on_commit_callbacks) -> Offer:
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    with time_machine.travel(TODAY, tick=False):
        event = services.event_receive(
            system=world.system, kind="birth_registered", snils=SNILS, occurred_on=BORN
        )
        services.event_process(event_id=event.pk)
    offer = Offer.objects.get(service__slug="posobie-pri-rozhdenii")
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_confirm(actor=world.citizen, offer=offer)
    return offer


def test_the_timeline_shows_each_step_of_the_journey(
    client, world, birth, django_capture_on_commit_callbacks
):
    offer = _journey(world, birth, django_capture_on_commit_callbacks)
    (invitation,) = [m for m in mail.outbox if m.subject == "Оцените услугу"]
    token = str(invitation.body).split("/o/i/", 1)[1].split("/", 1)[0]
    client.post(
        "/api/v1/ratings", {"invitation": token, "csat": 4}, content_type="application/json"
    )
    client.force_login(world.citizen)
    html = client.get(URL).content.decode()
    history = html[html.index('id="history"') :]
    for step in (
        "Согласие дано",
        "Мы узнали: ",
        offer.summary,
        "Подтверждено",
        "Вы оценили: Пособие при рождении — 4 из 5",
        "Сейчас нельзя",  # the refusal of «Единое пособие» is part of it too
    ):
        assert step in history, step
    assert history.index("Вы оценили") < history.index("Согласие дано")  # newest first


def test_nobody_sees_another_clients_history(
    client, world, birth, django_capture_on_commit_callbacks
):
    _journey(world, birth, django_capture_on_commit_callbacks)
    client.force_login(world.business)
    html = client.get(URL).content.decode()
    assert "Пособие при рождении" not in html and "Согласие дано" not in html
    client.force_login(world.analyst)  # staff acting for the body: not a client page
    assert client.get(URL).status_code == 403


def test_a_cancelled_visit_and_a_granted_function_read_as_they_happened(
    client, world, birth, django_capture_on_commit_callbacks
):
    from proactive.models import StateRecord
    from registry.models import Service
    from tests.factories import TouchpointFactory

    Service.objects.filter(slug="materinskiy-kapital").update(kind=Service.Kind.FUNCTION)
    StateRecord.objects.filter(name="has_maternity_certificate").delete()
    offer = _journey(world, birth, django_capture_on_commit_callbacks)
    point = TouchpointFactory.create(body=world.body, kind="reception", title="Приёмная на Ленина")
    refused = Offer.objects.get(service__slug="edinoe-posobie")
    slot = services.free_slots(point)[0]
    booking = services.booking_make(
        actor=world.citizen, offer=refused, touchpoint_id=point.pk, starts_at=slot
    )
    services.booking_cancel(actor=world.citizen, booking=booking)
    client.force_login(world.citizen)
    html = client.get(URL).content.decode()
    history = html[html.index('id="history"') :]
    assert history.count(booking.when) == 2  # booked, then cancelled — in the office's time
    assert "отменена" in history and "Запись на приём" in history
    assert history.count("Назначено без заявления") == 1  # a grant is one step, not two
    assert offer.summary in history


def test_a_rating_tied_to_the_account_some_other_way_is_not_shown(client, world, birth, place):
    """152-ФЗ: an invitation a system made by СНИЛС may have reached someone else."""
    from feedback.models import Rating
    from feedback.tests.fixtures import rate

    rate(place.service, 2)
    Rating.objects.update(client=world.citizen)  # tied to the account, not by a delivery
    client.force_login(world.citizen)
    assert "Вы оценили" not in client.get(URL).content.decode()


def _portal_key(world: Any) -> str:
    """A key the body's administrator gave the right to pass the author's СНИЛС."""
    from accounts.models import Scope
    from accounts.services import api_key_issue

    _key, raw = api_key_issue(
        actor=None,
        system=world.system,
        name="портал",
        scopes=[Scope.APPEALS_SUBMIT, Scope.APPEALS_IDENTIFIED],
    )
    return raw


def _appeal(client: Any, world: Any, key: str | None = None, **extra: str) -> Any:
    return client.post(
        "/api/v1/appeals",
        {
            "kind": "appeal",
            "channel": "portal",
            "text": "Когда придёт пособие на сына?",
            "author_contact": "mama@example.org",
            **extra,
        },
        content_type="application/json",
        HTTP_X_API_KEY=key or _portal_key(world),
    )


def test_an_appeal_with_the_clients_confirmed_snils_and_its_answer_are_in_the_history(
    client, world, birth
):
    """Seed 000, issue 23: the appeal the portal passed after a Госуслуги sign-in stands in
    the client's timeline, and so does the answer; another client sees neither."""
    from inbox import services as inbox
    from inbox.models import Item

    response = _appeal(client, world, client_snils="112-233-445 95")
    assert response.status_code == 201
    item = Item.objects.get()
    assert item.client == world.citizen
    inbox.answer_send(
        actor=world.analyst, item=item, text="Пособие придёт до 15 числа. Проверьте счёт."
    )
    client.force_login(world.citizen)
    html = client.get(URL).content.decode()
    history = html[html.index('id="history"') :]
    assert "Вы написали в " in history and "Когда придёт пособие на сына?" in history
    assert "ответил на ваше обращение" in history
    assert "Пособие придёт до 15 числа." in history
    assert history.index("ответил на ваше обращение") < history.index("Вы написали в ")

    client.force_login(world.business)
    assert "Когда придёт пособие на сына?" not in client.get(URL).content.decode()


def test_an_appeal_with_someone_elses_snils_links_to_no_one(client, world, birth):
    """A number of no confirmed client links nothing and is not refused, so a system
    cannot learn who has an account."""
    from inbox.models import Item

    response = _appeal(client, world, client_snils="123-456-789 64")
    assert response.status_code == 201
    assert Item.objects.get().client is None


def test_a_malformed_snils_is_refused_naming_the_field(client, world, birth):
    from inbox.models import Item

    response = _appeal(client, world, client_snils="123-456-789 00")
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "client_snils"
    assert "контрольное число" in error["message"]
    assert not Item.objects.exists()


def test_only_a_key_given_the_right_may_pass_the_authors_snils(client, world, birth):
    """Anyone else could put a stranger's words into a citizen's history: a key without
    the right (given only on purpose), a person's session and a channel where nobody
    signs in are refused on ``client_snils``, and nothing is saved."""
    from inbox.models import Item

    plain = _appeal(client, world, key=world.system_key, client_snils="112-233-445 95")
    assert plain.status_code == 422
    assert plain.json()["detail"][0]["field"] == "client_snils"
    by_mail = _appeal(client, world, channel="email", client_snils="112-233-445 95")
    assert by_mail.status_code == 422
    assert "портала или виджета" in by_mail.json()["detail"][0]["message"]
    client.force_login(world.analyst)
    session = client.post(
        "/api/v1/appeals",
        {"kind": "appeal", "channel": "portal", "text": "Т", "client_snils": "112-233-445 95"},
        content_type="application/json",
    )
    assert session.status_code in (403, 422)
    assert not Item.objects.exists()


def test_the_client_takes_an_appeal_that_is_not_theirs_out_of_the_history(client, world, birth):
    from audit.models import AuditEvent
    from inbox.models import Item

    _appeal(client, world, client_snils="112-233-445 95")
    item = Item.objects.get()
    client.force_login(world.citizen)
    assert "Это не моё обращение" in client.get(URL).content.decode()
    response = client.post(f"/kabinet/istoriya/appeals/{item.pk}/not-mine/")
    assert response.status_code == 302
    assert "Когда придёт пособие на сына?" not in client.get(URL).content.decode()
    item.refresh_from_db()
    assert item.client is None and item.text == "Когда придёт пособие на сына?"
    assert AuditEvent.objects.filter(action="inbox.client_unlinked", actor=world.citizen).exists()
    client.force_login(world.business)  # another client: as if it did not exist
    assert client.post(f"/kabinet/istoriya/appeals/{item.pk}/not-mine/").status_code == 404


def test_a_changed_number_takes_the_old_numbers_appeals_away(client, world, birth):
    """As events and offers: the history shows what the number confirmed now brought."""
    from proactive.models import ClientProfile

    _appeal(client, world, client_snils="112-233-445 95")
    ClientProfile.objects.filter(user=world.citizen).update(snils_verified_at=None)
    client.force_login(world.citizen)
    assert "Когда придёт пособие на сына?" not in client.get(URL).content.decode()
