"""Writes of proactive delivery (R15–R17): consents, life events, the scenario that turns an
event into offers, and the client's answers. Every consent and personal-data change is
audited with its channel."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Body, Role, User
from accounts.roles import may_be_client
from audit.services import audit_record
from lib import business_ids, killpoint
from lib import snils as snils_lib
from lib.claim import claim
from lib.env import env_int
from mailings.services import mail_send
from proactive import adapters, segmenting, selectors
from proactive.actions import Action
from proactive.engine.rules import RULES
from proactive.models import (
    Booking,
    ClientProfile,
    Consent,
    EventKind,
    EventSource,
    IdempotencyKey,
    LifeEvent,
    Offer,
    Trigger,
)
from registry.models import LifeSituation, Service

log = logging.getLogger("klientocentr.proactive")

#: A claimed event whose worker died is taken again after this long.
STALE_AFTER = dt.timedelta(seconds=env_int("PROACTIVE_STALE_SECONDS", 60))
_RESULT_STATUS = {
    "grant": Offer.Status.READY,
    "form": Offer.Status.FORM,
    "refuse": Offer.Status.REFUSED,
}


# --- clients and consents ---------------------------------------------------------------------


@transaction.atomic
def client_profile_set(
    *, actor: User | None, user: User, snils: str, notify_by: str = "email"
) -> ClientProfile:
    """A client states their СНИЛС and how to be told; audited (personal data). A
    business states only how to be told: the state knows it by its organisation's ИНН and
    ОГРН (``accounts.Organisation``), so its profile holds no СНИЛС.

    The number is a claim until a trusted source confirms it (``client_profile_verify``):
    a changed number loses its confirmation, and nothing here looks at other accounts, so
    the answer never tells whether somebody else holds the number."""
    business = selectors.is_business(user)
    if business and snils.strip():
        raise ValidationError(
            {"snils": _("Организацию государство знает по ИНН и ОГРН, СНИЛС для неё не нужен.")}
        )
    digits = "" if business else snils_lib.clean(snils)
    profile, created = ClientProfile.objects.get_or_create(user=user, defaults={"snils": digits})
    before = "" if created else profile.masked_snils
    withdrawn = 0 if created else _number_change(profile, digits)
    if not created and profile.snils != digits:
        profile.snils_verified_at, profile.snils_verified_via = None, ""
        profile.snils_verified_by = None
    profile.snils, profile.notify_by = digits, notify_by
    profile.full_clean(exclude=["user"], validate_constraints=False)
    profile.save()
    audit_record(
        actor=actor,
        action=Action.CLIENT_PROFILE,
        obj=profile,
        changes={
            "snils": [before, profile.masked_snils],
            "notify_by": notify_by,
            "verified": profile.is_verified,
            "offers_withdrawn": withdrawn,
        },
    )
    return profile


def _number_change(profile: ClientProfile, digits: str) -> int:
    """A profile's number changes: what was prepared from the previous number's state data
    waits for no answer any longer (the offers are withdrawn); what the account still
    holds of it is shown only while the account's confirmed number is that one (see
    ``selectors.offers_of``). Returns how many offers were withdrawn."""
    if profile.snils == digits:
        return 0
    return Offer.objects.filter(
        client_id=profile.user_id,
        event__snils=profile.snils,
        status__in=[Offer.Status.READY, Offer.Status.FORM],
    ).update(status=Offer.Status.WITHDRAWN, answered_at=timezone.now())


@transaction.atomic
def client_profile_verify(*, actor: User | None, user: User, snils: str, via: str) -> ClientProfile:
    """A trusted source confirms that ``user`` holds this СНИЛС: the identity provider's
    claims (``via="idp"``), or an operator who checked the passport (``via="operator"``,
    ``actor`` is the operator). Only now do the state's data reach the client (R16).

    The number may be confirmed for one account only; the operator, who has seen the
    documents, is told so, and nothing changes."""
    if via not in ClientProfile.Verification.values:
        raise ValidationError({"via": _("Неизвестный способ подтверждения.")})
    if not may_be_client(user):
        raise ValidationError(
            {"user": _("СНИЛС подтверждают человеку, а не информационной системе.")}
        )
    if actor is not None and actor.pk == user.pk:
        raise ValidationError({"user": _("Свой СНИЛС подтверждает другой сотрудник.")})
    if selectors.is_business(user):
        raise ValidationError(
            {"user": _("Это учётная запись организации: государство знает её по ИНН и ОГРН.")}
        )
    digits = snils_lib.clean(snils)
    if ClientProfile.objects.verified().filter(snils=digits).exclude(user=user).exists():
        raise ValidationError(
            {
                "snils": _(
                    "Этот СНИЛС уже подтверждён для другой учётной записи. Если её завёл не "
                    "клиент, передайте обращение в службу безопасности."
                )
            }
        )
    profile, created = ClientProfile.objects.get_or_create(user=user, defaults={"snils": digits})
    if not created:
        _number_change(profile, digits)
    profile.snils = digits
    profile.snils_verified_at, profile.snils_verified_via = timezone.now(), via
    profile.snils_verified_by = actor if via == ClientProfile.Verification.OPERATOR else None
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError:  # another operator confirmed the number meanwhile (PostgreSQL)
        raise ValidationError(
            {"snils": _("Этот СНИЛС уже подтверждён для другой учётной записи.")}
        ) from None
    audit_record(
        actor=actor,
        action=Action.SNILS_VERIFIED,
        obj=profile,
        body=actor.body if actor is not None else None,
        changes={"snils": profile.masked_snils, "via": via, "client": user.username},
    )
    return profile


@transaction.atomic
def consent_give(
    *,
    actor: User,
    client: User,
    via: str,
    life_situation: LifeSituation | None = None,
    service: Service | None = None,
) -> Consent:
    """R15: consent for all services of a life situation, or for one service. The life
    situations it covers are decided again from the events already known (R16), so what a
    revoked consent withdrew comes back (``offers_redecide``)."""
    if not may_be_client(client):
        raise ValidationError({"client": _("Согласие даёт гражданин или представитель бизнеса.")})
    if (life_situation is None) == (service is None):
        raise ValidationError({"life_situation": _("Выберите жизненную ситуацию или одну услугу.")})
    if life_situation is not None and not _meant_for(life_situation, client):
        raise ValidationError(
            {
                "life_situation": _("Эта жизненная ситуация — для бизнеса.")
                if life_situation.for_business
                else _("Эта жизненная ситуация — для граждан, а не для бизнеса.")
            }
        )
    existing = Consent.objects.valid().filter(client=client)
    existing = (
        existing.filter(life_situation=life_situation)
        if life_situation
        else existing.filter(service=service)
    )
    if existing.exists():
        raise ValidationError({"life_situation": _("Согласие уже дано.")})
    consent = Consent.objects.create(
        client=client, life_situation=life_situation, service=service, given_via=via
    )
    # What the platform already knows is decided again under the new consent: an offer
    # withdrawn when an earlier consent was revoked comes back.
    decided = offers_redecide(client=client, consent=consent)
    audit_record(
        actor=actor,
        action=Action.CONSENT_GIVEN,
        obj=consent,
        changes={"via": via, "scope": str(consent), "offers_decided": decided},
    )
    return consent


def _meant_for(life_situation: LifeSituation, client: User) -> bool:
    """Is the life situation one for this kind of client (a business, or a citizen)?"""
    if selectors.is_business(client):
        return life_situation.for_business
    return life_situation.for_citizens


@transaction.atomic
def consent_revoke(*, actor: User, consent: Consent, via: str) -> int:
    """R15: revoke at any time; pending offers under it are withdrawn at once. Returns how many."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_at is not None:
        raise ValidationError({"consent": _("Согласие уже отозвано.")})
    pending = selectors.offers_withdrawn_by(consent)
    consent.revoked_at, consent.revoked_via = timezone.now(), via
    consent.save(update_fields=["revoked_at", "revoked_via"])
    withdrawn = pending.update(status=Offer.Status.WITHDRAWN, answered_at=timezone.now())
    audit_record(
        actor=actor,
        action=Action.CONSENT_REVOKED,
        obj=consent,
        changes={"via": via, "scope": str(consent), "offers_withdrawn": withdrawn},
    )
    return withdrawn


