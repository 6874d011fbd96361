"""The proactive scenario (R16), run by the runner's ``proactive.events`` job: life events
are claimed and decided in batches, exactly once each.

A batch is claimed in one conditional update (an event another worker took first is left
out: it does not carry this claim's token), then decided in one transaction: what the
decisions read is read once for the whole batch — the triggers with their steps, the
clients, their consents and offers, one question to each registry for everyone's facts,
the segments — and the offers are written in one insert. A worker killed halfway leaves
nothing of the batch written; its events stay claimed and are taken again after
``STALE_AFTER``; one offer per event and service is also a database constraint, so a
retry can never duplicate an offer.

A new consent decides again, through the same code, the events already known of the
client (``offers_redecide``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from lib import killpoint
from lib.bulk import insert_many
from lib.claim import claim_many
from lib.env import env_int
from mailings.services import Outgoing, address_of, notify_many
from proactive import adapters, segmenting, selectors
from proactive.engine import Facts
from proactive.engine.rules import RULES
from proactive.models import ClientProfile, Consent, LifeEvent, Offer, Trigger, where_to_tell
from registry.models import LifeSituation, Service, Step
from segments.models import Segment

log = logging.getLogger("klientocentr.proactive")

#: A claimed event whose worker died is taken again after this long.
STALE_AFTER = dt.timedelta(seconds=env_int("PROACTIVE_STALE_SECONDS", 60))
#: Events decided in one transaction by the runner.
BATCH = env_int("PROACTIVE_BATCH", 500)
RESULT_STATUS = {
    "grant": Offer.Status.READY,
    "form": Offer.Status.FORM,
    "refuse": Offer.Status.REFUSED,
}
_HELD = [Offer.Status.CONFIRMED, Offer.Status.GRANTED, Offer.Status.READY, Offer.Status.FORM]


@dataclass
class Batch:
    """What deciding a batch of events reads, each read once for the whole batch."""

    situations: dict[int, LifeSituation]  # by pk, with their steps
    opened_by: dict[str, int]  # the life situation each kind of event opens (``Trigger``)
    clients: dict[int, User | None]  # by event
    consents: dict[int, list[Consent]]  # by client
    held: dict[int, set[int]]  # by client: services confirmed, or offered and not answered
    on_event: dict[int, dict[int, Offer]]  # by event, by service
    facts: dict[str, Facts]  # by СНИЛС
    segments: dict[int, list[Segment]]  # by life situation
    #: by client: (kind, date, service) already decided for another report of the same event
    #: (another body's, or a repeat stored before repeats were recognised) — told once
    told: dict[int, set[tuple[str, dt.date, int]]] = field(default_factory=dict)
    made: list[Offer] = field(default_factory=list)
    renewed: list[Offer] = field(default_factory=list)
    now: dt.datetime = field(default_factory=timezone.now)  # when its offers are made
    granted: list[tuple[User, Service, LifeEvent]] = field(default_factory=list)


def _situations(pks: set[int]) -> dict[int, LifeSituation]:
    steps = Prefetch(  # the body too: a granted function's invitation names it
        "steps", queryset=Step.objects.select_related("service__body").order_by("position")
    )
    return {ls.pk: ls for ls in LifeSituation.objects.filter(pk__in=pks).prefetch_related(steps)}


def _covers(consent: Consent, situation: LifeSituation) -> bool:
    if consent.life_situation_id:
        return consent.life_situation_id == situation.pk
    return any(step.service_id == consent.service_id for step in situation.steps.all())


def load(events: list[LifeEvent], *, client: User | None = None) -> Batch:
    """Read what the decisions of ``events`` need. The client of each event is found as
    ``_client_of`` says, or is ``client`` (a consent deciding the client's events again)."""
    opened_by = dict(
        Trigger.objects.filter(kind__in={e.kind for e in events}).values_list(
            "kind", "life_situation_id"
        )
    )
    situations = _situations(
        set(opened_by.values()) | {e.life_situation_id for e in events if e.life_situation_id}
    )
    clients: dict[int, User | None] = {}
    if client is not None:
        clients = {e.pk: client for e in events}
        people = [client]
    else:
        by_snils = {
            p.snils: p.user
            for p in ClientProfile.objects.verified()
            .select_related("user")
            .filter(snils__in={e.snils for e in events if e.snils})
        }
        representatives: dict[str, list[User]] = defaultdict(list)
        for user in (
            User.objects.filter(
                role=Role.BUSINESS,
                is_active=True,
                organisation__inn__in={e.inn for e in events if e.inn},
            )
            .select_related("organisation")
            .order_by("pk")
        ):
            assert user.organisation is not None
            representatives[user.organisation.inn].append(user)
        people = [*by_snils.values(), *(u for us in representatives.values() for u in us)]
        consents = _consents(people)
        for event in events:
            situation = situations.get(event.life_situation_id or opened_by.get(event.kind, 0))
            if event.inn:
                clients[event.pk] = _representative(representatives[event.inn], consents, situation)
            else:
                clients[event.pk] = by_snils.get(event.snils)
    consents = _consents(people)
    held: dict[int, set[int]] = defaultdict(set)
    for client_id, service_id in Offer.objects.filter(
        client__in=people, status__in=_HELD
    ).values_list("client_id", "service_id"):
        held[client_id].add(service_id)
    on_event: dict[int, dict[int, Offer]] = defaultdict(dict)
    for offer in Offer.objects.filter(event__in=[e.pk for e in events]):
        on_event[offer.event_id][offer.service_id] = offer
    told: dict[int, set[tuple[str, dt.date, int]]] = defaultdict(set)
    for client_id, kind, day, service_id in (
        Offer.objects.filter(client__in=people, event__kind__in={e.kind for e in events})
        .exclude(event__in=[e.pk for e in events])
        .values_list("client_id", "event__kind", "event__occurred_on", "service_id")
    ):
        told[client_id].add((kind, day, service_id))
    # One question to each registry for everything the rules and the segments need. The
    # demo registries know people by СНИЛС; a business's registries (ЕГРЮЛ, ЕГРИП) are not
    # connected yet, so its rules ask the business what they need (R16's short form).
    segments = segmenting.segments_for({s.pk for s in situations.values()})
    needed = segmenting.facts_for_segments(s for found in segments.values() for s in found) | {
        name
        for situation in situations.values()
        for step in situation.steps.all()
        if step.service.slug in RULES
        for name in RULES[step.service.slug].facts
    }
    # Only about people whose consent covers the event's situation (R15): a person who
    # did not consent is not asked about, even if the platform knows them.
    asked = set()
    for event in events:
        client_of = clients.get(event.pk)
        situation = situations.get(event.life_situation_id or opened_by.get(event.kind, 0))
        if (
            event.snils
            and client_of
            and situation
            and any(_covers(c, situation) for c in consents[client_of.pk])
        ):
            asked.add(event.snils)
    facts = adapters.facts_for_many(asked, needed)
    return Batch(
        situations=situations,
        opened_by=opened_by,
        clients=clients,
        consents=consents,
        held=held,
        on_event=on_event,
        facts=facts,
        segments=segments,
        told=told,
    )


def _consents(people: list[User]) -> dict[int, list[Consent]]:
    found: dict[int, list[Consent]] = defaultdict(list)
    for consent in Consent.objects.valid().filter(client__in=people):
        found[consent.client_id].append(consent)
    return found


def _representative(
    representatives: list[User],
    consents: dict[int, list[Consent]],
    situation: LifeSituation | None,
) -> User | None:
    """A business's event goes to the first representative who consented to the situation
    (the link to the organisation is the platform administrator's, not typed by the
    client), else to the first of them."""
    if situation is not None:
        for user in representatives:
            if any(_covers(c, situation) for c in consents[user.pk]):
                return user
    return representatives[0] if representatives else None


def decide(event: LifeEvent, client: User, situation: LifeSituation, batch: Batch) -> int | None:
    """Decide, from the state's data, the services of the event's life situation that a
    valid consent covers (R15, R16); None when no consent covers any. A service the client
    already has, or was offered and has not answered, is not offered again (R16: personal
    needs from the client's history); one this event already answered (confirmed, declined,
    refused) keeps its answer; one whose offer was withdrawn with a revoked consent is
    decided anew, in the same row (one offer per event and service). The offers join the
    batch's (``batch.made``, written in one insert; ``batch.renewed``). Returns how many
    offers were made or made again. A service of the situation no rule decides yet gets an
    offer to apply in the ordinary way, with the link and the documents (R16: every
    personal need ends somewhere, never in a silent skip); those are not counted, since
    nothing was decided or prepared for them, and a function is never among them."""
    consents = batch.consents[client.pk]
    whole = any(c.life_situation_id == situation.pk for c in consents)
    single = {c.service_id for c in consents if c.service_id}
    chosen = [s.service for s in situation.steps.all() if whole or s.service_id in single]
    if not chosen:
        return None
    held = batch.held[client.pk]
    on_event = batch.on_event[event.pk]
    told = batch.told.setdefault(client.pk, set())
    open_again = {pk for pk, o in on_event.items() if o.status == Offer.Status.WITHDRAWN}
    to_decide = [
        (service, RULES[service.slug])
        for service in chosen
        # a rule decides it from data, the client has not got it, and this event has no
        # answer for it yet (or only a withdrawn offer)
        if service.slug in RULES
        and service.pk not in held
        and (service.pk not in on_event or service.pk in open_again)
        # another report of the same event decided it already: the client is told once
        and (service.pk in on_event or (event.kind, event.occurred_on, service.pk) not in told)
    ]
    # R16, never a silent skip: a service no rule decides yet is shown with where and how
    # to apply in the ordinary way — once, as a decided one is.
    to_apply = [
        service
        for service in chosen
        # a function needs no application: the body does it itself
        if service.kind != Service.Kind.FUNCTION
        and service.slug not in RULES
        and service.pk not in held
        and (service.pk not in on_event or service.pk in open_again)
        and (service.pk in on_event or (event.kind, event.occurred_on, service.pk) not in told)
    ]
    facts = batch.facts.get(event.snils) or Facts([])
    today = timezone.localdate()
    event.segment = segmenting.assign(
        life_situation_id=situation.pk,
        facts=facts,
        on=today,
        segments=batch.segments.get(situation.pk, []),
    )
    event.segment_why = segmenting.why(event.segment, facts, today) if event.segment else []
    count = 0
    for service, rule in to_decide:
        decision = rule.decide(facts, today)
        if decision.result == "has":
            continue
        offer = on_event.get(service.pk) or Offer(
            client=client, event=event, life_situation=situation, service=service,
            created_at=batch.now,
        )  # fmt: skip
        offer.status = RESULT_STATUS[decision.result]
        offer.summary = decision.summary
        offer.reasons = [r.as_dict() for r in decision.reasons]
        offer.form_fields = [f.as_dict() for f in decision.form]
        offer.form_answers, offer.answered_at = {}, None
        if offer.status == Offer.Status.READY and service.kind == Service.Kind.FUNCTION:
            # a function is granted, not offered (seed 000; 004 §2.1.2.б): decided now
            offer.status, offer.answered_at = Offer.Status.GRANTED, batch.now
            batch.granted.append((client, service, event))  # each asked for a rating
        offer.rule = f"{rule.service}@{rule.version}"
        (batch.renewed if offer.pk else batch.made).append(offer)
        on_event[service.pk] = offer
        told.add((event.kind, event.occurred_on, service.pk))
        if offer.status in _HELD:
            held.add(service.pk)  # a later event of the batch does not offer it again
        count += 1
    for service in to_apply:
        offer = on_event.get(service.pk) or Offer(
            client=client, event=event, life_situation=situation, service=service,
            created_at=batch.now,
        )  # fmt: skip
        offer.status = Offer.Status.APPLY
        offer.summary = _("«{service}»: подайте заявление обычным порядком").format(
            service=service.title
        )[:300]
        offer.reasons, offer.form_fields = [], []
        offer.form_answers, offer.answered_at = {}, None
        offer.rule = ""
        (batch.renewed if offer.pk else batch.made).append(offer)
        on_event[service.pk] = offer
        told.add((event.kind, event.occurred_on, service.pk))
        # not counted: the client's notice says what was decided and prepared, and a
        # pointer to the ordinary application is neither (it waits in the cabinet)
    return count


def _write(batch: Batch) -> None:
    insert_many(batch.made)  # COPY on PostgreSQL (ADR 0015)
    for offer in batch.renewed:
        offer.save()
    _ask_for_ratings(batch.granted)
    batch.made, batch.renewed, batch.granted = [], [], []


def _claim(event_ids: list[int], now: dt.datetime) -> list[int]:
    """The events of ``event_ids`` this worker now holds, claimed in one update."""
    claimable = Q(status=LifeEvent.Status.PENDING) | Q(
        status=LifeEvent.Status.PROCESSING, claimed_at__lt=now - STALE_AFTER
    )
    return claim_many(
        LifeEvent.objects.filter(claimable),
        event_ids,
        "claim_token",
        status=LifeEvent.Status.PROCESSING,
        claimed_at=now,
        attempts=F("attempts") + 1,
    )


def events_process(*, event_ids: list[int]) -> dict[int, str]:
    """Claim and decide these events in one batch; what became of each one claimed (an
    event another worker holds is left out)."""
    now = timezone.now()
    mine = _claim(event_ids, now)  # committed before the work (see the module)
    if not mine:
        return {}
    try:
        return _decide_claimed(mine)
    except Exception:
        if len(mine) > 1:  # let each be taken alone at once; a single one waits to be stale
            LifeEvent.objects.filter(
                pk__in=mine, status=LifeEvent.Status.PROCESSING, claimed_at=now
            ).update(status=LifeEvent.Status.PENDING)
        raise


def _decide_claimed(mine: list[int]) -> dict[int, str]:
    outcomes: dict[int, str] = {}
    told: list[tuple[User, LifeSituation, int]] = []
    with transaction.atomic():
        events = list(LifeEvent.objects.select_for_update().filter(pk__in=mine).order_by("pk"))
        batch = load(events)
        for event in events:
            # The situation the event was received for; an event stored before that was
            # kept, by its kind's start event — and one whose start event is gone is done
            # with nothing to decide, not retried for ever.
            situation_id = event.life_situation_id or batch.opened_by.get(event.kind)
            if situation_id is None or situation_id not in batch.situations:
                log.warning("life event %s: no life situation for kind %s", event.pk, event.kind)
                outcomes[event.pk] = LifeEvent.Status.DONE
                continue
            situation = batch.situations[situation_id]
            event.life_situation = situation
            client = batch.clients.get(event.pk)
            event.client = client
            if client is None:
                outcomes[event.pk] = LifeEvent.Status.UNKNOWN_CLIENT
                continue
            made = decide(event, client, situation, batch)
            if made is None:
                outcomes[event.pk] = LifeEvent.Status.NO_CONSENT  # R15: not without consent
                continue
            if made:
                told.append((client, situation, made))
            outcomes[event.pk] = LifeEvent.Status.DONE
        _write(batch)
        if told:
            killpoint.pause("EVENT")
        done_at = timezone.now()
        for event in events:
            event.status, event.processed_at = outcomes[event.pk], done_at
        _save_outcomes(events, done_at)
        _sends([_offers_notice(client, situation, made) for client, situation, made in told])
    return outcomes


def _save_outcomes(events: list[LifeEvent], done_at: dt.datetime) -> None:
    """Each event's outcome, client, situation and segment in one prepared statement run
    for every event (``bulk_update``'s CASE expressions cost more than the decisions)."""
    table = connection.ops.quote_name(LifeEvent._meta.db_table)
    why = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    columns = (
        "status = %s, processed_at = %s, client_id = %s, life_situation_id = %s, "
        f"segment_id = %s, segment_why = {why}"
    )
    sql = f"UPDATE {table} SET {columns} WHERE id = %s"  # noqa: S608  # nosec B608 - names are ours
    at = connection.ops.adapt_datetimefield_value(done_at)
    rows = [
        (
            e.status,
            at,
            e.client_id,
            e.life_situation_id,
            e.segment_id,
            json.dumps(e.segment_why, ensure_ascii=False),
            e.pk,
        )
        for e in events
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def event_process(*, event_id: int) -> str:
    """One event, as a batch of one: what became of it, or «not claimed»."""
    return events_process(event_ids=[event_id]).get(event_id, "not claimed")


def events_sweep(*, limit: int = 5_000) -> int:
    """Process events still pending, or whose worker died (claimed longer than
    ``STALE_AFTER`` ago), oldest first, in batches of ``BATCH`` — the runner's
    ``proactive.events`` job, the one way events are processed. Returns how many were
    processed."""
    done = 0
    while done < limit:
        stale = timezone.now() - STALE_AFTER
        waiting = list(
            LifeEvent.objects.filter(
                Q(status=LifeEvent.Status.PENDING)
                | Q(status=LifeEvent.Status.PROCESSING, claimed_at__lt=stale)
            )
            .order_by("received_at", "id")  # the oldest first: a backlog never starves them
            .values_list("pk", "attempts")[: min(BATCH, limit - done)]
        )
        if not waiting:
            break
        # An event tried before (its worker died, or it failed) goes alone: one that fails
        # every time must not take the batch path away from the others every minute.
        fresh = [pk for pk, attempts in waiting if attempts == 0]
        processed = _one_by_one([pk for pk, attempts in waiting if attempts > 0])
        try:
            processed += len(events_process(event_ids=fresh)) if fresh else 0
        except Exception:  # a batch that fails is tried again event by event
            log.exception("a batch of %s life events failed", len(fresh))
            processed += _one_by_one(fresh)
        if not processed:
            break  # every one is held by another worker
        done += processed
    return done


def _one_by_one(event_ids: list[int]) -> int:
    """After a batch failed (its claims released): each event alone, so that one bad
    event holds up no other; the bad one is retried once stale, as any."""
    done = 0
    for pk in event_ids:
        try:
            done += event_process(event_id=pk) != "not claimed"
        except Exception:
            log.exception("life event %s failed", pk)
    return done


def offers_redecide(*, client: User, consent: Consent) -> int:
    """A new consent (R15) decides again the life situations it covers, from the events the
    platform already knows of the client's confirmed СНИЛС (a business's: of its ИНН): an
    offer withdrawn when an earlier consent was revoked comes back, and an event that came
    while there was no consent gets its offers now (R16). Nobody is told of the offers: the
    client is the one who just consented; a function granted now asks for its rating.
    Returns how many offers were made or made again."""
    if consent.life_situation_id:
        situations = {consent.life_situation_id}
    else:
        assert consent.service_id is not None  # the check constraint: one or the other
        situations = set(
            LifeSituation.objects.filter(steps__service_id=consent.service_id).values_list(
                "pk", flat=True
            )
        )
    events = list(
        selectors.events_to_redecide(client)
        .select_for_update()
        .filter(
            life_situation_id__in=situations,
            status__in=[LifeEvent.Status.DONE, LifeEvent.Status.NO_CONSENT],
        )
        .order_by("-occurred_on", "-pk")  # the latest event of a situation decides first
    )
    if not events:
        return 0
    batch = load(events, client=client)
    made, decided = 0, []
    for event in events:
        assert event.life_situation_id is not None  # processed events have their situation
        situation = batch.situations[event.life_situation_id]
        count = decide(event, client, situation, batch)
        if count is None:
            continue
        made += count
        if event.status == LifeEvent.Status.NO_CONSENT:
            event.status, event.processed_at = LifeEvent.Status.DONE, timezone.now()
        event.client = client  # a business's event goes to the representative who consented
        decided.append(event)
    _write(batch)
    LifeEvent.objects.bulk_update(
        decided, ["status", "processed_at", "segment", "segment_why", "client"]
    )
    return made


def ask_for_rating(*, client: User, service: Service, event: LifeEvent) -> None:
    """Every delivery asks for a rating (seed 004 §5.1.6; R18–R20): a one-time link, once
    per event and service, through the client's channel, honouring mail preferences (R24).
    The rating is verified and counts in the service's and its body's figures."""
    _ask_for_ratings([(client, service, event)])


def _ask_for_ratings(delivered: list[tuple[User, Service, LifeEvent]]) -> None:
    """The links of a batch's deliveries made at once (``invitations_for_deliveries``),
    each told to its client."""
    from feedback import intake

    made = intake.invitations_for_deliveries(
        [
            intake.Delivery(
                subject=service, client=client, created_by_id=event.system_id,
                external_id=f"proactive:{event.pk}:{service.pk}", segment_id=event.segment_id,
            )
            for client, service, event in delivered
        ]
    )  # fmt: skip
    notices = []
    for delivery, token in made:
        assert delivery.client is not None  # a proactive delivery is always to its client
        text = _("Вы получили: «{s}». Оцените, как всё прошло, — это займёт минуту: {url}").format(
            s=delivery.subject.title, url=intake.invitation_url(token)
        )
        notices.append(
            ClientNotice(delivery.client, "rating_invitation", _("Оцените услугу"), text)
        )
    _sends(notices)


@dataclass(frozen=True)
class ClientNotice:
    """Something to tell a client: the topic (R24), the subject and the text."""

    client: User
    topic: str
    subject: str
    text: str


def _sends(notices: list[ClientNotice]) -> None:
    """Tell each client through the channel they prefer (``where_to_tell``), by the one
    path of every notice (``mailings.services.notify``: preferences per topic, digests, a
    short unsubscribe link in an SMS, a record of what was sent — R24), after the commit,
    all of a batch in one transaction: the record of a thousand notices is one commit,
    not a thousand. Robust: a notice that fails is logged and the others still go out; the
    batch's decisions are committed already and stay so."""
    if not notices:
        return
    prepared = []
    for notice in notices:
        client = notice.client
        channel, to = where_to_tell(client, getattr(client, "client_profile", None))
        address = address_of(email=client.email, user_id=client.pk)
        prepared.append((address, channel, to, client.pk, notice))

    def send_all() -> None:
        with transaction.atomic():  # the record of a batch's notices: one commit
            notify_many(
                [
                    Outgoing(
                        address=address,
                        channel=channel,
                        to=to,
                        topic=notice.topic,
                        subject=notice.subject,
                        text=notice.text,
                        user_id=user_id,
                    )
                    for address, channel, to, user_id, notice in prepared
                ]
            )

    transaction.on_commit(send_all, robust=True)


def _offers_notice(client: User, life_situation: LifeSituation, count: int) -> ClientNotice:
    """What the client is told when offers are ready (R16)."""
    url = settings.SITE_URL + reverse("proactive:cabinet")
    text = _(
        "По жизненной ситуации «{ls}» есть решения и готовые услуги: {n}. "
        "Посмотрите в кабинете: {url}"
    ).format(ls=life_situation.title, n=count, url=url)
    return ClientNotice(client, "proactive_offers", _("Мы подготовили услуги для вас"), text)
