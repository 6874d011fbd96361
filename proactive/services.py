"""Writes of proactive delivery (R15–R17): consents, life events, the scenario that turns an
event into offers, and the client's answers. Every consent and personal-data change is
audited with its channel."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Body, User
from accounts.roles import Cap, can, may_be_client
from audit.services import audit_record
from lib import business_ids, phones
from lib import snils as snils_lib
from mailings import services as mailings
from proactive import scenario, selectors
from proactive.actions import Action
from proactive.models import (
    KIND_CODE,
    Booking,
    ClientProfile,
    Consent,
    EventSource,
    IdempotencyKey,
    LifeEvent,
    Offer,
    Representation,
    Trigger,
    where_to_tell,
)
from proactive.scenario import event_process, events_process, events_sweep, offers_redecide
from registry.models import LifeSituation, Service

log = logging.getLogger("klientocentr.proactive")
security_log = logging.getLogger("klientocentr.security")


# --- clients and consents ---------------------------------------------------------------------


@transaction.atomic
def client_profile_set(
    *, actor: User | None, user: User, snils: str, notify_by: str = "email", phone: str = ""
) -> ClientProfile:
    """A client states their СНИЛС and how to be told — a mobile phone is needed for SMS,
    kept in E.164 (``lib.phones``); audited (personal data, the phone masked). A
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
    phone = _phone(phone, required=notify_by == ClientProfile.Notify.SMS)
    profile, created = ClientProfile.objects.get_or_create(user=user, defaults={"snils": digits})
    before = "" if created else profile.masked_snils
    withdrawn = 0 if created else _number_change(profile, digits)
    if not created and profile.snils != digits:
        profile.snils_verified_at, profile.snils_verified_via = None, ""
        profile.snils_verified_by = None
    phone_before = "" if created else profile.phone
    profile.snils, profile.notify_by, profile.phone = digits, notify_by, phone
    profile.full_clean(exclude=["user"], validate_constraints=False)
    profile.save()
    channel, to = where_to_tell(user, profile)  # what waits for a digest follows (R24)
    mailings.queued_redirect(
        address=mailings.address_of(email=user.email, user_id=user.pk), channel=channel, to=to
    )
    audit_record(
        actor=actor,
        action=Action.CLIENT_PROFILE,
        obj=profile,
        changes={
            "snils": [before, profile.masked_snils],
            "notify_by": notify_by,
            "phone": [phones.masked(phone_before), phones.masked(phone)],
            "verified": profile.is_verified,
            "offers_withdrawn": withdrawn,
        },
    )
    return profile


def _phone(typed: str, *, required: bool) -> str:
    """A mobile number in E.164, or a field error; empty only when SMS is not chosen."""
    if not typed.strip() and not required:
        return ""
    try:
        return phones.clean(typed)
    except phones.InvalidPhone as exc:
        raise ValidationError({"phone": str(exc)}) from None


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
    _events_waiting_for(digits)
    audit_record(
        actor=actor,
        action=Action.SNILS_VERIFIED,
        obj=profile,
        body=actor.body if actor is not None else None,
        changes={"snils": profile.masked_snils, "via": via, "client": user.username},
    )
    return profile


def _events_waiting_for(snils: str) -> int:
    """Events about this СНИЛС that found no client go back to the runner's queue now that
    the number is confirmed (R16): the registries need not report them again. What a
    sender is told of them does not change (``api._event_out``: processed stays processed),
    so no system learns that the person confirmed a number."""
    return LifeEvent.objects.filter(
        snils=snils, first_report=True, status=LifeEvent.Status.UNKNOWN_CLIENT
    ).update(status=LifeEvent.Status.PENDING, claimed_at=None, attempts=0)


@transaction.atomic
def consent_give(
    *,
    actor: User,
    client: User,
    via: str,
    life_situation: LifeSituation | None = None,
    service: Service | None = None,
    on_behalf: Representation | None = None,
) -> Consent:
    """R15: consent for all services of a life situation, or for one service. The life
    situations it covers are decided again from the events already known (R16), so what a
    revoked consent withdrew comes back (``offers_redecide``). ``on_behalf``: a
    representative gives it for the client, for a life situation the client chose."""
    extra = _on_behalf_check(actor, client, on_behalf, life_situation)
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
        changes={"via": via, "scope": str(consent), "offers_decided": decided, **extra},
    )
    return consent