@transaction.atomic
def event_sources_set(*, actor: User | None, body: Body, kinds: list[str]) -> None:
    """The body's administrator sets which kinds of event the body's systems may report."""
    unknown = set(kinds) - set(EventKind.values)
    if unknown:
        raise ValidationError({"kinds": _("Неизвестный вид события.")})
    before = sorted(EventSource.objects.filter(body=body).values_list("kind", flat=True))
    EventSource.objects.filter(body=body).exclude(kind__in=kinds).delete()
    for kind in set(kinds) - set(before):
        EventSource.objects.create(body=body, kind=kind)
    audit_record(
        actor=actor,
        action=Action.EVENT_SOURCES,
        obj=body,
        body=body,
        changes={"kinds": [before, sorted(kinds)]},
    )


# --- idempotent intake ---------------------------------------------------------------------


class IdempotencyConflict(Exception):
    """The same key is still being processed (409)."""


class IdempotencyMismatch(Exception):
    """The same key came with another payload (422)."""


def request_fingerprint(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def idempotent(
    *,
    system: User,
    key: str,
    payload: dict[str, Any],
    run: Callable[[], tuple[int, dict[str, Any]]],
) -> tuple[int, dict[str, Any]]:
    """The IETF Idempotency-Key draft: the first answer is stored and repeated; another
    payload under the same key is refused; a repeat while the first runs is a conflict."""
    fingerprint = request_fingerprint(payload)
    try:
        with transaction.atomic():
            record = IdempotencyKey.objects.create(system=system, key=key, request_hash=fingerprint)
    except IntegrityError:
        record = IdempotencyKey.objects.get(system=system, key=key)
        if record.request_hash != fingerprint:
            raise IdempotencyMismatch from None
        if record.status_code is None:
            raise IdempotencyConflict from None
        return record.status_code, record.response or {}
    try:
        status, body = run()
    except BaseException:
        record.delete()  # nothing was done: the same key may be tried again
        raise
    IdempotencyKey.objects.filter(pk=record.pk).update(status_code=status, response=body)
    return status, body


@transaction.atomic
def event_receive(
    *,
    system: User,
    kind: str,
    snils: str = "",
    inn: str = "",
    occurred_on: dt.date,
    details: dict[str, Any] | None = None,
) -> LifeEvent:
    """Record a life event reported by a system; the runner processes it (R16).

    The event is about a person, named by СНИЛС, or about a business, named by its ИНН
    (the tax service reports a registered ИП by it) — one of the two, each with its check
    digits verified: a mistyped number would silently reach nobody, or somebody else."""
    if system.body is None:
        raise ValidationError({"X-API-Key": _("Система не привязана к органу.")})
    if bool((snils or "").strip()) == bool((inn or "").strip()):
        raise ValidationError(
            {"snils": _("Укажите одно из двух: СНИЛС гражданина или ИНН организации (ИП).")}
        )
    snils_digits = snils_lib.clean(snils) if (snils or "").strip() else ""
    inn_digits = business_ids.clean_inn(inn) if (inn or "").strip() else ""
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("Дата события не может быть в будущем.")})
    trigger = Trigger.objects.select_related("life_situation").filter(kind=kind).first()
    if trigger is None:
        raise ValidationError({"kind": _("Для этого события нет жизненной ситуации в реестре.")})
    if inn_digits and not trigger.life_situation.for_business:
        raise ValidationError(
            {
                "inn": _(
                    "Событие «{kind}» открывает жизненную ситуацию граждан: сообщите СНИЛС."
                ).format(kind=EventKind(kind).label)
            }
        )
    situation = trigger.life_situation
    if snils_digits and not (situation.for_citizens or situation.for_internal):
        raise ValidationError(
            {
                "snils": _(
                    "Событие «{kind}» открывает жизненную ситуацию бизнеса: сообщите ИНН."
                ).format(kind=EventKind(kind).label)
            }
        )
    if not EventSource.objects.filter(body=system.body, kind=kind).exists():
        raise ValidationError(
            {
                "kind": _(
                    "Ваш орган не отмечен источником событий «{kind}». Администратор органа "
                    "отмечает их на странице «Какие события сообщают системы органа»."
                ).format(kind=EventKind(kind).label)
            }
        )
    event = LifeEvent.objects.create(
        body=system.body,
        system=system,
        kind=kind,
        snils=snils_digits,
        inn=inn_digits,
        occurred_on=occurred_on,
        details=details or {},
    )
    # Processed by the runner's ``proactive.events`` job within seconds, not in this
    # request: an answer that waited for the offers would take longer for a person who
    # uses the platform and consented, and so tell the sender what it must not know.
    return event


