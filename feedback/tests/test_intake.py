"""The intake of ratings (feedback.intake): one insert, idempotent; cases opened at once;
where a subject may be rated; rate limits; single-use invitations."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from feedback import instrument, intake
from feedback.models import Case, Rating, Verdict
from feedback.tests.fixtures import rate


def test_idempotency_key_returns_the_first_rating(place):
    first, created = intake.rating_submit(
        subject=place.service, answers=instrument.check(csat=4), channel="api",
        verdict=Verdict.TRUSTED, idempotency_key="k-1",
    )  # fmt: skip
    again, created_again = intake.rating_submit(
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
    rating, _ = intake.rating_submit(
        subject=place.service, answers=instrument.check(csat=4), channel="link",
        verdict=Verdict.VERIFIED, invitation=intake.invitation_for_token(token),
    )  # fmt: skip
    assert rating.invitation == invitation
    with pytest.raises(ValidationError) as exc:
        intake.invitation_for_token(token)
    assert "уже оценили" in exc.value.message_dict["invitation"][0]
    with pytest.raises(ValidationError):  # a stale form posted again
        intake.rating_submit(
            subject=place.service, answers=instrument.check(csat=1), channel="link",
            verdict=Verdict.VERIFIED, invitation=invitation,
        )  # fmt: skip
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
