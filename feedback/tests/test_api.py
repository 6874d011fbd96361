from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.test import Client

from feedback import rollup
from feedback.models import Rating, Verdict
from feedback.tests.fixtures import rate

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

URL = "/api/v1/ratings"


def post(client: Client, payload: object, **headers: Any) -> Response:
    return client.post(URL, payload, content_type="application/json", **headers)


def test_system_rates_with_its_key(client, world, place):
    r = post(
        client, {"service": "vyplata", "touchpoint": place.portal.pk, "csat": 4, "ces": 5,
                 "loyal": True, "drivers": ["time"]},
        HTTP_X_API_KEY=world.system_key,
    )  # fmt: skip
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["csat"], body["channel"], body["drivers"]) == (4, "api", ["time"])
    assert Rating.objects.get().verdict == Verdict.TRUSTED


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"service": "vyplata", "csat": 7}, "csat"),
        ({"service": "vyplata", "csat": "хорошо"}, "csat"),
        ({"service": "vyplata", "csat": 4, "ces": 0}, "ces"),
        ({"service": "nope", "csat": 4}, "service"),
        ({"life_situation": "nope", "csat": 4}, "life_situation"),
        ({"csat": 4}, "service"),
        ({"service": "vyplata", "csat": 4, "drivers": ["bad-code"]}, "drivers"),
        ({"service": "vyplata", "csat": 4, "touchpoint": 999999}, "touchpoint"),
        ({"service": "vyplata", "csat": 4, "control": {"courtesy": 5}}, "control"),
        ({"service": "vyplata", "csat": 4, "contact_email": "не почта"}, "contact_email"),
        ({"service": "vyplata", "csat": 4, "comment": "a\x00b"}, "comment"),
    ],
)
def test_bad_input_is_a_4xx_naming_the_field(client, world, place, payload, field):
    r = post(client, payload, HTTP_X_API_KEY=world.system_key)
    assert 400 <= r.status_code < 500, r.content
    assert field in [d["field"] for d in r.json()["detail"]], r.json()
    assert not Rating.objects.exists()


def test_anonymous_rating_needs_a_solved_challenge(client, place, altcha_payload):
    r = post(client, {"service": "vyplata", "csat": 5})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "altcha"
    r = post(client, {"service": "vyplata", "csat": 5, "altcha": altcha_payload()})
    assert r.status_code == 201
    assert Rating.objects.get().verdict == Verdict.CHALLENGE


def test_a_solved_challenge_is_used_once(client, place, altcha_payload):
    solved = altcha_payload()
    assert post(client, {"service": "vyplata", "csat": 5, "altcha": solved}).status_code == 201
    assert post(client, {"service": "vyplata", "csat": 1, "altcha": solved}).status_code == 422
    assert Rating.objects.count() == 1


def test_anonymous_ratings_are_rate_limited(client, place, settings, altcha_payload):
    settings.FEEDBACK_RATE_LIMIT = (2, 600)
    codes = [
        post(client, {"service": "vyplata", "csat": 5, "altcha": altcha_payload()}).status_code
        for _ in range(3)
    ]
    assert codes == [201, 201, 429]
    assert Rating.objects.count() == 2


def test_same_idempotency_key_stores_once(client, world, place):
    payload = {"service": "vyplata", "csat": 4}
    first = post(client, payload, HTTP_X_API_KEY=world.system_key, HTTP_IDEMPOTENCY_KEY="abc")
    again = post(client, payload, HTTP_X_API_KEY=world.system_key, HTTP_IDEMPOTENCY_KEY="abc")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and Rating.objects.count() == 1


def test_anonymous_visitors_do_not_share_an_idempotency_key(client, place, altcha_payload):
    """A second visitor sending the same key gets a rating of their own, not the first one's."""
    first = post(
        client,
        {"service": "vyplata", "csat": 5, "comment": "Спасибо", "altcha": altcha_payload()},
        HTTP_IDEMPOTENCY_KEY="retry-1",
    )
    second = post(
        client,
        {"service": "vyplata", "csat": 1, "altcha": altcha_payload()},
        HTTP_IDEMPOTENCY_KEY="retry-1",
    )
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"] and "Спасибо" not in second.content.decode()
    assert Rating.objects.count() == 2


def test_an_anonymous_retry_with_its_own_challenge_gets_its_first_rating(
    client, place, altcha_payload
):
    payload = {"service": "vyplata", "csat": 4, "altcha": altcha_payload()}
    first = post(client, payload, HTTP_IDEMPOTENCY_KEY="retry-2")
    again = post(client, payload, HTTP_IDEMPOTENCY_KEY="retry-2")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"] and Rating.objects.count() == 1


def test_system_cannot_rate_another_bodys_service(client, world, place):
    r = post(client, {"service": "pensiya", "csat": 4}, HTTP_X_API_KEY=world.system_key)
    assert r.status_code == 403 and not Rating.objects.exists()