# --- the scenario (R16) -----------------------------------------------------------------------


def _claim(event_id: int, now: dt.datetime) -> bool:
    claimable = Q(status=LifeEvent.Status.PENDING) | Q(
        status=LifeEvent.Status.PROCESSING, claimed_at__lt=now - STALE_AFTER
    )
    return claim(
        LifeEvent.objects.filter(claimable, pk=event_id),
        status=LifeEvent.Status.PROCESSING,
        claimed_at=now,
        attempts=F("attempts") + 1,
    )


def event_process(*, event_id: int) -> str:
    """Turn one event into offers, once. The event is claimed with a conditional update and
    processed in one transaction: a worker killed mid-way leaves nothing half-written and
    the event is taken again after ``STALE_AFTER``; one offer per event and service is also
    a database constraint, so a retry can never duplicate an offer."""
    if not _claim(event_id, timezone.now()):
        return "not claimed"
    with transaction.atomic():
        event = LifeEvent.objects.select_for_update().get(pk=event_id)
        outcome = _scenario(event)
        event.status, event.processed_at = outcome, timezone.now()
        event.save(update_fields=["status", "processed_at", "client", "life_situation", "segment"])
    return outcome


def events_sweep(*, limit: int = 100) -> int:
    """Process events still pending, or whose worker died (claimed longer than
    ``STALE_AFTER`` ago), oldest first — the runner's ``proactive.events`` job, the one way
    events are processed. Returns how many were processed."""
    stale = timezone.now() - STALE_AFTER
    waiting = (
        LifeEvent.objects.filter(
            Q(status=LifeEvent.Status.PENDING)
            | Q(status=LifeEvent.Status.PROCESSING, claimed_at__lt=stale)
        )
        .order_by("received_at", "id")  # the oldest first: a backlog never starves them
        .values_list("pk", flat=True)[:limit]
    )
    done = 0
    for pk in list(waiting):
        try:
            done += event_process(event_id=pk) != "not claimed"
        except Exception:  # one bad event must not hold up the rest; it is retried when stale
            log.exception("life event %s failed", pk)
    return done


