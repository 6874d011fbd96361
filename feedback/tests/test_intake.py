"""The intake of ratings (feedback.intake): one insert, idempotent; cases opened at once;
where a subject may be rated; rate limits; single-use invitations; and the gate that
decides for every channel — the hosted page, QR, kiosk, widget, operator entry, the API."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from feedback import instrument, intake
from feedback.models import Case, Invitation, Rating, Verdict
from feedback.tests.fixtures import rate


def test_idempotency_key_returns_the_first_rating(place):
    first, created = intake.rating_store(
        subject=place.service, answers=instrument.check(csat=4), channel="api",
        verdict=Verdict.TRUSTED, idempotency_key="k-1",
    )  # fmt: skip
    again, created_again = intake.rating_store(
        subject=place.service, answers=instrument.check(csat=1), channel="api",
        verdict=Verdict.TRUSTED, idempotency_key="k-1",
    )  # fmt: skip
    assert created and not created_again
    assert again.pk == first.pk and Rating.objects.count() == 1


def test_low_score_with_comment_opens_a_case_with_a_deadline(place, settings):  # R20
    settings.FEEDBACK_CASE_DAYS = 30
    low = rate(place.service, 2, touchpoint=place.office, comment="Потеряли документы")
    rate(place.service, 2, touchpoint=place.office)  # no comment: no case
    rate(place.service, 5, touchpoint=place.office, comment="Спасибо")
    case = Case.objects.get()
    assert case.rating == low
    assert case.due_at - low.created_at == dt.timedelta(days=30)


def test_service_is_rated_at_its_own_touchpoints_and_any_mfc(world, place):
    from tests.factories import TouchpointFactory

    foreign = TouchpointFactory.create(body=world.other_body, title="Чужой сайт")
    with pytest.raises(ValidationError) as exc:
        rate(place.service, 4, touchpoint=foreign)
    assert "touchpoint" in exc.value.message_dict
    assert rate(place.service, 4, touchpoint=place.mfc).touchpoint == place.mfc


def test_invitation_is_single_use(world, place):
    invitation, token = intake.invitation_create(actor=world.system, subject=place.service)

    def answer(csat: int, invitation: Invitation) -> Rating:
        arrival = intake.Arrival(channel="link", invitation=invitation)
        rating, _created = intake.rating_receive(
            arrival=arrival, subject=place.service, answers=instrument.check(csat=csat)
        )
        return rating

    rating = answer(4, intake.invitation_for_token(token))
    assert rating.invitation == invitation and rating.verdict == Verdict.VERIFIED
    with pytest.raises(ValidationError) as exc:
        intake.invitation_for_token(token)
    assert "уже оценили" in exc.value.message_dict["invitation"][0]
    with pytest.raises(ValidationError):  # a stale form posted again
        answer(1, invitation)
    assert Rating.objects.count() == 1


def test_rate_limit_counts_per_address_and_window(db, settings):
    settings.FEEDBACK_RATE_LIMIT = (3, 600)
    now = dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC)
    hits = [intake.rate_limited("10.0.0.1", now=now) for _ in range(4)]
    assert hits == [False, False, False, True]
    assert not intake.rate_limited("10.0.0.2", now=now)
    assert not intake.rate_limited("10.0.0.1", now=now + dt.timedelta(minutes=11))
    from feedback.models import RateBucket

    assert not RateBucket.objects.filter(key__contains="10.0.0.1").exists()  # hashed
    assert intake.rate_buckets_purge(now + dt.timedelta(hours=1)) >= 2


def test_a_kiosk_has_its_own_higher_limit(settings, db):
    settings.FEEDBACK_RATE_LIMIT = (2, 600)
    settings.FEEDBACK_KIOSK_RATE_LIMIT = (5, 600)
    web = [intake.rate_limited("10.0.0.1", scope="rate") for _ in range(3)]
    kiosk = [intake.rate_limited("10.0.0.1", scope="kiosk") for _ in range(6)]
    assert web == [False, False, True]
    assert kiosk == [False] * 5 + [True]


# --- the gate: one decision for every channel -------------------------------------------

#: The anonymous channels and the rate limit each counts against.
ANONYMOUS = [
    ("link", "rate"),
    ("qr", "rate"),
    ("kiosk", "kiosk"),
    ("widget", "rate"),
    ("api", "api"),
]
TAKEN = {"link": 302, "qr": 302, "kiosk": 302, "widget": 302, "api": 201}


def _send(client: Client, place: Any, channel: str, altcha: str, csat: int = 5) -> int:
    """Send one anonymous rating of the place's service through ``channel``."""
    if channel == "api":
        body = {"service": place.service.slug, "csat": csat, "altcha": altcha}
        return client.post("/api/v1/ratings", body, content_type="application/json").status_code
    code, portal = place.point.code, place.portal_point.code
    url = {
        "link": f"/o/{code}/",
        "qr": f"/o/{code}/q/",
        "kiosk": f"/o/{code}/kiosk/",
        "widget": f"/o/{portal}/embed/",
    }[channel]
    seen = {"seen": "visible"} if channel == "widget" else {}
    return client.post(url, {"csat": str(csat), "altcha": altcha, **seen}).status_code