def _on_behalf_check(
    actor: User,
    client: User,
    on_behalf: Representation | None,
    life_situation: LifeSituation | None,
) -> dict[str, str]:
    """A representative acts for the client who chose them, in the client's chosen
    situations only; what the audit adds (both names). Empty for the client's own act."""
    if on_behalf is None:
        return {}
    current = _representation_in_force(on_behalf, representative=actor)
    if current.principal_id != client.pk or not (
        life_situation is not None and current.covers(life_situation.pk)
    ):
        raise ValidationError(
            {"life_situation": _("Эта жизненная ситуация не входит в ваше представительство.")}
        )
    return {"on_behalf_of": client.display_name, "representative_kind": current.get_kind_display()}


def _meant_for(life_situation: LifeSituation, client: User) -> bool:
    """Is the life situation one for this kind of client (a business, or a citizen)?"""
    if selectors.is_business(client):
        return life_situation.for_business
    return life_situation.for_citizens


@transaction.atomic
def consent_revoke(
    *, actor: User, consent: Consent, via: str, on_behalf: Representation | None = None
) -> int:
    """R15: revoke at any time; pending offers under it are withdrawn at once. Returns how many.
    ``on_behalf``: a representative revokes it for the client, in a situation they hold."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    extra = _on_behalf_check(actor, consent.client, on_behalf, consent.life_situation)
    if consent.revoked_at is not None:
        raise ValidationError({"consent": _("Согласие уже отозвано.")})
    pending = selectors.offers_withdrawn_by(consent)
    consent.revoked_at, consent.revoked_via = timezone.now(), via
    consent.save(update_fields=["revoked_at", "revoked_via"])
    withdrawn = pending.update(status=Offer.Status.WITHDRAWN, answered_at=timezone.now())
    if consent.life_situation_id:
        # What the registries said about the client, kept to explain the segment, goes
        # with the consent it was read under (152-ФЗ).
        LifeEvent.objects.filter(
            client_id=consent.client_id, life_situation_id=consent.life_situation_id
        ).update(segment_why=[])
    audit_record(
        actor=actor,
        action=Action.CONSENT_REVOKED,
        obj=consent,
        changes={"via": via, "scope": str(consent), "offers_withdrawn": withdrawn, **extra},
    )
    return withdrawn


def _accepts(situation: LifeSituation) -> tuple[bool, bool]:
    """Whom events of a life situation may be about: (a business by ИНН, a person by СНИЛС)."""
    return bool(situation.for_business), bool(situation.for_citizens or situation.for_internal)


def _marked_by_others(kind: str, body: Body) -> list[str]:
    """The other bodies whose systems are marked as sources of ``kind``."""
    return sorted(
        EventSource.objects.filter(kind=kind)
        .exclude(body=body)
        .values_list("body__short_name", flat=True)
    )


def _editor(actor: User | None, body: Body) -> None:
    if actor is not None and not can(actor, Cap.EDIT, body.pk):
        raise ValidationError({"title": _("Стартовые события меняют редакторы органа.")})


@transaction.atomic
def trigger_save(
    *,
    actor: User | None,
    body: Body,
    trigger: Trigger | None,
    kind: str,
    title: str,
    life_situation: LifeSituation,
) -> Trigger:
    """The start event of one of the body's life situations (issue 23: the kinds of life
    event systems may report come from the registry, not from code): a code systems send,
    the event's name, and the life situation it starts (R16). Every problem is named at
    its field at once; nothing is saved with one.

    A code that systems have used, or that other bodies' systems are marked to report,
    stays as it is; its name and life situation may change — to a situation about the
    same clients (a code reported about citizens does not become a business's) — and the
    events to come start the new one (each event keeps the situation it was received
    for). Audited."""
    _editor(actor, body)
    if trigger is not None:  # one change of a start event at a time
        trigger = (
            Trigger.objects.select_for_update().select_related("life_situation").get(pk=trigger.pk)
        )
    kind, title = kind.strip(), " ".join(title.split())
    errors: dict[str, str] = {}
    used = trigger is not None and LifeEvent.objects.filter(kind=trigger.kind).exists()
    others = _marked_by_others(trigger.kind, body) if trigger is not None else []
    if trigger is not None and kind != trigger.kind and used:
        errors["kind"] = _(
            "Код не меняется: системы уже сообщали события с кодом «{code}»."
        ).format(code=trigger.kind)
    elif trigger is not None and kind != trigger.kind and others:
        errors["kind"] = _(
            "Код не меняется: его сообщают системы других органов ({bodies})."
        ).format(bodies=", ".join(others))
    elif not re.fullmatch(KIND_CODE.regex, kind):
        errors["kind"] = str(KIND_CODE.message)
    else:
        taken = Trigger.objects.filter(kind=kind)
        other = (taken.exclude(pk=trigger.pk) if trigger is not None else taken).first()
        if other is not None:
            errors["kind"] = _("Код «{code}» уже занят событием «{title}».").format(
                code=kind, title=other.title
            )
    if not title:
        errors["title"] = _("Назовите событие, например «Зарегистрировано рождение ребёнка».")
    elif len(title) > 200:
        errors["title"] = _("Название — не длиннее 200 знаков.")
    moved = trigger is None or trigger.life_situation_id != life_situation.pk
    if life_situation.owner_body_id != body.pk:
        errors["life_situation"] = _("Выберите жизненную ситуацию вашего органа.")
    elif moved and life_situation.status != LifeSituation.Status.PUBLISHED:
        errors["life_situation"] = _(
            "Сначала опубликуйте жизненную ситуацию: клиенты не дают согласия на черновик."
        )
    elif trigger is not None and moved and (used or others or _sources_of(trigger.kind)):
        before_b, before_c = _accepts(trigger.life_situation)
        after_b, after_c = _accepts(life_situation)
        if (before_b and not after_b) or (before_c and not after_c):
            errors["life_situation"] = _(
                "Системы уже сообщают это событие о {whom}: выберите жизненную ситуацию "
                "для тех же клиентов."
            ).format(whom=_("бизнесе") if before_b and not after_b else _("гражданах"))
    if errors:
        raise ValidationError(errors)
    before = None if trigger is None else [trigger.kind, trigger.title, trigger.life_situation_id]
    if trigger is None:
        # Marks left by a code deleted before (or the five kinds once listed in code)
        # must not make other bodies sources of the new event.
        EventSource.objects.filter(kind=kind).delete()
        trigger = Trigger(kind=kind)
    elif trigger.kind != kind:  # never used, marked by no other body: its marks follow it
        EventSource.objects.filter(kind=kind).delete()
        EventSource.objects.filter(kind=trigger.kind).update(kind=kind)
        trigger.kind = kind
    trigger.title, trigger.life_situation = title, life_situation
    try:
        with transaction.atomic():  # a savepoint: two editors adding one code at once
            trigger.save()
    except IntegrityError:
        raise ValidationError({"kind": _("Код «{code}» уже занят.").format(code=kind)}) from None
    audit_record(
        actor=actor,
        action=Action.START_EVENT,
        obj=trigger,
        body=body,
        changes={"before": before, "after": [kind, title, life_situation.pk]},
    )
    return trigger


def _sources_of(kind: str) -> bool:
    return EventSource.objects.filter(kind=kind).exists()


@transaction.atomic
def trigger_delete(*, actor: User | None, body: Body, trigger: Trigger) -> None:
    """A start event no system has used, and no other body's systems are marked to
    report, goes with its body's marks; otherwise it stays (events are filed under it;
    other bodies' systems rely on it). Audited."""
    _editor(actor, body)
    trigger = Trigger.objects.select_for_update().get(pk=trigger.pk)
    if LifeEvent.objects.filter(kind=trigger.kind).exists():
        raise ValidationError(
            {
                "kind": _(
                    "Удалить нельзя: системы уже сообщали такие события. Можно изменить "
                    "название или жизненную ситуацию."
                )
            }
        )
    others = _marked_by_others(trigger.kind, body)
    if others:
        raise ValidationError(
            {
                "kind": _(
                    "Удалить нельзя: это событие сообщают системы других органов ({bodies}). "
                    "Сначала их администраторы снимут отметку."
                ).format(bodies=", ".join(others))
            }
        )
    EventSource.objects.filter(kind=trigger.kind).delete()
    audit_record(
        actor=actor,
        action=Action.START_EVENT_DELETED,
        obj=trigger,
        body=body,
        changes={"kind": trigger.kind, "title": trigger.title},
    )
    trigger.delete()


@transaction.atomic
def event_sources_set(*, actor: User | None, body: Body, kinds: list[str]) -> None:
    """The body's administrator sets which kinds of event the body's systems may report."""
    unknown = set(kinds) - set(Trigger.objects.values_list("kind", flat=True))
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
    payload under the same key is refused.

    The work and its answer under the key are one transaction (issue 24: one commit per
    request, not three): what was acknowledged is stored with its answer, and a request
    that fails stores nothing, so the key may be tried again. Two requests racing with one
    key meet at the key's unique index — the second waits for the first and repeats its
    answer (its own work rolled back). A key left without an answer by an earlier version
    (it stored the key first) is still a conflict."""
    fingerprint = request_fingerprint(payload)
    record = IdempotencyKey.objects.filter(system=system, key=key).first()
    if record is None:
        try:
            with transaction.atomic():
                status, body = run()
                IdempotencyKey.objects.create(
                    system=system,
                    key=key,
                    request_hash=fingerprint,
                    status_code=status,
                    response=body,
                )
            return status, body
        except IntegrityError:
            record = IdempotencyKey.objects.filter(system=system, key=key).first()
            if record is None:
                raise
    if record.request_hash != fingerprint:
        raise IdempotencyMismatch
    if record.status_code is None:
        raise IdempotencyConflict
    return record.status_code, record.response or {}


@dataclass(frozen=True)
class _Sources:
    """The triggers of every kind and the kinds a body reports: read once per call."""

    triggers: dict[str, Trigger]
    reported: frozenset[str]


def _sources(body: Body) -> _Sources:
    return _Sources(
        triggers={t.kind: t for t in Trigger.objects.select_related("life_situation")},
        reported=frozenset(EventSource.objects.filter(body=body).values_list("kind", flat=True)),
    )


#: The most events one bulk call may carry.
BATCH_MAX = 1_000


def events_receive_many(
    *,
    system: User,
    items: list[tuple[str, dict[str, Any]]],
    answer: Callable[[LifeEvent], dict[str, Any]],
    refused: Callable[[ValidationError], list[dict[str, str]]],
) -> list[dict[str, Any]]:
    """A registry's day of events in one call (issue 24): each ``(Idempotency-Key, event)``
    is taken on its own — accepted (stored, with its answer kept under its key, as
    ``POST /life-events`` keeps it), replayed (its key came before with the same event, in
    this call or any earlier one, single or bulk: the first answer, nothing stored; or the
    body reported the same kind, person and date before under another key: that event,
    nothing stored) or
    refused (the field and the reason; nothing stored, the key stays free). One refused
    event never stops the others."""
    if len(items) > BATCH_MAX:
        raise ValidationError({"events": _("Не больше 1 000 событий за один вызов.")})
    known = {
        r.key: r
        for r in IdempotencyKey.objects.filter(system=system, key__in=[k for k, _ in items])
    }
    results: list[dict[str, Any]] = []
    sources = _sources(system.body) if system.body is not None else None
    for key, payload in items:
        fingerprint = request_fingerprint(payload)
        record = known.get(key)
        if record is not None:
            if record.request_hash != fingerprint:
                problem = _("С этим ключом уже пришёл другой запрос.")
            elif record.status_code is None:
                problem = _("Запрос с этим ключом ещё обрабатывается: повторите позже.")
            else:
                results.append({"result": "replayed", "event": record.response, "errors": []})
                continue
            errors = [{"field": "idempotency_key", "message": str(problem)}]
            results.append({"result": "refused", "event": None, "errors": errors})
            continue
        try:
            with transaction.atomic():
                event = event_receive(system=system, sources=sources, **payload)
                body = answer(event)
                known[key] = IdempotencyKey.objects.create(
                    system=system,
                    key=key,
                    request_hash=fingerprint,
                    status_code=200 if event.already_known else 202,
                    response=body,
                )
        except ValidationError as exc:
            results.append({"result": "refused", "event": None, "errors": refused(exc)})
            continue
        except IntegrityError:  # the same key, sent at this moment by another call
            record = IdempotencyKey.objects.filter(system=system, key=key).first()
            if record and record.request_hash == fingerprint and record.status_code:
                results.append({"result": "replayed", "event": record.response, "errors": []})
                continue
            problem = _("Запрос с этим ключом ещё обрабатывается: повторите позже.")
            errors = [{"field": "idempotency_key", "message": str(problem)}]
            results.append({"result": "refused", "event": None, "errors": errors})
            continue
        result = "replayed" if event.already_known else "accepted"  # the same event again
        results.append({"result": result, "event": body, "errors": []})
    return results


@transaction.atomic
def event_receive(
    *,
    system: User,
    kind: str,
    snils: str = "",
    inn: str = "",
    occurred_on: dt.date,
    details: dict[str, Any] | None = None,
    sources: _Sources | None = None,
) -> LifeEvent:
    """Record a life event reported by a system; the runner processes it (R16).
    ``sources`` is what a bulk call read once for all its events (``_sources``).

    The event is about a person, named by СНИЛС, or about a business, named by its ИНН
    (the tax service reports a registered ИП by it) — one of the two, each with its check
    digits verified: a mistyped number would silently reach nobody, or somebody else.

    The same event is one event (R16, R17): a registry that lost its key and reports the
    same kind, person and date again under a fresh Idempotency-Key gets the first event
    back (``already_known``), and nothing new is stored, decided or sent to the client.
    What the repeat adds in ``details`` is not kept: the first report stands."""
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
    sources = sources or _sources(system.body)
    trigger = sources.triggers.get(kind)
    if trigger is None:
        raise ValidationError({"kind": _("Для этого события нет жизненной ситуации в реестре.")})
    if inn_digits and not trigger.life_situation.for_business:
        raise ValidationError(
            {
                "inn": _(
                    "Событие «{kind}» открывает жизненную ситуацию граждан: сообщите СНИЛС."
                ).format(kind=trigger.title)
            }
        )
    situation = trigger.life_situation
    if situation.status != LifeSituation.Status.PUBLISHED:
        raise ValidationError(
            {
                "kind": _(
                    "Жизненная ситуация события «{kind}» снята с публикации: такие события "
                    "сейчас не принимаются."
                ).format(kind=trigger.title)
            }
        )
    if snils_digits and not (situation.for_citizens or situation.for_internal):
        raise ValidationError(
            {
                "snils": _(
                    "Событие «{kind}» открывает жизненную ситуацию бизнеса: сообщите ИНН."
                ).format(kind=trigger.title)
            }
        )
    if kind not in sources.reported:
        raise ValidationError(
            {
                "kind": _(
                    "Ваш орган не отмечен источником событий «{kind}». Администратор органа "
                    "отмечает их на странице «Какие события сообщают системы органа»."
                ).format(kind=trigger.title)
            }
        )
    said = {"kind": kind, "snils": snils_digits, "inn": inn_digits, "occurred_on": occurred_on}
    known = _first_report(system.body, said)
    if known is not None:
        return known
    try:
        with transaction.atomic():  # a savepoint: the same event racing in from a retry
            event = LifeEvent.objects.create(
                body=system.body, system=system, details=details or {},
                life_situation=situation, **said,
            )  # fmt: skip
    except IntegrityError:
        known = _first_report(system.body, said)
        if known is None:
            raise
        return known
    # Processed by the runner's ``proactive.events`` job within seconds, not in this
    # request: an answer that waited for the offers would take longer for a person who
    # uses the platform and consented, and so tell the sender what it must not know.
    return event


def _first_report(body: Body, said: dict[str, Any]) -> LifeEvent | None:
    """The event the body already reported with the same kind, person (or business) and
    date, marked ``already_known``; None if this is the first report."""
    known = LifeEvent.objects.filter(body=body, first_report=True, **said).first()
    if known is not None:
        known.already_known = True
    return known


# --- the scenario (R16): ``proactive.scenario``, re-exported for the jobs and the tests ------

__all__ = ["event_process", "events_process", "events_sweep", "offers_redecide"]


# --- the client's answers --------------------------------------------------------------------


def _answer(
    *,
    actor: User,
    offer: Offer,
    expected: set[str],
    status: str,
    action: str,
    on_behalf: Representation | None = None,
    **fields: Any,
) -> Offer:
    """The client's answer to their own offer that still waits for it — or their
    representative's, in a life situation the client chose (``on_behalf``); audited with
    both names."""
    offer = Offer.objects.select_for_update().select_related("service").get(pk=offer.pk)
    client = actor
    if on_behalf is not None:
        on_behalf = _representation_in_force(on_behalf, representative=actor)
        if not on_behalf.covers(offer.life_situation_id):
            raise ValidationError(
                {"offer": _("Эта жизненная ситуация не входит в ваше представительство.")}
            )
        client = on_behalf.principal
    if offer.client_id != client.pk:
        raise ValidationError({"offer": _("Это не ваше предложение.")})
    if not selectors.offers_of(client).filter(pk=offer.pk).exists():
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
    offer.answered_by = actor if on_behalf is not None else None
    offer.save(update_fields=["status", "answered_at", "answered_by", *fields])
    changes = {"service": offer.service.slug}
    if on_behalf is not None:
        changes["on_behalf_of"] = client.display_name
        changes["representative_kind"] = on_behalf.get_kind_display()
    audit_record(actor=actor, action=action, obj=offer, changes=changes)
    return offer


@transaction.atomic
def offer_confirm(*, actor: User, offer: Offer, on_behalf: Representation | None = None) -> Offer:
    """One click (R16): the decision is already prepared from the state's data. The
    client is then asked to rate it (``scenario.ask_for_rating``)."""
    done = _answer(
        actor=actor,
        offer=offer,
        expected={Offer.Status.READY},
        status=Offer.Status.CONFIRMED,
        action=Action.OFFER_CONFIRMED,
        on_behalf=on_behalf,
    )
    _delivered(done)
    return done


def _delivered(offer: Offer) -> None:
    scenario.ask_for_rating(client=offer.client, service=offer.service, event=offer.event)


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
def offer_submit_form(
    *, actor: User, offer: Offer, data: dict[str, str], on_behalf: Representation | None = None
) -> Offer:
    """The short form of what the state cannot know (at most ten fields, R16)."""
    client_id = on_behalf.principal_id if on_behalf is not None else actor.pk
    if offer.client_id == client_id and offer.status == Offer.Status.FORM:
        answers = validate_form(offer.form_fields, data)
    else:
        answers = {}  # _answer refuses it with the reason
    function = offer.service.kind == Service.Kind.FUNCTION  # decided once it knows the rest
    done = _answer(
        actor=actor,
        offer=offer,
        expected={Offer.Status.FORM},
        status=Offer.Status.GRANTED if function else Offer.Status.CONFIRMED,
        action=Action.OFFER_FORM,
        on_behalf=on_behalf,
        form_answers=answers,
    )
    _delivered(done)
    return done


@transaction.atomic
def offer_decline(*, actor: User, offer: Offer, on_behalf: Representation | None = None) -> Offer:
    """A service offered may be declined; a function is the state's to grant (seed 000)
    — a client who disagrees contests the decision."""
    if offer.service.kind == Service.Kind.FUNCTION:
        raise ValidationError({"offer": _("Это назначают без заявления: отказаться здесь нельзя.")})
    return _answer(
        actor=actor,
        offer=offer,
        expected={Offer.Status.READY, Offer.Status.FORM},
        status=Offer.Status.DECLINED,
        action=Action.OFFER_DECLINED,
        on_behalf=on_behalf,
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


#: The offers a visit is for: a refusal to ask about or appeal, a short form, a service
#: to apply for in the ordinary way (what the offer page offers a visit for).
VISIT_STATUSES = {Offer.Status.REFUSED, Offer.Status.FORM, Offer.Status.APPLY}


def _booked_already(offer: Offer, on_behalf: Representation | None) -> ValidationError | None:
    """The refusal when the offer has its one active booking already (one per offer)."""
    current = Booking.objects.active().filter(offer=offer).select_related("touchpoint").first()
    if current is None:
        return None
    text = (
        _("Запись уже есть: {b}. Чтобы прийти в другое время или место, перенесите её.")
        if on_behalf is not None
        else _("Вы уже записаны: {b}. Чтобы прийти в другое время или место, перенесите запись.")
    )
    return ValidationError({"booking": text.format(b=current)})


def _visit_for(actor: User, offer: Offer, on_behalf: Representation | None) -> dict[str, str]:
    """A visit is the client's to book, move or cancel — or their representative's, in a
    life situation the client chose; what the audit adds (both names)."""
    if on_behalf is None:
        if offer.client_id != actor.pk:
            raise ValidationError({"offer": _("Это не ваше предложение.")})
        return {}
    return _on_behalf_check(actor, offer.client, on_behalf, offer.life_situation)


@transaction.atomic
def booking_make(
    *,
    actor: User,
    offer: Offer,
    touchpoint_id: int,
    starts_at: dt.datetime,
    on_behalf: Representation | None = None,
) -> Booking:
    """Book a visit for the client's offer: one active booking per offer (moving it is
    ``booking_move``), in a free slot of a reception that serves the service.
    ``on_behalf``: a representative books it for the client (001: «самостоятельно или
    через представителя»); the booking is the client's and names who made it."""
    extra = _visit_for(actor, offer, on_behalf)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status not in VISIT_STATUSES:
        raise ValidationError(
            {"offer": _("Приходить не нужно: {s}.").format(s=offer.get_status_display().lower())}
        )
    if (refused := _booked_already(offer, on_behalf)) is not None:
        raise refused
    _check_visit(offer, touchpoint_id, starts_at)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                client_id=offer.client_id,
                offer=offer,
                touchpoint_id=touchpoint_id,
                starts_at=starts_at,
                booked_by=actor if on_behalf is not None else None,
            )
    except IntegrityError:
        raise _booked_already(offer, on_behalf) or ValidationError(
            {"slot": _("Это время только что заняли: выберите другое.")}
        ) from None
    audit_record(
        actor=actor, action=Action.VISIT_BOOKED, obj=booking, changes={"at": starts_at, **extra}
    )
    return booking