def test_invitation_link_is_verified_and_refused_the_second_time(client, world, place):
    r = client.post(
        "/api/v1/rating-invitations",
        {"service": "vyplata", "touchpoint": place.office.pk, "external_id": "Z-1"},
        content_type="application/json",
        HTTP_X_API_KEY=world.system_key,
    )
    assert r.status_code == 201, r.content
    token = r.json()["url"].rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/o/i/{token}/qr.svg").content.startswith(b"<svg")
    first = post(client, {"invitation": token, "csat": 5})
    assert first.status_code == 201 and first.json()["verified"] is True
    second = post(client, {"invitation": token, "csat": 1})
    assert second.status_code == 410
    assert "уже оценили" in second.json()["detail"][0]["message"]
    assert Rating.objects.count() == 1


def _invite(
    client: Client, key: str | None, snils: str, service: str = "edinoe-posobie"
) -> Response:
    return client.post(
        "/api/v1/rating-invitations",
        {"service": service, "client_snils": snils},
        content_type="application/json",
        HTTP_X_API_KEY=key,
    )


def test_invitation_by_snils_answers_alike_whether_or_not_the_person_consented(
    client, world, birth, caplog
):
    from feedback.models import Invitation
    from proactive.services import consent_give

    consent_give(actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth)
    consented = _invite(client, world.system_key, "112-233-445 95")
    stranger = _invite(client, world.system_key, "123-456-789 64")
    assert consented.status_code == stranger.status_code == 201
    assert set(consented.json()) == set(stranger.json())
    linked = dict(Invitation.objects.values_list("pk", "client"))
    assert linked == {consented.json()["id"]: world.citizen.pk, stranger.json()["id"]: None}
    assert "invitation by snils" in caplog.text and "11223344595" not in caplog.text


def test_invitation_by_snils_checks_rights_before_looking_the_person_up(client, world, birth):
    """Another body's key is refused the same way whatever the СНИЛС (no consent oracle)."""
    from accounts.services import api_key_issue
    from proactive.services import consent_give
    from tests.factories import UserFactory

    consent_give(actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth)
    other = UserFactory.create(username="sfr-ais", role="system", body=world.other_body)
    _, key = api_key_issue(actor=None, system=other, name="other")
    consented = _invite(client, key, "112-233-445 95")
    stranger = _invite(client, key, "123-456-789 64")
    assert consented.status_code == stranger.status_code
    assert consented.json() == stranger.json()
    client.force_login(world.citizen)
    as_citizen = [_invite(client, None, s) for s in ("112-233-445 95", "123-456-789 64")]
    assert as_citizen[0].status_code == as_citizen[1].status_code == 403
    assert as_citizen[0].json() == as_citizen[1].json()


def test_invitation_refuses_a_snils_with_a_wrong_check_number(client, world, birth):
    r = _invite(client, world.system_key, "112-233-445 96")
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "client_snils"


def test_published_aggregates_hide_groups_under_ten(client, place):  # R20
    for _ in range(12):
        rate(place.service, 4, touchpoint=place.office)
    for _ in range(3):
        rate(place.service, 1, touchpoint=place.portal)
    rollup.rollup()
    body = client.get("/api/v1/ratings/published?service=vyplata&by=touchpoint").json()
    assert body["total"]["n"] == 15
    groups = {g["label"]: g for g in body["groups"]}
    assert groups["Приёмная на Ленина"]["csat"] == 4.0
    hidden = groups["Сайт министерства"]
    assert (hidden["key"], hidden["n"], hidden["suppressed"]) == (place.portal.pk, None, True)
    figures = {k: v for k, v in hidden.items() if k not in ("key", "label", "n", "suppressed")}
    assert set(figures.values()) == {None}  # no figure of a group under ten


def test_volumes_through_the_api(client, world, place):
    r = client.post(
        "/api/v1/rating-volumes",
        {"touchpoint": place.office.pk, "month": "2026-11-15", "served": 100, "offered": 200},
        content_type="application/json",
        HTTP_X_API_KEY=world.system_key,
    )
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "offered"
    r = client.post(
        "/api/v1/rating-volumes",
        {"touchpoint": place.office.pk, "month": "2026-11-15", "served": 200, "offered": 100},
        content_type="application/json",
        HTTP_X_API_KEY=world.system_key,
    )
    assert r.status_code == 200 and r.json()["month"] == "2026-11-01"


def test_instrument_is_published_in_both_languages(client):
    ru = client.get("/api/v1/ratings/instrument").json()
    assert ru["csat"]["question"] == "Насколько вы довольны?"
    assert [d["code"] for d in ru["drivers"]][:3] == ["result", "ease", "time"]