@pytest.mark.parametrize("channel", [channel for channel, _scope in ANONYMOUS])
def test_every_channel_takes_a_solved_challenge_once(client, place, altcha_payload, channel):
    solved = altcha_payload()
    assert _send(client, place, channel, solved) == TAKEN[channel]
    assert _send(client, place, channel, solved, csat=1) == 422
    assert list(Rating.objects.values_list("channel", "csat", "verdict")) == [
        (channel, 5, Verdict.CHALLENGE)
    ]


def test_a_challenge_spent_on_one_channel_is_refused_on_every_other(client, place, altcha_payload):
    solved = altcha_payload()
    assert _send(client, place, "kiosk", solved) == 302
    assert {channel: _send(client, place, channel, solved) for channel in TAKEN} == dict.fromkeys(
        TAKEN, 422
    )
    assert Rating.objects.count() == 1


@pytest.mark.parametrize(("channel", "scope"), ANONYMOUS)
def test_every_anonymous_channel_is_limited_by_the_one_gate(
    client, place, altcha_payload, monkeypatch, channel, scope
):
    counted = []

    def over_the_limit(address: str, *, scope: str = "rate", now: object = None) -> bool:
        counted.append((address, scope))
        return True

    monkeypatch.setattr(intake, "rate_limited", over_the_limit)
    solved = altcha_payload()
    assert _send(client, place, channel, solved) == 429
    assert counted == [("127.0.0.1", scope)] and not Rating.objects.exists()
    monkeypatch.undo()
    assert _send(client, place, channel, solved) == TAKEN[channel]  # the solution was not spent


def test_invitations_operators_and_systems_are_not_counted(client, world, place, monkeypatch):
    def never(*args: object, **kwargs: object) -> bool:
        raise AssertionError("a trusted rating was counted against a rate limit")

    monkeypatch.setattr(intake, "rate_limited", never)
    _invitation, token = intake.invitation_create(actor=world.system, subject=place.service)
    assert client.post(f"/o/i/{token}/", {"csat": "4"}).status_code == 302
    by_system = {"service": place.service.slug, "csat": 3}
    r = client.post(
        "/api/v1/ratings", by_system, content_type="application/json",
        HTTP_X_API_KEY=world.system_key,
    )  # fmt: skip
    assert r.status_code == 201
    client.force_login(world.servant)
    heard = {"point": place.portal_point.pk, "csat": "2"}
    assert client.post("/kabinet/otsenki/operator/", heard).status_code == 302
    assert sorted(Rating.objects.values_list("channel", "verdict")) == [
        ("api", Verdict.TRUSTED), ("link", Verdict.VERIFIED), ("operator", Verdict.TRUSTED),
    ]  # fmt: skip