def _client_of(event: LifeEvent, life_situation: LifeSituation) -> User | None:
    """Whom the event is about. A person: only a confirmed СНИЛС ties an event to an
    account — a number somebody merely typed must never bring another person's registry
    data into their cabinet. A business: the representatives the platform linked to the
    organisation of that ИНН (the link is the administrator's, not typed by the client);
    the first who consented to the situation gets it, else the first of them."""
    if not event.about_business:
        profile = (
            ClientProfile.objects.verified()
            .select_related("user")
            .filter(snils=event.snils)
            .first()
        )
        return profile.user if profile else None
    representatives = list(
        User.objects.filter(
            role=Role.BUSINESS, is_active=True, organisation__inn=event.inn
        ).order_by("pk")
    )
    consented = set(
        Consent.objects.valid()
        .filter(client__in=representatives)
        .filter(
            Q(life_situation=life_situation) | Q(service__in=life_situation.steps.values("service"))
        )
        .values_list("client_id", flat=True)
    )
    return next((u for u in representatives if u.pk in consented), None) or next(
        iter(representatives), None
    )


def _scenario(event: LifeEvent) -> str:
    trigger = Trigger.objects.select_related("life_situation").get(kind=event.kind)
    life_situation = trigger.life_situation
    event.life_situation = life_situation
    client = _client_of(event, life_situation)
    if client is None:
        return LifeEvent.Status.UNKNOWN_CLIENT
    event.client = client
    made = _decide(event, client, life_situation)
    if made is None:
        return LifeEvent.Status.NO_CONSENT  # R15: nothing proactive without consent
    if made:
        killpoint.pause("EVENT")
        _notify(client, life_situation, made)
    return LifeEvent.Status.DONE


