"""Migration 0010: repeats of one life event stored before the platform recognised them
keep their rows (offers point at them) and are marked, so the first report is unique."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.migrations import at, migrate

BEFORE = [("proactive", "0009_life_event_claim_token")]
AFTER = [("proactive", "0010_life_event_first_report")]
AFTER_GRANTED = [("proactive", "0011_offer_granted")]


@pytest.mark.django_db(transaction=True)
def test_repeats_already_stored_are_marked_and_the_first_stays_first() -> None:  # R16
    with at(BEFORE) as old:
        Body = old.get_model("accounts", "Body")
        User = old.get_model("accounts", "User")
        LifeEvent = old.get_model("proactive", "LifeEvent")
        body = Body.objects.create(slug="sfr-m", short_name="СФР", name="Социальный фонд")
        system = User.objects.create(username="zags-system", body=body)
        born = dt.date(2026, 1, 15)

        def event(snils: str, day: dt.date = born):
            return LifeEvent.objects.create(
                body=body, system=system, kind="birth_registered", snils=snils, occurred_on=day
            ).pk

        first, repeat, again = event("11223344595"), event("11223344595"), event("11223344595")
        # a report that found no client, then one that reached the client: the second holds the
        # offers the client sees, so it is the one kept as the first report
        lost, reached = event("13245678901", born), event("13245678901", born)
        LifeEvent.objects.filter(pk=lost).update(status="unknown_client")
        LifeEvent.objects.filter(pk=reached).update(status="done")
        other_day, other_person = (
            event("11223344595", born - dt.timedelta(days=1)),
            event("12345678964"),
        )
        new = migrate(AFTER)
        flags = dict(
            new.get_model("proactive", "LifeEvent").objects.values_list("pk", "first_report")
        )
        assert flags == {
            first: True, repeat: False, again: False, other_day: True, other_person: True,
            lost: False, reached: True,
        }  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_offers_of_functions_waiting_for_a_confirmation_become_granted() -> None:  # seed 000
    with at([*AFTER, ("registry", "0005_service_who_cost_apply")]) as old:
        Body = old.get_model("accounts", "Body")
        User = old.get_model("accounts", "User")
        Service = old.get_model("registry", "Service")
        LifeSituation = old.get_model("registry", "LifeSituation")
        LifeEvent = old.get_model("proactive", "LifeEvent")
        Offer = old.get_model("proactive", "Offer")
        body = Body.objects.create(slug="sfr-g", short_name="СФР", name="Социальный фонд")
        citizen = User.objects.create(username="mother")
        situation = LifeSituation.objects.create(
            owner_body=body, slug="birth-g", title="Рождение", start_event="Рождение",
            final_result="Выплаты", time_bound_days=30,
        )  # fmt: skip
        event = LifeEvent.objects.create(
            body=body, system=citizen, kind="birth_registered", snils="11223344595",
            occurred_on=dt.date(2026, 1, 15),
        )  # fmt: skip

        def offer(slug: str, kind: str, status: str) -> int:
            service = Service.objects.create(body=body, slug=slug, title=slug, kind=kind)
            made = Offer.objects.create(
                client=citizen, event=event, life_situation=situation, service=service,
                status=status, summary=slug, rule=f"{slug}@1",
            )  # fmt: skip
            return int(made.pk)

        capital = offer("kapital-g", "function", "ready")
        allowance = offer("posobie-g", "service", "ready")
        refused = offer("edinoe-g", "function", "refused")
        new = migrate(AFTER_GRANTED)
        rows = dict(new.get_model("proactive", "Offer").objects.values_list("pk", "status"))
        assert rows == {capital: "granted", allowance: "ready", refused: "refused"}
