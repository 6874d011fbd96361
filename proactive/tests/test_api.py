"""Life events through the API with the IETF Idempotency-Key draft; consents and offers for
the client; bad input is 4xx naming the field."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest

from proactive.models import IdempotencyKey, LifeEvent, Offer
from proactive.tests.fixtures import BORN, SNILS

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db(transaction=True)  # processing runs after commit


def _fields(response: Response) -> set[str]:
    return {e["field"] for e in response.json()["detail"]}


def test_event_is_accepted_then_processed_by_the_runner(client, world, birth, post_event):
    from proactive import services

    services.consent_give(
        actor=world.citizen, client=world.citizen, via="api", life_situation=birth
    )
    response = post_event(sweep=False)
    assert response.status_code == 202
    assert response.json()["status"] == "accepted" and "offers" not in response.json()
    event = LifeEvent.objects.get(pk=response.json()["id"])
    assert event.status == "pending" and not Offer.objects.exists()  # not in the request
    assert services.events_sweep() == 1  # the runner's proactive.events job
    event.refresh_from_db()
    assert event.status == "done" and Offer.objects.filter(event=event).count() == 4
    url = f"/api/v1/life-events/{event.pk}"
    soon = client.get(url, HTTP_X_API_KEY=world.system_key)
    assert soon.json()["status"] == "accepted"  # how soon it was done tells nothing
    import datetime as dt

    import time_machine

    with time_machine.travel(event.received_at + dt.timedelta(minutes=6)):
        later = client.get(url, HTTP_X_API_KEY=world.system_key)
    assert later.json()["status"] == "processed"


def test_same_key_returns_the_first_answer_and_creates_nothing(world, birth, post_event):
    first, again = post_event(), post_event()
    assert (first.status_code, again.status_code) == (202, 202)
    assert first.json() == again.json()
    assert LifeEvent.objects.count() == 1


def test_missing_key_is_400(world, birth, post_event):
    response = post_event(key=None)
    assert response.status_code == 400
    assert _fields(response) == {"Idempotency-Key"}
    assert not LifeEvent.objects.exists()


def test_same_key_other_payload_is_422(world, birth, post_event):
    post_event()
    response = post_event(occurred_on=(BORN - dt.timedelta(days=1)).isoformat())
    assert response.status_code == 422
    assert "другой запрос" in response.json()["detail"][0]["message"]
    assert LifeEvent.objects.count() == 1


def test_repeat_while_the_first_is_processing_is_409(world, birth, post_event):
    from proactive.services import request_fingerprint

    payload = {
        "kind": "birth_registered",
        "snils": "11223344595",
        "inn": "",
        "occurred_on": BORN,
        "details": {},
    }
    IdempotencyKey.objects.create(
        system=world.system, key="busy", request_hash=request_fingerprint(payload)
    )
    response = post_event(key="busy")
    assert response.status_code == 409
    assert not LifeEvent.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"snils": "123"}, "snils"),
        ({"snils": "1122334459a"}, "snils"),
        ({"occurred_on": "2099-01-01"}, "occurred_on"),
        ({"occurred_on": "вчера"}, "occurred_on"),
        ({"kind": "wedding"}, "kind"),
        ({"kind": "job_lost"}, "kind"),  # no life situation is triggered by it here
        ({"snils": ""}, "snils"),  # neither СНИЛС nor ИНН
        ({"inn": "2801012347"}, "snils"),  # both: whom is it about?
        ({"snils": "", "inn": "2801012345"}, "inn"),  # check digits (issue 16)
        ({"snils": "", "inn": "2801012347"}, "inn"),  # a business number for a citizens' event
    ],
)
def test_bad_event_is_422_and_the_key_stays_free(client, world, birth, changes, field):
    body = {
        "kind": "birth_registered",
        "snils": "11223344595",
        "occurred_on": BORN.isoformat(),
        **changes,
    }
    response = client.post(
        "/api/v1/life-events",
        body,
        content_type="application/json",
        HTTP_X_API_KEY=world.system_key,
        HTTP_IDEMPOTENCY_KEY="bad-1",
    )
    assert response.status_code == 422
    assert field in _fields(response)
    assert not LifeEvent.objects.exists()
    assert not IdempotencyKey.objects.filter(key="bad-1").exists()


def test_only_systems_post_events(client, world, birth):
    client.force_login(world.analyst)
    response = client.post(
        "/api/v1/life-events",
        {"kind": "birth_registered", "snils": "11223344595", "occurred_on": BORN.isoformat()},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="x",
    )
    assert response.status_code == 403


def test_a_system_reads_only_its_bodys_events(client, world, birth, post_event):
    event_id = post_event().json()["id"]
    assert (
        client.get(f"/api/v1/life-events/{event_id}", HTTP_X_API_KEY=world.system_key).status_code
        == 200
    )
    from accounts.models import Role
    from accounts.services import api_key_issue
    from tests.factories import UserFactory

    other_system = UserFactory.create(role=Role.SYSTEM, body=world.other_body)
    _, other_key = api_key_issue(actor=None, system=other_system, name="other")
    assert (
        client.get(f"/api/v1/life-events/{event_id}", HTTP_X_API_KEY=other_key).status_code == 404
    )


def test_citizen_consents_and_confirms_through_the_api(client, world, birth, post_event):
    client.force_login(world.citizen)
    created = client.post(
        "/api/v1/consents", {"life_situation": birth.slug}, content_type="application/json"
    )
    assert created.status_code == 201
    again = client.post(
        "/api/v1/consents", {"life_situation": birth.slug}, content_type="application/json"
    )
    assert again.status_code == 422 and "life_situation" in _fields(again)
    post_event()
    offers = client.get("/api/v1/offers").json()
    ready = next(o for o in offers if o["status"] == "ready")
    assert client.post(f"/api/v1/offers/{ready['id']}/confirm").json()["status"] == "confirmed"
    refused = next(o for o in offers if o["status"] == "refused")
    assert any(r["remedy"] for r in refused["reasons"] if not r["passed"])
    revoked = client.delete(f"/api/v1/consents/{created.json()['id']}")
    assert revoked.json()["revoked_at"] is not None
    assert {o["status"] for o in client.get("/api/v1/offers").json()} >= {"withdrawn"}


def test_a_citizen_sees_only_their_own(client, world, birth, post_event):
    from proactive import services

    services.consent_give(
        actor=world.citizen, client=world.citizen, via="api", life_situation=birth
    )
    post_event()
    offer = Offer.objects.first()
    assert offer is not None
    client.force_login(world.business)
    assert client.get("/api/v1/offers").json() == []
    assert client.post(f"/api/v1/offers/{offer.pk}/confirm").status_code == 404
    assert client.get("/api/v1/consents").json() == []
    client.force_login(world.analyst)
    assert client.get("/api/v1/offers").status_code == 403


@pytest.mark.parametrize(
    ("body", "headers", "field"),
    [
        ({"details": {"a\x00": "x"}}, {}, "details"),
        ({"details": {"note": "x\x00"}}, {}, "details"),
        ({"snils": "1122334459\x00"}, {}, "snils"),
        ({}, {"HTTP_IDEMPOTENCY_KEY": "key\x01"}, "Idempotency-Key"),
    ],
)
def test_nul_and_control_characters_are_422_not_500(client, world, birth, body, headers, field):
    payload = {
        "kind": "birth_registered",
        "snils": "11223344595",
        "occurred_on": BORN.isoformat(),
        **body,
    }
    response = client.post(
        "/api/v1/life-events",
        payload,
        content_type="application/json",
        HTTP_X_API_KEY=world.system_key,
        **({"HTTP_IDEMPOTENCY_KEY": "k"} | headers),
    )
    assert response.status_code == 422
    assert any(e["field"].startswith(field) for e in response.json()["detail"])


def test_consent_slug_with_nul_is_422(client, world, birth):
    client.force_login(world.citizen)
    response = client.post(
        "/api/v1/consents", {"life_situation": "a\x00b"}, content_type="application/json"
    )
    assert response.status_code == 422


@pytest.fixture
def business_event_source(world, opening_a_business):
    from proactive.models import Trigger
    from proactive.services import event_sources_set

    Trigger.objects.create(
        kind="business_registered", title="Зарегистрирован ИП", life_situation=opening_a_business
    )
    event_sources_set(actor=None, body=world.body, kinds=["business_registered"])
    return opening_a_business


def _post_business_event(client, world, key: str, **fields: str):
    body = {"kind": "business_registered", "occurred_on": BORN.isoformat(), **fields}
    return client.post(
        "/api/v1/life-events",
        body,
        content_type="application/json",
        HTTP_X_API_KEY=world.system_key,
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_business_event_by_inn_reaches_the_organisations_representative(
    client, world, business_event_source
):  # R15 R16; issue 16: business events were matched by СНИЛС only
    """The tax service reports a registered ИП by its ИНН: the event reaches the business
    whose organisation holds that ИНН, and its cabinet shows the situation opened."""
    from proactive import services

    services.consent_give(
        actor=world.business,
        client=world.business,
        via="web",
        life_situation=business_event_source,
    )
    response = _post_business_event(client, world, "ip-1", inn="2801 0123 47")
    assert response.status_code == 202, response.json()
    assert services.events_sweep() == 1
    event = LifeEvent.objects.get(pk=response.json()["id"])
    assert (event.inn, event.snils) == ("2801012347", "")
    assert event.status == "done" and event.client == world.business
    client.force_login(world.business)
    page = client.get("/kabinet/proaktiv/").content.decode()
    assert "Открытие ИП" in page
    client.force_login(world.citizen)  # a citizen's cabinet knows nothing of it
    assert "Открытие ИП" not in client.get("/kabinet/proaktiv/").content.decode()


def test_a_business_event_for_an_unknown_inn_reaches_nobody(client, world, business_event_source):
    from proactive import services

    response = _post_business_event(client, world, "ip-2", inn="280100123482")
    assert response.status_code == 202
    services.events_sweep()
    event = LifeEvent.objects.get()
    assert event.status == "unknown_client" and event.client is None


def test_a_business_event_waits_for_whichever_representative_consents(
    client, world, business_event_source
):  # R15 R16
    """Nobody of the organisation had consented when the event came; a second
    representative consents later: the event is decided for that one, not lost."""
    from accounts.models import Role
    from proactive import services
    from tests.factories import UserFactory

    second = UserFactory.create(
        username="romashka-2", role=Role.BUSINESS, organisation=world.business.organisation
    )
    assert _post_business_event(client, world, "ip-3", inn="2801012347").status_code == 202
    services.events_sweep()
    event = LifeEvent.objects.get()
    assert event.status == "no_consent"
    services.consent_give(
        actor=second, client=second, via="web", life_situation=business_event_source
    )
    event.refresh_from_db()
    assert (event.status, event.client) == ("done", second)
    client.force_login(second)
    assert "Открытие ИП" in client.get("/kabinet/proaktiv/").content.decode()


def test_an_event_by_snils_for_a_business_only_situation_is_refused(
    client, world, business_event_source
):
    response = _post_business_event(client, world, "ip-4", snils="11223344595")
    assert response.status_code == 422 and "snils" in _fields(response)
    assert "сообщите ИНН" in response.json()["detail"][0]["message"]
    assert not LifeEvent.objects.exists()


def _batch(client, world, events: list[Any]) -> Response:
    response: Response = client.post(
        "/api/v1/life-events/batch",
        {"events": events},
        content_type="application/json",
        HTTP_X_API_KEY=world.system_key,
    )
    return response


def _birth(key: str, snils: str = "11223344595", **more: str) -> dict[str, str]:
    return {"idempotency_key": key, "kind": "birth_registered", "snils": snils,
            "occurred_on": BORN.isoformat(), **more}  # fmt: skip


def test_a_batch_answers_for_each_event_and_one_refusal_stops_no_other(client, world, birth):
    """Issue 24: a registry's day in one call; each event accepted, replayed or refused
    with its field, in the order sent."""
    events = [
        _birth("day-1"),
        _birth("day-2", snils="11223344594"),  # a check digit off
        {"kind": "birth_registered", "snils": "11223344595", "occurred_on": "2026-01-01"},
        _birth("day-4", occurred_on="вчера"),
        _birth("day-5", snils="", inn=""),
        "not an event",
    ]
    response = _batch(client, world, events)
    assert response.status_code == 200
    answer = response.json()
    assert (answer["accepted"], answer["replayed"], answer["refused"]) == (1, 0, 5)
    results = answer["events"]
    assert [r["result"] for r in results] == ["accepted", *["refused"] * 5]
    assert [r["index"] for r in results] == [0, 1, 2, 3, 4, 5]
    assert results[0]["event"]["status"] == "accepted"
    assert [e["field"] for r in results[1:] for e in r["errors"]] == [
        "snils", "idempotency_key", "occurred_on", "snils", "event"
    ]  # fmt: skip
    assert LifeEvent.objects.count() == 1
    assert not IdempotencyKey.objects.filter(key__in=["day-2", "day-4", "day-5"]).exists()


def test_the_same_event_key_in_two_batches_is_stored_once(client, world, birth, post_event):
    post_event(key="single-1", sweep=False, occurred_on="2026-01-03")  # the keys are shared
    first = _batch(
        client, world, [_birth("day-1"), _birth("single-1", occurred_on="2026-01-03")]
    ).json()
    assert [r["result"] for r in first["events"]] == ["accepted", "replayed"]
    again = _batch(client, world, [_birth("day-1"), _birth("day-1", snils="11223344595")])
    assert [r["result"] for r in again.json()["events"]] == ["replayed", "replayed"]
    other = _batch(client, world, [_birth("day-1", occurred_on="2026-01-02")]).json()
    assert other["events"][0]["result"] == "refused"
    assert other["events"][0]["errors"][0]["field"] == "idempotency_key"
    assert LifeEvent.objects.count() == 2
    assert first["events"][0]["event"]["id"] == again.json()["events"][0]["event"]["id"]


def test_a_batch_over_a_thousand_is_refused_whole(client, world, birth):
    response = _batch(client, world, [_birth(f"k-{n}") for n in range(1_001)])
    assert response.status_code == 422 and "events" in _fields(response)
    assert not LifeEvent.objects.exists()


def test_a_batch_is_decided_by_the_runner(client, world, birth):
    from proactive import services

    services.consent_give(
        actor=world.citizen, client=world.citizen, via="api", life_situation=birth
    )
    assert _batch(client, world, [_birth("day-1")]).json()["accepted"] == 1
    assert services.events_sweep() == 1
    assert LifeEvent.objects.get().status == "done"
    assert Offer.objects.filter(client=world.citizen).count() == 4


def test_a_batch_reads_the_triggers_and_sources_once(client, world, birth):
    """Issue 24: a registry's day in one call must not ask the same two questions per event."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    events = [_birth(f"once-{n}", occurred_on=f"2026-01-0{n + 1}") for n in range(5)]
    with CaptureQueriesContext(connection) as queries:
        assert _batch(client, world, events).json()["accepted"] == 5
    asked = [q["sql"] for q in queries]
    assert sum("proactive_trigger" in sql for sql in asked) == 1
    assert sum("proactive_eventsource" in sql for sql in asked) == 1