@transaction.atomic
def booking_move(
    *,
    actor: User,
    booking: Booking,
    touchpoint_id: int,
    starts_at: dt.datetime,
    on_behalf: Representation | None = None,
) -> Booking:
    """Move the client's visit to another free slot (of the same or another reception);
    ``on_behalf`` as in ``booking_make``."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("offer__service", "offer__life_situation")
        .get(pk=booking.pk)
    )
    if booking.cancelled_at is not None or booking.client_id != booking.offer.client_id:
        raise ValidationError({"booking": _("Этой записи нет или она отменена.")})
    extra = _visit_for(actor, booking.offer, on_behalf)
    _check_visit(booking.offer, touchpoint_id, starts_at, exclude=booking)
    before = booking.starts_at
    booking.touchpoint_id, booking.starts_at = touchpoint_id, starts_at
    booking.moved_at = timezone.now()
    booking.moved_by = actor if on_behalf is not None else None
    try:
        with transaction.atomic():
            booking.save(update_fields=["touchpoint", "starts_at", "moved_at", "moved_by"])
    except IntegrityError:
        raise ValidationError(
            {"slot": _("Это время только что заняли: выберите другое.")}
        ) from None
    audit_record(
        actor=actor,
        action=Action.VISIT_MOVED,
        obj=booking,
        changes={"at": [before, starts_at], "touchpoint": touchpoint_id, **extra},
    )
    return booking


@transaction.atomic
def booking_cancel(
    *, actor: User, booking: Booking, on_behalf: Representation | None = None
) -> Booking:
    """Cancel the client's visit; the slot is free again, the row stays for the record.
    ``on_behalf`` as in ``booking_make``."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("offer__life_situation")
        .get(pk=booking.pk)
    )
    if booking.cancelled_at is not None or booking.client_id != booking.offer.client_id:
        raise ValidationError({"booking": _("Этой записи нет или она уже отменена.")})
    extra = _visit_for(actor, booking.offer, on_behalf)
    booking.cancelled_at = timezone.now()
    booking.cancelled_by = actor if on_behalf is not None else None
    booking.save(update_fields=["cancelled_at", "cancelled_by"])
    audit_record(
        actor=actor,
        action=Action.VISIT_CANCELLED,
        obj=booking,
        changes={"at": booking.starts_at, **extra},
    )
    return booking