def _verdict(place: Any, touchpoint: Any = None, subject: Any = None, **arrival: Any) -> str:
    return intake.verdict_for(
        intake.Arrival(**arrival), subject or place.service, touchpoint or place.office
    )


def test_the_gate_gives_each_arrival_its_verdict(world, place, altcha_payload):
    invitation, _token = intake.invitation_create(actor=world.system, subject=place.service)
    assert _verdict(place, channel="link", invitation=invitation) == Verdict.VERIFIED
    assert _verdict(place, channel="operator", entered_by=world.servant) == Verdict.TRUSTED
    assert _verdict(place, channel="api", caller=world.system) == Verdict.TRUSTED
    assert _verdict(place, channel="link", altcha=altcha_payload()) == Verdict.CHALLENGE
    # A person signed in to the API is no system: the challenge, as for anyone.
    assert _verdict(place, channel="api", caller=world.analyst, altcha=altcha_payload()) == (
        Verdict.CHALLENGE
    )
    with pytest.raises(intake.Rejected) as refused:
        _verdict(place, channel="api", caller=world.analyst)
    assert refused.value.reason == intake.Reason.NOT_HUMAN


def test_a_honeypot_or_an_unseen_widget_spends_no_solution(place, altcha_payload):
    solved = altcha_payload()
    assert _verdict(place, channel="link", honeypot=True, altcha=solved) == Verdict.HONEYPOT
    with pytest.raises(intake.Rejected) as refused:
        _verdict(place, channel="widget", altcha=solved)
    assert refused.value.reason == intake.Reason.NOT_SEEN
    assert _verdict(place, channel="widget", altcha=solved, seen=True) == Verdict.CHALLENGE
    with pytest.raises(intake.Rejected) as replayed:
        _verdict(place, channel="link", altcha=solved)
    assert replayed.value.reason == intake.Reason.NOT_HUMAN


def test_a_system_rates_its_bodys_services_and_what_its_centre_delivered(world, place):  # R19
    from tests.factories import UserFactory

    assert _verdict(place, channel="api", caller=world.system) == Verdict.TRUSTED
    with pytest.raises(PermissionDenied):
        _verdict(place, subject=place.other_service, channel="api", caller=world.system)
    mfc_system = UserFactory.create(username="mfc-ais", role="system", body=world.other_body)
    assert _verdict(place, place.mfc, channel="api", caller=mfc_system) == Verdict.TRUSTED
    with pytest.raises(PermissionDenied):  # the service delivered elsewhere than its centre
        _verdict(place, place.office, channel="api", caller=mfc_system)


@pytest.mark.parametrize("who", ["head", "other_analyst", "citizen"])
def test_only_staff_who_enter_ratings_for_the_body_are_trusted_as_operators(world, place, who):
    with pytest.raises(PermissionDenied):
        _verdict(place, channel="operator", entered_by=getattr(world, who))


def test_a_business_representatives_rating_counts_as_a_business(world, place, client):  # R18
    """A delivery's link made for a business's representative: the rating is the business's
    in the figures by kind of client, not a citizen's."""
    ((_delivery, token),) = intake.invitations_for_deliveries(
        [
            intake.Delivery(
                subject=place.service, client=world.business,
                created_by_id=world.system.pk, external_id="proactive:1:1",
            )
        ]
    )  # fmt: skip
    answer = client.post(
        "/api/v1/ratings", {"invitation": token, "csat": 4}, content_type="application/json"
    )
    assert answer.status_code == 201
    assert Rating.objects.get().client_kind == "business"
    again = intake.invitations_for_deliveries(  # the same delivery: no second link
        [intake.Delivery(place.service, world.business, world.system.pk, "proactive:1:1")]
    )
    assert again == [] and Invitation.objects.filter(external_id="proactive:1:1").count() == 1