def test_the_same_event_under_a_fresh_key_is_the_first_event(client, world, birth, post_event):
    """R16, R17 (issue 23): a registry that lost its key reports the same birth again under
    fresh keys; the citizen is told once and has one set of offers, not one per retry."""
    from django.core import mail

    from proactive import services

    services.consent_give(
        actor=world.citizen, client=world.citizen, via="api", life_situation=birth
    )
    first = post_event(key="lost-1")
    retries = [post_event(key=f"lost-{n}") for n in range(2, 5)]
    assert first.status_code == 202
    assert {r.status_code for r in retries} == {200}
    assert {r.json()["id"] for r in retries} == {first.json()["id"]}
    assert LifeEvent.objects.count() == 1
    assert Offer.objects.filter(client=world.citizen).count() == 4
    assert len([m for m in mail.outbox if world.citizen.email in m.to]) <= 1
    again = post_event(key="lost-2")  # a retry of a retry: its own first answer
    assert (again.status_code, again.json()) == (200, retries[0].json())
    other_day = post_event(key="lost-5", occurred_on="2026-01-02")  # another event
    assert other_day.status_code == 202 and LifeEvent.objects.count() == 2


def test_the_same_event_twice_in_one_batch_is_stored_once(client, world, birth):  # R16
    answer = _batch(client, world, [_birth("twice-1"), _birth("twice-2")]).json()
    assert [r["result"] for r in answer["events"]] == ["accepted", "replayed"]
    assert (answer["accepted"], answer["replayed"]) == (1, 1)
    assert answer["events"][0]["event"]["id"] == answer["events"][1]["event"]["id"]
    assert LifeEvent.objects.count() == 1
    retry = _batch(client, world, [_birth("twice-2")]).json()  # its key now holds the answer
    assert retry["events"][0]["result"] == "replayed"


