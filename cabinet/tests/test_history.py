"""A client's history in one place (seed 000; issue 23): events, offers and decisions,
answers, consents, visits and ratings in one timeline, only the client's own."""

from __future__ import annotations

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
