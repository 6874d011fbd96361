"""A СНИЛС a person typed unlocks nothing until a trusted source confirms it (152-ФЗ);
what a reporting system learns of its events; which events a body may report."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from accounts.models import Role
from audit.models import AuditEvent
from proactive import services
from proactive.models import ClientProfile, LifeEvent, Offer
from proactive.tests.fixtures import BORN, SNILS, TODAY
from tests.factories import UserFactory

OTHER_SNILS = "123-456-789 64"

pytestmark = pytest.mark.django_db(transaction=True)  # processing runs after commit


@pytest.fixture
def intruder(world):
    return UserFactory.create(username="mallory", role=Role.CITIZEN)


def test_a_claimed_snils_of_another_person_shows_none_of_their_data(
    world, birth, intruder, post_event
):
    # The real holder has not signed up; the intruder types their СНИЛС and consents.
    ClientProfile.objects.filter(user=world.citizen).delete()
    client = Client()  # the fixture's client posts the events with the system's key
    client.force_login(intruder)
    saved = client.post("/kabinet/proaktiv/profile/", {"snils": SNILS, "notify_by": "email"})
    assert saved.status_code == 302
    services.consent_give(actor=intruder, client=intruder, via="cabinet", life_situation=birth)
    with time_machine.travel(TODAY, tick=False):
        assert post_event().status_code == 202
    event = LifeEvent.objects.get()
    assert event.client is None and event.status == LifeEvent.Status.UNKNOWN_CLIENT
    assert client.get("/api/v1/offers").json() == []
    page = client.get("/kabinet/proaktiv/").content.decode()
    assert "Мы ещё не сверили ваш СНИЛС с паспортом" in page
    assert BORN.strftime("%d.%m.%Y") not in page and "Материнский" not in page


def test_the_form_never_tells_that_a_snils_belongs_to_someone_else(client, world, birth):
    # world.citizen holds SNILS confirmed; another person typing it gets the same answer
    # as for any number of their own.
    client.force_login(world.business)
    taken = client.post(
        "/kabinet/proaktiv/profile/",
        {"snils": SNILS, "notify_by": "sms", "phone": "+7 916 123-45-67"},
    )
    client.force_login(UserFactory.create(username="dave", role=Role.CITIZEN))
    free = client.post(
        "/kabinet/proaktiv/profile/",
        {"snils": OTHER_SNILS, "notify_by": "sms", "phone": "+7 916 123-45-67"},
    )
    assert (taken.status_code, free.status_code) == (302, 302)
    assert client.get(taken.url).content.decode().count("уже") == client.get(
        free.url
    ).content.decode().count("уже")
    assert not ClientProfile.objects.get(user=world.business).is_verified


def test_an_operator_confirms_a_snils_and_only_then_offers_come(world, birth, intruder, post_event):
    ClientProfile.objects.filter(user=world.citizen).delete()
    services.client_profile_set(actor=world.citizen, user=world.citizen, snils=SNILS)
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    with time_machine.travel(TODAY, tick=False):
        post_event(key="before")
    assert not Offer.objects.exists()

    world.citizen.last_name = "Пантелеева"
    world.citizen.save()
    client = Client()
    client.force_login(world.servant)
    form = {"username": "charlie", "last_name": "пантелеева", "snils": SNILS}
    bad = client.post("/kabinet/proaktiv/verify/", {**form, "checked": ""})
    assert bad.status_code == 422 and "сверили паспорт" in bad.content.decode()
    typo = client.post(
        "/kabinet/proaktiv/verify/", {**form, "last_name": "Петрова", "checked": "on"}
    )
    assert typo.status_code == 422 and "Фамилия не совпадает" in typo.content.decode()
    ok = client.post("/kabinet/proaktiv/verify/", {**form, "username": "Charlie", "checked": "on"})
    assert ok.status_code == 302
    profile = ClientProfile.objects.get(user=world.citizen)
    assert profile.is_verified and profile.snils_verified_by == world.servant
    audit = AuditEvent.objects.filter(action="proactive.snils_verified").latest("pk")
    assert audit.actor == world.servant and SNILS not in str(audit.changes)
    with time_machine.travel(TODAY, tick=False):
        post_event(key="after")
    assert Offer.objects.filter(client=world.citizen).count() == 4

    # The same number cannot be confirmed for a second account: the operator is told.
    intruder.last_name = "Пантелеева"
    intruder.save()
    clash = client.post(
        "/kabinet/proaktiv/verify/", {**form, "username": "mallory", "checked": "on"}
    )
    assert clash.status_code == 422 and "уже подтверждён" in clash.content.decode()
    assert intruder.pk not in ClientProfile.objects.verified().values_list("user", flat=True)


def test_changing_a_confirmed_snils_needs_a_new_confirmation(world, birth, post_event):
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    with time_machine.travel(TODAY, tick=False):
        post_event()
    client = Client()
    client.force_login(world.citizen)
    client.post(
        "/kabinet/proaktiv/profile/", {"snils": "", "notify_by": "sms", "phone": "+7 916 123-45-67"}
    )
    assert ClientProfile.objects.get(user=world.citizen).is_verified  # only the channel
    offer = Offer.objects.filter(client=world.citizen, status="ready").first()
    assert offer is not None
    assert client.get(f"/kabinet/proaktiv/offers/{offer.pk}/").status_code == 200

    changed = client.post(
        "/kabinet/proaktiv/profile/",
        {"snils": OTHER_SNILS, "notify_by": "sms", "phone": "+7 916 123-45-67"},
        follow=True,
    )
    assert "нужно подтвердить заново" in changed.content.decode()
    assert not ClientProfile.objects.get(user=world.citizen).is_verified
    # Nothing made from the confirmed holder's data is shown or can be answered now.
    assert client.get(f"/kabinet/proaktiv/offers/{offer.pk}/").status_code == 404
    assert client.post(f"/kabinet/proaktiv/offers/{offer.pk}/confirm/").status_code == 404
    assert client.get("/api/v1/offers").json() == []
    page = client.get("/kabinet/proaktiv/").content.decode()
    assert "Пособие при рождении" not in page and "charlie" in page
    assert not Offer.objects.filter(client=world.citizen, status__in=["ready", "form"]).exists()


@pytest.mark.parametrize("role", ["citizen", "analyst", "head", "system"])
def test_only_reception_staff_confirm_a_snils(client, world, role):
    client.force_login(getattr(world, role))
    assert client.get("/kabinet/proaktiv/verify/").status_code == 403


def test_every_accepted_event_is_answered_alike(world, birth, post_event):
    """The sender must not learn whether the person uses the platform or consented — from
    the answer, nor from how long it took (the event is processed after the answer)."""
    with time_machine.travel(TODAY, tick=False):
        without_consent = post_event(key="a").json()
        unknown = post_event(key="b", snils="999-999-999 01").json()
        statuses = set(LifeEvent.objects.values_list("status", flat=True))
        assert statuses == {"no_consent", "unknown_client"}  # kept for the body's figures
        services.consent_give(
            actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
        )
        with_offers = post_event(key="c").json()
    answers = [without_consent, unknown, with_offers]
    assert {a["status"] for a in answers} == {"accepted"}
    assert all(set(a) == {"id", "kind", "status", "occurred_on", "received_at"} for a in answers)
    # The consent decided the event that came without it (issue 16, item 6).
    statuses = set(LifeEvent.objects.values_list("status", flat=True))
    assert statuses == {"unknown_client", "done"}


def test_a_system_reports_only_the_events_its_body_is_the_source_of(world, birth, post_event):
    from proactive.models import Trigger

    Trigger.objects.create(
        kind="job_lost", title="Прекращён трудовой договор", life_situation=birth
    )
    with time_machine.travel(TODAY, tick=False):
        refused = post_event(key="job", kind="job_lost")
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["field"] == "kind"
    assert "не отмечен источником" in refused.json()["detail"][0]["message"]
    assert not LifeEvent.objects.filter(kind="job_lost").exists()


@pytest.mark.parametrize("snils", ["112-233-445 96", "١١٢٢٣٣٤٤٥٩٥"])
def test_an_event_with_a_wrong_snils_is_refused(world, birth, post_event, snils):
    with time_machine.travel(TODAY, tick=False):
        response = post_event(key="x", snils=snils)
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "snils"


def test_the_body_administrator_sets_the_event_sources(client, world, birth):
    from proactive.models import Trigger

    Trigger.objects.create(
        kind="job_lost", title="Прекращён трудовой договор", life_situation=birth
    )
    client.force_login(world.analyst)
    assert client.get("/kabinet/proaktiv/sources/").status_code == 403
    client.force_login(world.body_admin)
    page = client.get("/kabinet/proaktiv/sources/").content.decode()
    assert "Прекращён трудовой договор" in page
    client.post("/kabinet/proaktiv/sources/", {"kinds": ["birth_registered", "job_lost"]})
    from proactive.selectors import event_sources_of

    assert sorted(event_sources_of(world.body)) == ["birth_registered", "job_lost"]
    assert event_sources_of(world.other_body) == []
    assert AuditEvent.objects.filter(action="proactive.event_sources").exists()
    # A kind the registry does not have is refused, and the marks stay as they were.
    refused = client.post("/kabinet/proaktiv/sources/", {"kinds": ["birth_registered", "x_y"]})
    assert refused.status_code == 422
    assert sorted(event_sources_of(world.body)) == ["birth_registered", "job_lost"]


def test_a_corrected_number_does_not_bring_back_the_previous_ones_data(world, birth, post_event):
    """The operator confirmed a wrong number; the client corrects it and it is confirmed:
    nothing made from the wrong number's registry data shows again."""
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    with time_machine.travel(TODAY, tick=False):
        post_event()
    refused = Offer.objects.filter(client=world.citizen, status="refused").first()
    assert refused is not None
    services.client_profile_verify(
        actor=world.servant, user=world.citizen, snils=OTHER_SNILS, via="operator"
    )
    client = Client()
    client.force_login(world.citizen)
    assert client.get("/api/v1/offers").json() == []
    assert client.get(f"/kabinet/proaktiv/offers/{refused.pk}/").status_code == 404
    page = client.get("/kabinet/proaktiv/").content.decode()
    assert "Рождение ребёнка" not in page.split('id="consents"')[0]


