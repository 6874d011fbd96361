"""Demo of proactive delivery (R15–R17): the registry's start events wired to their life
situations, the demo citizen known to the state registries by СНИЛС (a third child born
two weeks ago, a family income above the regional minimum, no maternity capital
certificate yet — so the function is granted without an application), consent for «Рождение ребёнка» and the civil registry's
birth event already processed — so the cabinet shows ready, form, refused and
cannot-be-met items; and the demo business (ИП Фёдоров), consented to «Открытие ИП», whose
registration the МФЦ reported by its ИНН. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from proactive import services
from proactive.models import ClientProfile, StateRecord, Trigger
from registry.models import LifeSituation

DEMO_SNILS = "11223344595"
#: The start events of the demo's life situations: code, name, life situation.
TRIGGERS = {
    "birth_registered": ("Зарегистрировано рождение ребёнка", "rozhdenie-rebenka"),
    "retirement_age": ("Достигнут пенсионный возраст", "vyhod-na-pensiyu"),
    "business_registered": ("Зарегистрирован ИП", "otkrytie-ip"),
    "address_changed": ("Изменилось место жительства", "pereezd"),
    "job_lost": ("Прекращён трудовой договор", "utrata-raboty"),
}


def _citizen_appeal(citizen: User) -> None:
    """An appeal the portal passed with the citizen's confirmed СНИЛС, answered: it stands
    in the citizen's history beside the offers (issue 23)."""
    from accounts.models import Body, Role
    from inbox import services as inbox

    item, created = inbox.item_receive(
        actor=User.objects.get(username="mfc-ais"),  # the body's system vouches for the sign-in
        received_by=Body.objects.get(slug="minsoc"),
        kind="appeal",
        channel="portal",
        text="Где узнать, какие выплаты положены семье после рождения третьего ребёнка?",
        external_id="demo-citizen-appeal",
        author_name=citizen.display_name,
        author_contact=citizen.email,
        client_snils=DEMO_SNILS,
    )
    answerer = User.objects.filter(body_id=item.body_id, role=Role.ANALYST).first()
    if created and answerer is not None:
        inbox.answer_send(
            actor=answerer,
            item=item,
            text=(
                "Все выплаты для вашей семьи собраны в кабинете, в разделе «Проактивные "
                "услуги». Мы пришлём их сами, заявление не нужно."
            ),
        )


def load_proactive() -> None:
    if ClientProfile.objects.filter(snils=DEMO_SNILS).exists():
        return
    with transaction.atomic():
        slugs = [slug for _title, slug in TRIGGERS.values()]
        situations = {ls.slug: ls for ls in LifeSituation.objects.filter(slug__in=slugs)}
        for kind, (title, slug) in TRIGGERS.items():
            if slug in situations:
                Trigger.objects.get_or_create(
                    kind=kind, defaults={"title": title, "life_situation": situations[slug]}
                )
        citizen = User.objects.get(username="citizen")
        services.client_profile_set(actor=None, user=citizen, snils=DEMO_SNILS)
        # As if the citizen had shown the passport at the МФЦ: only a confirmed СНИЛС
        # brings the state's data to a cabinet.
        services.client_profile_verify(actor=None, user=citizen, snils=DEMO_SNILS, via="operator")
        _citizen_appeal(citizen)
        born = timezone.localdate() - dt.timedelta(days=14)
        for source, name, value in [
            ("civil_registry", "newborn_birth_date", born.isoformat()),
            ("civil_registry", "child_order", 3),
            ("tax", "income_per_person", 24_300),
            # no certificate yet: «Материнский капитал», a function, is granted (seed 000)
            ("pension_fund", "has_maternity_certificate", False),
            ("population", "region", "Амурская область"),
            # what the segment profiles are matched on (segmenting.DERIVATIONS)
            ("population", "birth_date", (born - dt.timedelta(days=38 * 365)).isoformat()),
            ("population", "gender", "женский"),
            ("population", "settlement_type", "посёлок или село"),
            ("tax", "employment", "работает по найму"),
        ]:
            StateRecord.objects.create(
                source=source, snils=DEMO_SNILS, name=name, value=value, as_of=born
            )
        services.consent_give(
            actor=citizen,
            client=citizen,
            via="cabinet",
            life_situation=situations["rozhdenie-rebenka"],
        )
        system = User.objects.get(username="mfc-ais")
        assert system.body is not None
        services.event_sources_set(
            actor=None, body=system.body, kinds=["birth_registered", "business_registered"]
        )
        event = services.event_receive(
            system=system, kind="birth_registered", snils=DEMO_SNILS, occurred_on=born
        )
        # The demo business (ИП Фёдоров) consented to «Открытие ИП», and the МФЦ, where the
        # papers were handed in, reports the registration by the ИП's ИНН.
        business = User.objects.get(username="business")
        services.consent_give(
            actor=business, client=business, via="cabinet", life_situation=situations["otkrytie-ip"]
        )
        assert business.organisation is not None
        registered = services.event_receive(
            system=system,
            kind="business_registered",
            inn=business.organisation.inn,
            occurred_on=timezone.localdate() - dt.timedelta(days=3),
        )
    services.event_process(event_id=event.pk)
    services.event_process(event_id=registered.pk)
