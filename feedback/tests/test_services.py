import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from feedback import analysis, instrument, intake, rollup, selectors, services
from feedback.models import (
    Case,
    Rating,
    Verdict,
)
from feedback.tests.fixtures import rate


def test_exclusion_keeps_the_rating_and_the_audit_and_subtracts_it(world, place):
    keep = rate(place.service, 5)
    spam = rate(place.service, 1, comment="реклама казино")
    rollup.rollup()
    services.rating_exclude(actor=world.analyst, rating=spam, reason="Реклама, не отзыв")
    spam.refresh_from_db()
    assert spam.excluded and Rating.objects.filter(pk=spam.pk).exists()
    event = AuditEvent.objects.get(action="rating.exclude")
    assert event.actor == world.analyst and event.object_id == str(spam.pk)
    total = selectors.total(selectors.Filters(service_id=place.service.pk))
    assert total.n == 1 and total.csat.mean == keep.csat
    with pytest.raises(ValidationError):
        services.rating_exclude(actor=world.analyst, rating=spam, reason="ещё раз")


def test_another_body_cannot_exclude(world, place):
    rating = rate(place.service, 1)
    with pytest.raises(ValidationError):
        services.rating_exclude(actor=world.other_analyst, rating=rating, reason="не нравится")


def test_exclusion_before_the_rollup_is_never_counted(world, place):
    spam = rate(place.service, 1)
    services.rating_exclude(actor=world.analyst, rating=spam, reason="Спам")
    rollup.rollup()
    assert selectors.total(selectors.Filters(service_id=place.service.pk)).n == 0


def test_case_answer_is_mailed_to_the_address_the_client_left(world, place):
    rating, _ = intake.rating_store(
        subject=place.service,
        answers=instrument.check(csat=1, comment="Нагрубили в окне"),
        channel="link", verdict=Verdict.CHALLENGE, contact_email="client@example.org",
    )  # fmt: skip
    case = rating.case
    with pytest.raises(ValidationError) as exc:
        services.case_close(actor=world.analyst, case=case, finding="")
    assert "finding" in exc.value.message_dict
    services.case_close(
        actor=world.analyst, case=case, finding="Поговорили с сотрудником",
        answer="Извините нас. Сотрудник получил замечание.",
    )  # fmt: skip
    case.refresh_from_db()
    assert case.status == Case.Status.ANSWERED


@pytest.mark.django_db(transaction=True)
def test_case_answer_mail_goes_out_after_commit(world, place):
    rating, _ = intake.rating_store(
        subject=place.service,
        answers=instrument.check(csat=1, comment="Нагрубили в окне"),
        channel="link", verdict=Verdict.CHALLENGE, contact_email="client@example.org",
    )  # fmt: skip
    services.case_close(
        actor=world.analyst, case=rating.case, finding="Разобрались", answer="Извините нас."
    )
    assert [m.to for m in mail.outbox] == [["client@example.org"]]
    assert "Извините нас." in mail.outbox[0].body


def test_case_without_address_cannot_be_answered(world, place):
    rating = rate(place.service, 1, comment="плохо")
    with pytest.raises(ValidationError) as exc:
        services.case_close(actor=world.analyst, case=rating.case, finding="ок", answer="ответ")
    assert "answer" in exc.value.message_dict


def test_change_links_only_ratings_of_the_body(world, place):
    mine = rate(place.service, 2, comment="очередь")
    theirs = rate(place.other_service, 2)
    with pytest.raises(ValidationError) as exc:
        services.change_create(
            actor=world.analyst, subject=place.service, said="Очереди", did="Открыли окно",
            done_on=dt.date(2026, 11, 1), rating_ids=[mine.pk, theirs.pk],
        )  # fmt: skip
    assert "ratings" in exc.value.message_dict
    change = services.change_create(
        actor=world.analyst, subject=place.service, said="Очереди", did="Открыли окно",
        done_on=dt.date(2026, 11, 1), rating_ids=[mine.pk],
    )  # fmt: skip
    assert list(change.ratings.all()) == [mine]


def test_comment_becomes_a_need_being_worked_on(world, published_situation):  # R21
    from registry.models import Need, Service

    service = Service.objects.get(slug="reg")
    rating = rate(service, 2, comment="Хочу получить свидетельство в роддоме")
    need = services.comment_to_need(
        actor=world.analyst, rating=rating, life_situation=published_situation, title=""
    )
    assert need.status == Need.Status.IN_WORK
    assert need.title == "Хочу получить свидетельство в роддоме"


def test_volumes_give_a_real_response_rate(world, place):
    services.volume_record(
        actor=world.analyst,
        touchpoint=place.office,
        month=timezone.localdate(),
        served=200,
        offered=50,
    )
    for _ in range(10):
        rate(place.service, 4, touchpoint=place.office)
    rows = selectors.response_rates(selectors.Filters(body_id=world.body.pk))
    assert rows == [
        {"touchpoint": "Приёмная на Ленина", "served": 200, "offered": 50, "rated": 10, "rate": 0.2}
    ]
    with pytest.raises(ValidationError) as exc:
        services.volume_record(
            actor=world.analyst,
            touchpoint=place.office,
            month=timezone.localdate(),
            served=5,
            offered=9,
        )
    assert "offered" in exc.value.message_dict


def test_a_place_entered_per_service_and_in_total_is_counted_once(world, place):
    month = timezone.localdate()
    services.volume_record(
        actor=world.analyst, touchpoint=place.office, month=month, served=200, offered=50
    )
    services.volume_record(
        actor=world.analyst,
        touchpoint=place.office,
        service=place.service,
        month=month,
        served=120,
        offered=30,
    )
    (row,) = selectors.response_rates(selectors.Filters(body_id=world.body.pk))
    assert (row["served"], row["offered"]) == (200, 50)  # the total, not 320
    last = (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    services.volume_record(
        actor=world.analyst,
        touchpoint=place.office,
        service=place.service,
        month=last,
        served=80,
        offered=20,
    )  # a month with no total: its services' sum
    (row,) = selectors.response_rates(selectors.Filters(body_id=world.body.pk))
    assert (row["served"], row["offered"]) == (280, 70)


def test_tone_reads_praise_complaint_and_negation():
    assert analysis.tone("Спасибо, всё быстро и вежливо") == 1
    assert analysis.tone("Очень долго, грубый сотрудник") == -1
    assert analysis.tone("Сотрудник был не вежливый") == -1
    assert analysis.tone("Пришёл во вторник") == 0


def test_topics_group_recurring_complaints():
    texts = [
        "Долгая очередь в окне",
        "Очередь огромная, ждал час",
        "Опять очередь и ждал долго",
        "Сайт зависает при входе",
        "Сайт не открывается, зависает",
        "Сайт завис опять",
    ]
    found = analysis.topics(list(enumerate(texts)), n_topics=2)
    words = [set(t.words) for t in found]
    assert any("очередь" in w for w in words) and any("сайт" in w for w in words)
    assert sum(t.count for t in found) == 6