def test_a_login_differing_only_in_case_is_not_guessed_between_two(world):
    from proactive.selectors import client_by_username

    UserFactory.create(username="Ivanov", role=Role.CITIZEN)
    UserFactory.create(username="ivanov", role=Role.CITIZEN)
    UserFactory.create(username="Petrov", role=Role.CITIZEN)
    exact = client_by_username("Ivanov")
    assert exact is not None and exact.username == "Ivanov"  # the exact login
    assert client_by_username("IVANOV") is None  # two alike: no guess
    alike = client_by_username("petrov")
    assert alike is not None and alike.username == "Petrov"  # one alike


def test_the_operator_sees_every_problem_at_once(world):
    client = Client()
    client.force_login(world.servant)
    page = client.post(
        "/kabinet/proaktiv/verify/",
        {"username": "nobody", "last_name": "Иванова", "snils": "123", "checked": ""},
    ).content.decode()
    for problem in ("не найдена", "11 цифр", "сверили паспорт"):
        assert problem in page


def test_an_operator_does_not_confirm_his_own_snils_but_a_colleague_may(world):  # R16
    """A civil servant is also a client (seed 000): his СНИЛС is confirmed like anyone's,
    by somebody else who has seen his passport."""
    servant = world.servant
    servant.last_name = "Сидоров"
    servant.save()
    services.client_profile_set(actor=servant, user=servant, snils=SNILS)
    client = Client()
    client.force_login(servant)
    form = {"username": servant.username, "last_name": servant.last_name, "snils": SNILS}
    own = client.post("/kabinet/proaktiv/verify/", {**form, "checked": "on"})
    assert own.status_code == 422 and "Свой СНИЛС подтверждает другой сотрудник" in own.text
    assert not ClientProfile.objects.get(user=servant).is_verified
    colleague = UserFactory.create(username="colleague", role=Role.CIVIL_SERVANT, body=world.body)
    client.force_login(colleague)
    ok = client.post("/kabinet/proaktiv/verify/", {**form, "checked": "on"})
    assert ok.status_code == 302
    assert ClientProfile.objects.get(user=servant).snils_verified_by == colleague
