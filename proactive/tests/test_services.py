"""The scenario (R15–R17): consent first, one set of offers per event, refusals that
explain, revocation that withdraws."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from audit.models import AuditEvent
from proactive import services
from proactive.models import Consent, LifeEvent, Offer
from proactive.tests.fixtures import BORN, SNILS, TODAY

if TYPE_CHECKING:
    from conftest import World
    from registry.models import LifeSituation
    from segments.models import Segment

pytestmark = pytest.mark.django_db


def _event(world: World, birth: LifeSituation) -> LifeEvent:
    with time_machine.travel(TODAY, tick=False):
        event = services.event_receive(
            system=world.system, kind="birth_registered", snils=SNILS, occurred_on=BORN
        )
        services.event_process(event_id=event.pk)
    event.refresh_from_db()
    return event


def _consent(world: World, birth: LifeSituation) -> Consent:
    return services.consent_give(
        actor=world.citizen, client=world.citizen, via="cabinet", life_situation=birth
    )


def test_no_consent_nothing_is_offered(world, birth):  # R15
    event = _event(world, birth)
    assert event.status == LifeEvent.Status.NO_CONSENT
    assert not Offer.objects.exists()


def test_with_consent_the_scenario_prepares_offers(world, birth):  # R16
    _consent(world, birth)
    event = _event(world, birth)
    assert event.status == LifeEvent.Status.DONE and event.client == world.citizen
    offers = {o.service.slug: o.status for o in Offer.objects.all()}
    assert offers == {
        "posobie-pri-rozhdenii": "ready",  # one click
        "edinoe-posobie": "refused",  # income above the minimum
        "regionalnyy-kapital": "form",  # third child: one question
        "ocheredy-sad": "form",
    }
    # materinskiy-kapital: the client already has a certificate, so it is not offered again


def test_refusal_names_condition_data_basis_and_what_to_do(world, birth):  # R17
    _consent(world, birth)
    _event(world, birth)
    refusal = Offer.objects.get(service__slug="edinoe-posobie")
    failed = [r for r in refusal.reasons if not r["passed"]]
    assert len(failed) == 1
    reason = failed[0]
    assert "прожиточного минимума" in reason["condition"]
    assert any("25 000" in d and "ФНС России" in d for d in reason["data"])
    assert "81-ФЗ" in reason["legal_basis"]
    assert "подайте заявление" in reason["remedy"]


def test_consent_for_one_service_offers_only_that_service(world, birth):  # R15
    service = birth.steps.get(service__slug="posobie-pri-rozhdenii").service
    services.consent_give(actor=world.citizen, client=world.citizen, via="api", service=service)
    _event(world, birth)
    assert list(Offer.objects.values_list("service__slug", flat=True)) == ["posobie-pri-rozhdenii"]


def test_processing_the_same_event_twice_makes_one_set_of_offers(world, birth):
    _consent(world, birth)
    event = _event(world, birth)
    assert services.event_process(event_id=event.pk) == "not claimed"
    LifeEvent.objects.filter(pk=event.pk).update(status="pending")  # even if forced to run again
    services.event_process(event_id=event.pk)  # the event's own offers are not decided twice
    assert Offer.objects.count() == 4
    offer = Offer.objects.first()
    assert offer is not None
    offer.pk = None
    with pytest.raises(IntegrityError):  # and the unique constraint refuses a duplicate
        offer.save()


def test_revoking_consent_withdraws_pending_offers(world, birth):  # R15
    consent = _consent(world, birth)
    _event(world, birth)
    confirmed = Offer.objects.get(service__slug="posobie-pri-rozhdenii")
    services.offer_confirm(actor=world.citizen, offer=confirmed)
    withdrawn = services.consent_revoke(actor=world.citizen, consent=consent, via="cabinet")
    assert withdrawn == 2  # the two forms; the confirmed and the refused stay as they are
    statuses = dict(Offer.objects.values_list("service__slug", "status"))
    assert statuses["posobie-pri-rozhdenii"] == "confirmed"
    assert statuses["regionalnyy-kapital"] == statuses["ocheredy-sad"] == "withdrawn"
    assert AuditEvent.objects.filter(
        action="proactive.consent_revoked", changes__via="cabinet"
    ).exists()


def test_consenting_again_decides_the_withdrawn_offers_anew(world, birth):  # R15, R16
    consent = _consent(world, birth)
    _event(world, birth)
    services.offer_confirm(
        actor=world.citizen, offer=Offer.objects.get(service__slug="posobie-pri-rozhdenii")
    )
    services.consent_revoke(actor=world.citizen, consent=consent, via="cabinet")
    with time_machine.travel(TODAY, tick=False):
        _consent(world, birth)
    statuses = dict(Offer.objects.values_list("service__slug", "status"))
    # the withdrawn forms wait for an answer again; what was answered keeps its answer
    assert statuses["regionalnyy-kapital"] == statuses["ocheredy-sad"] == "form"
    assert statuses["posobie-pri-rozhdenii"] == "confirmed"
    assert statuses["edinoe-posobie"] == "refused"
    assert Offer.objects.count() == 4  # the same rows: one offer per event and service
    assert AuditEvent.objects.filter(
        action="proactive.consent_given", changes__offers_decided=2
    ).exists()


def test_consent_after_an_event_without_consent_prepares_its_offers(world, birth):  # R16
    event = _event(world, birth)
    assert event.status == LifeEvent.Status.NO_CONSENT and not Offer.objects.exists()
    with time_machine.travel(TODAY, tick=False):
        _consent(world, birth)
    event.refresh_from_db()
    assert event.status == LifeEvent.Status.DONE
    assert set(Offer.objects.values_list("status", flat=True)) == {"ready", "form", "refused"}


def test_revoking_withdraws_what_the_confirmation_names(world, birth):  # R15
    from proactive import selectors

    consent = _consent(world, birth)
    _event(world, birth)
    services.consent_give(
        actor=world.citizen,
        client=world.citizen,
        via="cabinet",
        service=Offer.objects.get(service__slug="ocheredy-sad").service,
    )
    named = set(selectors.offers_withdrawn_by(consent).values_list("service__slug", flat=True))
    # the nursery queue stays: its own consent still covers it
    assert named == {"posobie-pri-rozhdenii", "regionalnyy-kapital"}
    services.consent_revoke(actor=world.citizen, consent=consent, via="cabinet")
    withdrawn = Offer.objects.filter(status="withdrawn").values_list("service__slug", flat=True)
    assert set(withdrawn) == named


def test_after_revocation_a_new_event_offers_nothing(world, birth):
    consent = _consent(world, birth)
    services.consent_revoke(actor=world.citizen, consent=consent, via="cabinet")
    assert _event(world, birth).status == LifeEvent.Status.NO_CONSENT


def test_confirmed_service_is_not_offered_again(world, birth):  # R16: the client's history
    _consent(world, birth)
    _event(world, birth)
    services.offer_confirm(
        actor=world.citizen, offer=Offer.objects.get(service__slug="posobie-pri-rozhdenii")
    )
    _event(world, birth)
    assert Offer.objects.filter(service__slug="posobie-pri-rozhdenii").count() == 1


def test_short_form_checks_each_field(world, birth):  # R16
    _consent(world, birth)
    _event(world, birth)
    offer = Offer.objects.get(service__slug="regionalnyy-kapital")
    with pytest.raises(ValidationError) as exc:
        services.offer_submit_form(actor=world.citizen, offer=offer, data={"use": "Путешествие"})
    assert "use" in exc.value.message_dict
    services.offer_submit_form(actor=world.citizen, offer=offer, data={"use": "Образование детей"})
    offer.refresh_from_db()
    assert offer.status == "confirmed" and offer.form_answers == {"use": "Образование детей"}


def test_another_client_cannot_answer_an_offer(world, birth):
    _consent(world, birth)
    _event(world, birth)
    offer = Offer.objects.get(service__slug="posobie-pri-rozhdenii")
    with pytest.raises(ValidationError, match="не ваше"):
        services.offer_confirm(actor=world.business, offer=offer)


def test_unknown_client_is_recorded_not_guessed(world, birth):
    with time_machine.travel(TODAY, tick=False):
        event = services.event_receive(
            system=world.system, kind="birth_registered", snils="99999999901", occurred_on=BORN
        )
        services.event_process(event_id=event.pk)
    event.refresh_from_db()
    assert event.status == LifeEvent.Status.UNKNOWN_CLIENT and event.client is None


def test_consent_give_and_revoke_are_audited_with_channel(world, birth):
    consent = services.consent_give(
        actor=world.citizen, client=world.citizen, via="api", life_situation=birth
    )
    assert AuditEvent.objects.filter(action="proactive.consent_given", changes__via="api").exists()
    with pytest.raises(ValidationError, match="уже дано"):
        services.consent_give(
            actor=world.citizen, client=world.citizen, via="api", life_situation=birth
        )
    services.consent_revoke(actor=world.citizen, consent=consent, via="api")
    assert not Consent.objects.valid().exists()


def test_client_is_assigned_to_the_segment_their_data_match(world, birth, catalogue):  # R16
    from segments import services as segment_services
    from segments.models import Segment

    def segment(code: str, family: str) -> Segment:
        seg = segment_services.segment_create(
            actor=world.analyst,
            body=world.body,
            code=code,
            name=f"Семьи: {family}",
            target="life_situation",
            life_situation=birth,
        )
        segment_services.segment_attribute_set(
            actor=world.analyst, segment=seg, attribute=catalogue["family"], value=family
        )
        # as if finalised (R6, R7 are tested in segments): only final profiles place
        Segment.objects.filter(pk=seg.pk).update(status=Segment.Status.FINAL)
        return seg

    segment("1", "1–2 ребёнка")
    large = segment("2", "многодетная семья")
    _consent(world, birth)
    assert _event(world, birth).segment == large  # the registries say: a third child


def test_no_segment_is_guessed_without_data(world, birth):
    from proactive.models import StateRecord

    StateRecord.objects.filter(name="child_order").delete()
    _consent(world, birth)
    assert _event(world, birth).segment is None


def test_a_second_report_of_the_same_birth_duplicates_no_offer(world, birth):  # R16, R17
    _consent(world, birth)
    first = _event(world, birth)
    offers = Offer.objects.count()
    second = _event(world, birth)  # the body's system reports the same birth again
    assert second.pk == first.pk and second.status == LifeEvent.Status.DONE
    assert Offer.objects.count() == offers  # no second refusal, nothing told twice
    assert Offer.objects.filter(status__in=["ready", "form"]).count() == 3


def test_declining_someone_elses_offer_says_so(world, birth):
    _consent(world, birth)
    _event(world, birth)
    offer = Offer.objects.get(service__slug="ocheredy-sad")
    with pytest.raises(ValidationError, match="не ваше"):
        services.offer_decline(actor=world.business, offer=offer)
    services.offer_decline(actor=world.citizen, offer=offer)
    with pytest.raises(ValidationError, match="уже не ждёт ответа: отказались"):
        services.offer_decline(actor=world.citizen, offer=offer)


def test_a_consent_is_for_a_situation_of_the_clients_kind(world, birth):  # R15; issue 16, item 13

    with pytest.raises(ValidationError) as refused:
        services.consent_give(
            actor=world.business, client=world.business, via="api", life_situation=birth
        )
    assert refused.value.message_dict["life_situation"] == [
        "Эта жизненная ситуация — для граждан, а не для бизнеса."
    ]


def test_a_business_profile_holds_no_snils_and_a_citizens_needs_one(world):

    with pytest.raises(ValidationError) as refused:
        services.client_profile_set(actor=world.business, user=world.business, snils=SNILS)
    assert "ИНН и ОГРН" in refused.value.message_dict["snils"][0]
    with pytest.raises(ValidationError):
        services.client_profile_set(actor=world.citizen, user=world.citizen, snils="")
    profile = services.client_profile_set(
        actor=world.business, user=world.business, snils="", notify_by="push"
    )
    assert profile.snils == "" and not profile.is_verified


def test_an_operator_confirms_no_snils_for_a_business(world):  # issue 16, item 13
    with pytest.raises(ValidationError) as refused:
        services.client_profile_verify(
            actor=world.servant, user=world.business, snils=SNILS, via="operator"
        )
    assert "ИНН и ОГРН" in refused.value.message_dict["user"][0]


def test_a_repeated_report_is_the_first_event_even_when_it_raced_in(
    world, birth, monkeypatch
):  # R16, R17
    """Two reports of one event at once: the second's look-up found nothing (the first was
    not committed yet), its insert meets the unique index, and it gets the first event."""

    def receive(details: dict[str, str]) -> LifeEvent:
        return services.event_receive(
            system=world.system, kind="birth_registered", snils=SNILS, occurred_on=BORN,
            details=details,
        )  # fmt: skip

    first = receive(details={"from": "ЗАГС"})
    assert not first.already_known
    real = services._first_report
    calls: list[int] = []

    def not_yet_committed(body, said):
        calls.append(1)
        return None if len(calls) == 1 else real(body, said)

    monkeypatch.setattr(services, "_first_report", not_yet_committed)
    again = receive(details={"from": "повтор"})
    assert again.pk == first.pk and again.already_known and len(calls) == 2
    assert LifeEvent.objects.get().details == {"from": "ЗАГС"}  # the first report stands


def test_another_date_is_another_event(world, birth):  # R16
    one = services.event_receive(
        system=world.system, kind="birth_registered", snils=SNILS, occurred_on=BORN
    )
    later = services.event_receive(
        system=world.system, kind="birth_registered", snils=SNILS,
        occurred_on=BORN - dt.timedelta(days=3),
    )  # fmt: skip
    assert later.pk != one.pk and not later.already_known


def _a_family_without_a_certificate(world: World, birth: LifeSituation) -> Offer:
    """«Материнский капитал» is a function (the demo's kind): granted from the state's data."""
    from proactive.models import StateRecord
    from registry.models import Service

    Service.objects.filter(slug="materinskiy-kapital").update(kind=Service.Kind.FUNCTION)
    StateRecord.objects.filter(name="has_maternity_certificate").delete()
    consent = _consent(world, birth)
    _event(world, birth)
    offer = Offer.objects.get(service__slug="materinskiy-kapital")
    offer.consent = consent  # type: ignore[attr-defined]
    return offer


def test_a_function_is_granted_not_offered(world, birth):  # R2, seed 000, 004 §2.1.2.б
    offer = _a_family_without_a_certificate(world, birth)
    assert offer.status == Offer.Status.GRANTED and offer.answered_at is not None
    assert not offer.is_pending
    # a service of the same event still waits for the client's one click
    assert Offer.objects.get(service__slug="posobie-pri-rozhdenii").status == "ready"
    with pytest.raises(ValidationError):
        services.offer_confirm(actor=world.citizen, offer=offer)
    with pytest.raises(ValidationError):
        services.offer_decline(actor=world.citizen, offer=offer)


def test_revoking_the_consent_does_not_undo_a_granted_function(world, birth):  # R15
    offer = _a_family_without_a_certificate(world, birth)
    services.consent_revoke(actor=world.citizen, consent=offer.consent, via="cabinet")  # type: ignore[attr-defined]
    offer.refresh_from_db()
    assert offer.status == Offer.Status.GRANTED
    assert Offer.objects.get(service__slug="posobie-pri-rozhdenii").status == "withdrawn"


def test_a_function_that_needed_a_short_form_is_granted_once_answered(world, birth):
    from registry.models import Service

    Service.objects.filter(slug="regionalnyy-kapital").update(kind=Service.Kind.FUNCTION)
    _consent(world, birth)
    _event(world, birth)
    offer = Offer.objects.get(service__slug="regionalnyy-kapital")
    assert offer.status == Offer.Status.FORM
    answers = {f["name"]: (f.get("choices") or ["2027-09-01"])[0] for f in offer.form_fields}
    done = services.offer_submit_form(actor=world.citizen, offer=offer, data=answers)
    assert done.status == Offer.Status.GRANTED


def test_a_repeat_stored_before_adds_nothing_the_first_decided(world, birth):  # R16, R17
    """Another report of the same event (another body's, or a repeat kept by migration
    0010) is decided after the first: the client is not told the same refusal twice, and
    the cabinet and the figures show the first report only."""
    from proactive import selectors

    _consent(world, birth)
    first = _event(world, birth)
    told = Offer.objects.count()
    repeat = LifeEvent.objects.create(
        body=first.body, system=first.system, kind=first.kind, snils=first.snils,
        occurred_on=first.occurred_on, first_report=False,
    )  # fmt: skip
    with time_machine.travel(TODAY, tick=False):
        services.event_process(event_id=repeat.pk)
    repeat.refresh_from_db()
    assert repeat.status == LifeEvent.Status.DONE
    assert Offer.objects.count() == told  # «Единое пособие» refused once, not twice
    journeys = selectors.cabinet_for(world.citizen)["journeys"]
    assert [j.event.pk for j in journeys] == [first.pk]


def test_a_function_cannot_be_declined(world, birth):  # seed 000
    from registry.models import Service

    Service.objects.filter(slug="regionalnyy-kapital").update(kind=Service.Kind.FUNCTION)
    _consent(world, birth)
    _event(world, birth)
    offer = Offer.objects.get(service__slug="regionalnyy-kapital")
    with pytest.raises(ValidationError) as refused:
        services.offer_decline(actor=world.citizen, offer=offer)
    assert "offer" in refused.value.message_dict


def _invitation_token(message_body: str) -> str:
    import re

    found = re.search(r"/o/i/([A-Za-z0-9_-]+)/", message_body)
    assert found, message_body
    return found.group(1)


def test_a_confirmed_service_asks_for_a_rating_that_counts_as_verified(
    world, birth, client, django_capture_on_commit_callbacks
):  # seed 004 §5.1.6, R18–R20
    from django.core import mail

    from feedback import selectors as feedback_selectors

    _consent(world, birth)
    _event(world, birth)
    offer = Offer.objects.get(service__slug="posobie-pri-rozhdenii")
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_confirm(actor=world.citizen, offer=offer)
    asked = [m for m in mail.outbox if m.subject == "Оцените услугу"]
    assert len(asked) == 1 and asked[0].to == [world.citizen.email]
    assert "Пособие при рождении" in asked[0].body
    token = _invitation_token(str(asked[0].body))
    rated = client.post(
        "/api/v1/ratings", {"invitation": token, "csat": 5}, content_type="application/json"
    )
    assert rated.status_code == 201 and rated.json()["verified"] is True
    assert rated.json()["service"] == offer.service_id
    figures = feedback_selectors.total(feedback_selectors.Filters(service_id=offer.service_id))
    assert figures.n == 1  # in the service's figures, as every rating


def test_a_granted_function_asks_for_a_rating_once(
    world, birth, django_capture_on_commit_callbacks
):
    from django.core import mail

    from feedback.models import Invitation
    from proactive import scenario

    with django_capture_on_commit_callbacks(execute=True):
        offer = _a_family_without_a_certificate(world, birth)
    assert offer.status == Offer.Status.GRANTED
    invitation = Invitation.objects.get(service=offer.service)
    assert invitation.client == world.citizen
    assert invitation.segment_id == offer.event.segment_id  # the rating moves it (R9)
    assert [m.subject for m in mail.outbox].count("Оцените услугу") == 1
    scenario.ask_for_rating(client=world.citizen, service=offer.service, event=offer.event)
    assert Invitation.objects.filter(service=offer.service).count() == 1  # once per delivery


def test_an_unsubscribed_client_is_not_asked_by_mail(
    world, birth, django_capture_on_commit_callbacks
):  # R24
    from django.core import mail

    from mailings.services import preference_set

    preference_set(email=world.citizen.email, topic="rating_invitation", frequency="off")
    _consent(world, birth)
    _event(world, birth)
    offer = Offer.objects.get(service__slug="posobie-pri-rozhdenii")
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_confirm(actor=world.citizen, offer=offer)
    assert not [m for m in mail.outbox if m.subject == "Оцените услугу"]


def test_an_sms_client_is_told_by_sms_through_the_one_path(
    world, birth, django_capture_on_commit_callbacks
):  # R24, seed 004 §5.1.6
    """The offers and the rating invitation reach an SMS client's phone, with the short
    link that stops the topic, and each is recorded; nothing goes by mail."""
    from django.core import mail

    from mailings import channels
    from mailings.models import Notice

    services.client_profile_set(
        actor=world.citizen, user=world.citizen, snils=SNILS, notify_by="sms", phone="89161234567"
    )
    services.client_profile_verify(actor=None, user=world.citizen, snils=SNILS, via="idp")
    _consent(world, birth)
    with django_capture_on_commit_callbacks(execute=True):
        _event(world, birth)
        offer = Offer.objects.get(service__slug="posobie-pri-rozhdenii")
        services.offer_confirm(actor=world.citizen, offer=offer)
    texts = [s.text for s in channels.outbox if s.to == "+79161234567"]
    assert any("Мы подготовили" in t or "есть решения" in t for t in texts)
    assert any("Оцените" in t for t in texts)
    assert all("/m/" in t for t in texts) and len(texts) == len(channels.outbox)
    assert not [m for m in mail.outbox if m.to == [world.citizen.email]]
    topics = set(Notice.objects.filter(channel="sms").values_list("topic", flat=True))
    assert {"proactive_offers", "rating_invitation"} <= topics