def _decide(event: LifeEvent, client: User, life_situation: LifeSituation) -> int | None:
    """Decide, from the state's data, the services of the event's life situation that a
    valid consent covers (R15, R16); None when no consent covers any. A service the client
    already has, or was offered and has not answered, is not offered again (R16: personal
    needs from the client's history); one this event already answered (confirmed, declined,
    refused) keeps its answer; one whose offer was withdrawn with a revoked consent is
    decided anew, in the same row (one offer per event and service). Returns how many
    offers were made or made again."""
    consents = Consent.objects.valid().filter(client=client)
    whole = consents.filter(life_situation=life_situation).exists()
    single = set(consents.filter(service__isnull=False).values_list("service_id", flat=True))
    steps = list(life_situation.steps.select_related("service").order_by("position"))
    chosen = [s.service for s in steps if whole or s.service_id in single]
    if not chosen:
        return None
    already = set(
        Offer.objects.filter(
            client=client,
            status__in=[Offer.Status.CONFIRMED, Offer.Status.READY, Offer.Status.FORM],
        ).values_list("service_id", flat=True)
    )
    on_event = {o.service_id: o for o in Offer.objects.filter(event=event)} if event.pk else {}
    open_again = {pk for pk, o in on_event.items() if o.status == Offer.Status.WITHDRAWN}
    to_decide = [
        (service, RULES[service.slug])
        for service in chosen
        # a rule decides it from data, the client has not got it, and this event has no
        # answer for it yet (or only a withdrawn offer)
        if service.slug in RULES
        and service.pk not in already
        and (service.pk not in on_event or service.pk in open_again)
    ]
    # One question to each registry for everything the rules and the segments need.
    needed = {name for _s, rule in to_decide for name in rule.facts} | set(segmenting.FACTS)
    # The demo registries know people by СНИЛС; a business's registries (ЕГРЮЛ, ЕГРИП) are
    # not connected yet, so its rules ask the business what they need (R16's short form).
    facts = adapters.facts_for(event.snils, needed if event.snils else set())
    event.segment = segmenting.assign(
        life_situation_id=life_situation.pk, facts=facts, on=timezone.localdate()
    )
    offers: list[Offer] = []
    renewed: list[Offer] = []
    for service, rule in to_decide:
        decision = rule.decide(facts, timezone.localdate())
        if decision.result == "has":
            continue
        offer = on_event.get(service.pk) or Offer(
            client=client, event=event, life_situation=life_situation, service=service
        )
        offer.status = _RESULT_STATUS[decision.result]
        offer.summary = decision.summary
        offer.reasons = [r.as_dict() for r in decision.reasons]
        offer.form_fields = [f.as_dict() for f in decision.form]
        offer.form_answers, offer.answered_at = {}, None
        offer.rule = f"{rule.service}@{rule.version}"
        (renewed if offer.pk else offers).append(offer)
    Offer.objects.bulk_create(offers)
    for offer in renewed:
        offer.save()
    return len(offers) + len(renewed)


def offers_redecide(*, client: User, consent: Consent) -> int:
    """A new consent (R15) decides again the life situations it covers, from the events the
    platform already knows of the client's confirmed СНИЛС (a business's: of its ИНН): an
    offer withdrawn when an earlier consent was revoked comes back, and an event that came
    while there was no consent gets its offers now (R16). Nobody is notified: the client
    is the one who just consented. Returns how many offers were made or made again."""
    if consent.life_situation_id:
        situations = {consent.life_situation_id}
    else:
        assert consent.service_id is not None  # the check constraint: one or the other
        situations = set(
            LifeSituation.objects.filter(steps__service_id=consent.service_id).values_list(
                "pk", flat=True
            )
        )
    events = (
        selectors.events_to_redecide(client)
        .select_for_update()
        .select_related("life_situation")
        .filter(
            life_situation_id__in=situations,
            status__in=[LifeEvent.Status.DONE, LifeEvent.Status.NO_CONSENT],
        )
        .order_by("-occurred_on", "-pk")  # the latest event of a situation decides first
    )
    made = 0
    for event in events:
        assert event.life_situation is not None  # processed events have their situation
        decided = _decide(event, client, event.life_situation)
        if decided is None:
            continue
        made += decided
        if event.status == LifeEvent.Status.NO_CONSENT:
            event.status, event.processed_at = LifeEvent.Status.DONE, timezone.now()
        event.client = client  # a business's event goes to the representative who consented
        event.save(update_fields=["status", "processed_at", "segment", "client"])
    return made