# --- representatives (001: a client acts «самостоятельно или через представителя») ----------

#: How many representatives a client may name in a day: enough for a family, too few to
#: try numbers.
REPRESENTATIONS_A_DAY = 10


def _representation_in_force(
    representation: Representation, *, representative: User
) -> Representation:
    """The representation as it stands now: accepted, not revoked, held by this person
    while they still hold the addressed number confirmed, for a client still active."""
    current = (
        Representation.objects.active()
        .select_for_update(of=("self",))
        .select_related("principal")
        .prefetch_related("life_situations")
        .filter(
            pk=representation.pk,
            representative=representative,
            accepted_at__isnull=False,
            principal__is_active=True,
        )
        .first()
    )
    if current is None or selectors.confirmed_snils(representative) != current.representative_snils:
        raise ValidationError({"offer": _("Представительство прекращено.")})
    return current


@transaction.atomic
def representation_give(
    *,
    actor: User,
    representative_snils: str,
    kind: str,
    life_situations: list[LifeSituation],
) -> Representation:
    """The client invites a person to act for them in chosen life situations, by the
    person's СНИЛС. Nobody is looked up: the answer is the same whoever holds the number,
    so no one learns whose it is; the person whose confirmed number it is sees the
    invitation and accepts it. Inviting the same number again replaces the kind and the
    situations. A business's people are linked by the platform administrator, not here."""
    if selectors.is_business(actor):
        raise ValidationError(
            {"representative_snils": _("Представителей бизнеса связывает администратор платформы.")}
        )
    digits = snils_lib.clean(representative_snils, field="representative_snils")
    if digits == selectors.confirmed_snils(actor) or digits == getattr(
        getattr(actor, "client_profile", None), "snils", None
    ):
        raise ValidationError({"representative_snils": _("Это ваш собственный СНИЛС.")})
    if kind not in Representation.Kind.values:
        raise ValidationError({"kind": _("Выберите, кем вам приходится представитель.")})
    allowed = set(selectors.life_situations_for(actor).values_list("pk", flat=True))
    chosen = [ls for ls in life_situations if ls.pk in allowed]
    if not chosen or len(chosen) != len(life_situations):
        raise ValidationError(
            {"life_situations": _("Отметьте хотя бы одну жизненную ситуацию из списка.")}
        )
    User.objects.select_for_update().filter(pk=actor.pk).first()  # one give at a time
    existing = (
        Representation.objects.active().filter(principal=actor, representative_snils=digits).first()
    )
    if existing is None:
        day_ago = timezone.now() - dt.timedelta(days=1)
        if (
            Representation.objects.filter(principal=actor, created_at__gte=day_ago).count()
            >= REPRESENTATIONS_A_DAY
        ):
            raise ValidationError(
                {"representative_snils": _("Сегодня вы уже пригласили много представителей.")}
            )
    representation = existing or Representation(principal=actor, representative_snils=digits)
    representation.kind = kind
    representation.save()
    representation.life_situations.set(chosen)
    security_log.info(
        "representation invited principal=%s snils=%s", actor.pk, snils_lib.masked(digits)
    )
    audit_record(
        actor=actor,
        action=Action.REPRESENTATION_GIVEN,
        obj=representation,
        changes={
            "representative_snils": snils_lib.masked(digits),
            "kind": representation.get_kind_display(),
            "life_situations": ", ".join(ls.title for ls in chosen),
        },
    )
    return representation