def test_a_senders_repeat_learns_nothing_of_the_person(client, world, birth, post_event):
    """152-ФЗ: an event whose person is not a confirmed client is not taken again because
    a sender repeats it (the answer would change and tell it so); it is taken again when
    the person's СНИЛС is confirmed, and the sender still reads «processed»."""
    import time_machine

    from proactive import services
    from proactive.models import ClientProfile

    ClientProfile.objects.filter(user=world.citizen).delete()
    services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )
    first = post_event(key="who-1")
    event = LifeEvent.objects.get(pk=first.json()["id"])
    assert event.status == "unknown_client"
    url = f"/api/v1/life-events/{event.pk}"
    later = event.received_at + dt.timedelta(minutes=6)
    with time_machine.travel(later):
        repeat = post_event(key="who-2")
        assert repeat.status_code == 200 and repeat.json()["status"] == "processed"
        assert LifeEvent.objects.get(pk=event.pk).status == "unknown_client"  # not re-queued
        services.client_profile_set(actor=world.citizen, user=world.citizen, snils=SNILS)
        services.client_profile_verify(
            actor=world.servant, user=world.citizen, snils=SNILS, via="operator"
        )
        assert LifeEvent.objects.get(pk=event.pk).status == "pending"  # taken again
        read = client.get(url, HTTP_X_API_KEY=world.system_key).json()
        assert read["status"] == "processed"  # the sender learns nothing of the confirmation
        assert services.events_sweep() == 1
    assert Offer.objects.filter(client=world.citizen).count() == 4