def _notify(client: User, life_situation: LifeSituation, count: int) -> None:
    """Tell the client through the channel they prefer (R16), honouring mail preferences (R24)."""
    profile = getattr(client, "client_profile", None)
    url = settings.SITE_URL + reverse("proactive:cabinet")
    text = _(
        "По жизненной ситуации «{ls}» мы подготовили услуги: {n}. Посмотрите и подтвердите: {url}"
    ).format(ls=life_situation.title, n=count, url=url)
    channel = profile.notify_by if profile else "email"
    if channel == "email" and client.email:
        email = client.email
        transaction.on_commit(
            partial(
                mail_send,
                email=email,
                topic="proactive_offers",
                subject=_("Мы подготовили услуги для вас"),
                body=text,
            )
        )
    else:
        from proactive.notify import backend

        transaction.on_commit(partial(backend(channel).send, client.pk, text))


# --- the client's answers --------------------------------------------------------------------


def _answer(
    *, actor: User, offer: Offer, expected: set[str], status: str, action: str, **fields: Any
) -> Offer:
    """The client's answer to their own offer that still waits for it; audited."""
    offer = Offer.objects.select_for_update().select_related("service").get(pk=offer.pk)
    if offer.client_id != actor.pk:
        raise ValidationError({"offer": _("Это не ваше предложение.")})
    if not selectors.offers_of(actor).filter(pk=offer.pk).exists():
        raise ValidationError(
            {"offer": _("Сначала подтвердите СНИЛС: покажите паспорт и СНИЛС в МФЦ.")}
        )
    if offer.status not in expected:
        raise ValidationError(
            {
                "offer": _("Предложение уже не ждёт ответа: {s}.").format(
                    s=offer.get_status_display().lower()
                )
            }
        )
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.status, offer.answered_at = status, timezone.now()
    offer.save(update_fields=["status", "answered_at", *fields])
    audit_record(actor=actor, action=action, obj=offer, changes={"service": offer.service.slug})
    return offer


@transaction.atomic
def offer_confirm(*, actor: User, offer: Offer) -> Offer:
    """One click (R16): the decision is already prepared from the state's data."""
    return _answer(
        actor=actor,
        offer=offer,
        expected={Offer.Status.READY},
        status=Offer.Status.CONFIRMED,
        action=Action.OFFER_CONFIRMED,
    )


def validate_form(fields: list[dict[str, Any]], data: dict[str, str]) -> dict[str, str]:
    errors, answers = {}, {}
    for spec in fields:
        value = (data.get(spec["name"]) or "").strip()
        if not value:
            if spec.get("required", True):
                errors[spec["name"]] = _("Заполните: {label}.").format(label=spec["label"])
            continue
        if len(value) > 500:
            errors[spec["name"]] = _("Не больше 500 знаков.")
        elif spec["kind"] == "choice" and value not in spec["choices"]:
            errors[spec["name"]] = _("Выберите один из вариантов.")
        elif spec["kind"] == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                errors[spec["name"]] = _("Дата в виде 2027-09-01.")
        answers[spec["name"]] = value
    if errors:
        raise ValidationError(errors)
    return answers


@transaction.atomic
def offer_submit_form(*, actor: User, offer: Offer, data: dict[str, str]) -> Offer:
    """The short form of what the state cannot know (at most ten fields, R16)."""
    if offer.client_id == actor.pk and offer.status == Offer.Status.FORM:
        answers = validate_form(offer.form_fields, data)
    else:
        answers = {}  # _answer refuses it with the reason
    return _answer(
        actor=actor,
        offer=offer,
        expected={Offer.Status.FORM},
        status=Offer.Status.CONFIRMED,
        action=Action.OFFER_FORM,
        form_answers=answers,
    )


@transaction.atomic
def offer_decline(*, actor: User, offer: Offer) -> Offer:
    return _answer(
        actor=actor,
        offer=offer,
        expected={Offer.Status.READY, Offer.Status.FORM},
        status=Offer.Status.DECLINED,
        action=Action.OFFER_DECLINED,
    )


# --- booking an in-person visit ----------------------------------------------------------------

VISIT_HOURS = range(9, 17)
VISIT_DAYS = 7


def reception_points(offer: Offer) -> list[Any]:
    """Where the client can come: in-person touchpoints of the service's body and МФЦ."""
    from accounts.models import Body
    from registry.models import Touchpoint

    return list(
        Touchpoint.objects.filter(kind__in=[Touchpoint.Kind.RECEPTION, Touchpoint.Kind.ONE_WINDOW])
        .filter(Q(body_id=offer.service.body_id) | Q(body__kind=Body.Kind.MFC))
        .select_related("body")
        .order_by("body__short_name", "title")
    )