@transaction.atomic
def representation_accept(*, actor: User, representation: Representation) -> Representation:
    """The person whose confirmed СНИЛС the invitation names accepts it: from now on they
    may act, and the client sees who they are."""
    current = (
        Representation.objects.active()
        .select_for_update(of=("self",))
        .filter(pk=representation.pk, accepted_at__isnull=True)
        .first()
    )
    if current is None or selectors.confirmed_snils(actor) != current.representative_snils:
        raise ValidationError({"representation": _("Приглашение уже не действует.")})
    if current.principal_id == actor.pk:
        raise ValidationError({"representation": _("Это ваше собственное приглашение.")})
    current.representative, current.accepted_at = actor, timezone.now()
    current.save(update_fields=["representative", "accepted_at"])
    audit_record(
        actor=actor,
        action=Action.REPRESENTATION_ACCEPTED,
        obj=current,
        changes={"principal": current.principal.display_name},
    )
    return current


def may_end(actor: User, representation: Representation) -> bool:
    """The client, the representative, or the person the invitation is addressed to."""
    return actor.pk in (representation.principal_id, representation.representative_id) or (
        representation.representative_id is None
        and selectors.confirmed_snils(actor) == representation.representative_snils
    )


@transaction.atomic
def representation_revoke(*, actor: User, representation: Representation) -> None:
    """Either side ends it at any time: the client, or the representative who declines."""
    if not may_end(actor, representation):
        raise ValidationError({"representation": _("Это не ваше представительство.")})
    if Representation.objects.filter(pk=representation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    ):
        audit_record(
            actor=actor,
            action=Action.REPRESENTATION_REVOKED,
            obj=representation,
            changes={
                "principal": representation.principal.display_name,
                "representative_snils": representation.masked_snils,
            },
        )


@transaction.atomic
def representation_act(*, actor: User, representation: Representation) -> Representation:
    """The representative starts acting for the client (the cabinet then shows the
    client's offers in the chosen situations); audited."""
    current = _representation_in_force(representation, representative=actor)
    audit_record(
        actor=actor,
        action=Action.REPRESENTATION_ACTING,
        obj=current,
        changes={"on_behalf_of": current.principal.display_name},
    )
    return current