def test_a_whole_life_situation_is_rated_and_published(client, world, published_situation):  # R18
    r = post(client, {"life_situation": "rozhdenie", "csat": 3}, HTTP_X_API_KEY=world.system_key)
    assert r.status_code == 201 and r.json()["life_situation"] == published_situation.pk
    body = client.get("/api/v1/ratings/published?life_situation=rozhdenie").json()
    assert (body["total"]["n"], body["total"]["suppressed"], body["total"]["csat"]) == (
        None, True, None
    )  # fmt: skip


def test_a_draft_life_situation_is_not_found(client, world):
    from registry import services as registry_services

    registry_services.life_situation_create(
        actor=world.analyst, owner_body=world.body, title="Черновик", slug="chernovik",
        start_event="Событие", final_result="Результат", time_bound_days=10,
    )  # fmt: skip
    r = post(client, {"life_situation": "chernovik", "csat": 3}, HTTP_X_API_KEY=world.system_key)
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "life_situation"
    r = client.get("/api/v1/ratings/published?life_situation=chernovik")
    assert r.status_code == 422
    assert not Rating.objects.exists()


def test_same_key_with_other_answers_is_refused(client, world, place):
    headers = {"HTTP_X_API_KEY": world.system_key, "HTTP_IDEMPOTENCY_KEY": "k"}
    assert post(client, {"service": "vyplata", "csat": 4}, **headers).status_code == 201
    r = post(client, {"service": "vyplata", "csat": 1}, **headers)
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "Idempotency-Key"
    assert Rating.objects.get().csat == 4


def test_a_refusal_names_the_rule_that_refused(client, world, place):
    r = post(client, {"service": "pensiya", "csat": 4}, HTTP_X_API_KEY=world.system_key)
    detail = r.json()["detail"][0]
    assert r.status_code == 403 and detail["field"] == "service"
    assert "услуг своего органа" in detail["message"] and "МФЦ" in detail["message"]


def test_an_mfc_system_rates_another_bodys_service_delivered_at_its_centre(client, world, place):
    """One window (R19): the МФЦ's system sends the rating of a service it delivered for
    another body; not of a service at a touchpoint that is not its centre."""
    from accounts.services import api_key_issue
    from tests.factories import UserFactory

    mfc_system = UserFactory.create(username="mfc-ais-test", role="system", body=world.other_body)
    _, key = api_key_issue(actor=None, system=mfc_system, name="МФЦ")
    at_centre = post(client, {"service": "vyplata", "csat": 5, "touchpoint": place.mfc.pk},
                     HTTP_X_API_KEY=key)  # fmt: skip
    assert at_centre.status_code == 201
    elsewhere = post(client, {"service": "vyplata", "csat": 5, "touchpoint": place.office.pk},
                     HTTP_X_API_KEY=key)  # fmt: skip
    nowhere = post(client, {"service": "vyplata", "csat": 5}, HTTP_X_API_KEY=key)
    assert elsewhere.status_code == 403 and nowhere.status_code == 403
    assert Rating.objects.filter(service=place.service).count() == 1


# --- who is an internal client follows the caller, not the payload (R18; issue 16) ----------


def test_an_anonymous_caller_cannot_claim_to_be_an_internal_client(client, place, altcha_payload):
    """«Внутренние клиенты» counted anyone who sent ``client_kind: internal``; the refusal
    comes before the gate, so the solved challenge is still good for an honest rating."""
    solved = altcha_payload()
    payload = {"service": "vyplata", "csat": 5, "altcha": solved}
    r = post(client, {**payload, "client_kind": "internal"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "client_kind"
    assert not Rating.objects.exists()
    assert post(client, {**payload, "client_kind": "business"}).status_code == 201
    assert Rating.objects.get().client_kind == "business"


def test_a_citizen_signed_in_cannot_claim_it_either(client, world, place):
    client.force_login(world.citizen)
    r = post(client, {"service": "vyplata", "csat": 4, "client_kind": "internal"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "client_kind"


def test_a_civil_servant_at_work_is_an_internal_client_whatever_he_sends(
    client, world, place, altcha_payload
):
    client.force_login(world.servant)
    r = post(
        client,
        {"service": "vyplata", "csat": 4, "client_kind": "citizen", "altcha": altcha_payload()},
    )
    assert r.status_code == 201, r.content
    assert Rating.objects.get().client_kind == "internal"


def test_the_same_servant_as_a_citizen_is_an_external_client(client, world, place):
    from accounts.middleware import CAPACITY

    client.force_login(world.servant)
    session = client.session
    session[CAPACITY] = "client"  # «Действовать как гражданин»
    session.save()
    r = post(client, {"service": "vyplata", "csat": 4, "client_kind": "internal"})
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "client_kind"


def test_a_bodys_system_vouches_for_its_internal_clients(client, world, place):
    r = post(
        client, {"service": "vyplata", "csat": 3, "client_kind": "internal"},
        HTTP_X_API_KEY=world.system_key,
    )  # fmt: skip
    assert r.status_code == 201, r.content
    assert Rating.objects.get().client_kind == "internal"