def free_slots(
    touchpoint: Any, *, now: dt.datetime | None = None, exclude: Booking | None = None
) -> list[dt.datetime]:
    """Hourly slots, in the office's own time zone, on its next working days that nobody
    has taken yet (``exclude``: a booking being moved does not hold its own slot)."""
    zone = ZoneInfo(touchpoint.time_zone)
    now = (now or timezone.now()).astimezone(zone)
    active = Booking.objects.active().filter(touchpoint=touchpoint, starts_at__gte=now)
    if exclude is not None:
        active = active.exclude(pk=exclude.pk)
    taken = set(active.values_list("starts_at", flat=True))
    slots: list[dt.datetime] = []
    day, days = now.date(), 0
    while days < VISIT_DAYS:
        day += dt.timedelta(days=1)
        if day.weekday() >= 5:
            continue
        days += 1
        for hour in VISIT_HOURS:
            start = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
            if start not in taken:
                slots.append(start)
    return slots


def _check_visit(offer: Offer, touchpoint_id: int, starts_at: dt.datetime, **kw: Any) -> Any:
    points = {t.pk: t for t in reception_points(offer)}
    touchpoint = points.get(touchpoint_id)
    if touchpoint is None:
        raise ValidationError({"touchpoint": _("Выберите место приёма из списка.")})
    if starts_at not in free_slots(touchpoint, **kw):
        raise ValidationError({"slot": _("Это время уже занято или недоступно: выберите другое.")})
    return touchpoint


@transaction.atomic
def booking_make(
    *, actor: User, offer: Offer, touchpoint_id: int, starts_at: dt.datetime
) -> Booking:
    """Book a visit for the client's offer: one active booking per offer (moving it is
    ``booking_move``), in a free slot of a reception that serves the service."""
    if offer.client_id != actor.pk:
        raise ValidationError({"offer": _("Это не ваше предложение.")})
    current = Booking.objects.active().filter(offer=offer).select_related("touchpoint").first()
    if current is not None:
        raise ValidationError(
            {
                "booking": _(
                    "Вы уже записаны: {b}. Чтобы прийти в другое время или место, перенесите "
                    "запись."
                ).format(b=current)
            }
        )
    _check_visit(offer, touchpoint_id, starts_at)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                client=actor, offer=offer, touchpoint_id=touchpoint_id, starts_at=starts_at
            )
    except IntegrityError:
        raise ValidationError(
            {"slot": _("Это время только что заняли: выберите другое.")}
        ) from None
    audit_record(actor=actor, action=Action.VISIT_BOOKED, obj=booking, changes={"at": starts_at})
    return booking


@transaction.atomic
def booking_move(
    *, actor: User, booking: Booking, touchpoint_id: int, starts_at: dt.datetime
) -> Booking:
    """Move the client's visit to another free slot (of the same or another reception)."""
    booking = (
        Booking.objects.select_for_update().select_related("offer__service").get(pk=booking.pk)
    )
    if booking.client_id != actor.pk or booking.cancelled_at is not None:
        raise ValidationError({"booking": _("Этой записи нет или она отменена.")})
    _check_visit(booking.offer, touchpoint_id, starts_at, exclude=booking)
    before = booking.starts_at
    booking.touchpoint_id, booking.starts_at = touchpoint_id, starts_at
    try:
        with transaction.atomic():
            booking.save(update_fields=["touchpoint", "starts_at"])
    except IntegrityError:
        raise ValidationError(
            {"slot": _("Это время только что заняли: выберите другое.")}
        ) from None
    audit_record(
        actor=actor,
        action=Action.VISIT_MOVED,
        obj=booking,
        changes={"at": [before, starts_at], "touchpoint": touchpoint_id},
    )
    return booking


@transaction.atomic
def booking_cancel(*, actor: User, booking: Booking) -> Booking:
    """Cancel the client's visit; the slot is free again, the row stays for the record."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.client_id != actor.pk or booking.cancelled_at is not None:
        raise ValidationError({"booking": _("Этой записи нет или она уже отменена.")})
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["cancelled_at"])
    audit_record(
        actor=actor, action=Action.VISIT_CANCELLED, obj=booking, changes={"at": booking.starts_at}
    )
    return booking
