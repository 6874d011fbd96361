"""Reads of proactive delivery: the client's cabinet, the rules, the body's figures."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Body, Role, User
from lib import snils as snils_lib
from lib.jobs import Backlog
from proactive.engine import case_passes
from proactive.engine.rules import RULES
from proactive.models import (
    Booking,
    ClientProfile,
    Consent,
    EventSource,
    LifeEvent,
    Offer,
    Trigger,
)
from registry import selectors as registry_selectors
from registry.models import LifeSituation, LifeSituationVersion, Service


@dataclass
class Journey:
    """A life situation under way for one client: the event, the offers, what cannot be met
    and what is still being designed."""

    event: LifeEvent
    offers: list[Offer]
    cannot: list[dict[str, Any]]
    #: How the start event is named (``Trigger.title``), its code if none is left.
    kind_title: str = ""
    #: Typical needs no service meets yet, being designed (R4, R16): said, not skipped.
    in_work: list[dict[str, Any]] = field(default_factory=list)


def offers_of(client: User) -> Any:
    """The client's offers made from the state's data of the number the account holds
    confirmed now: none while it is unconfirmed, and none of a number it held before. A
    business's: those of events about its organisation's ИНН, while the account is still
    that organisation's representative."""
    if is_business(client):
        inn = _inn_of(client)
        return Offer.objects.filter(client=client, event__inn=inn) if inn else Offer.objects.none()
    return Offer.objects.filter(
        client=client,
        client__client_profile__snils_verified_at__isnull=False,
        event__snils=F("client__client_profile__snils"),
    )


def _inn_of(client: User) -> str | None:
    organisation = client.organisation
    return organisation.inn if organisation is not None else None


def events_to_redecide(client: User) -> QuerySet[LifeEvent]:
    """The events a new consent of the client decides again (``offers_redecide``): the
    client's own, and for a business also those about its ИНН that no representative had
    consented to — the event went to the first of them, the consent may be another's."""
    mine = events_of(client)
    if not is_business(client):
        return mine
    inn = _inn_of(client)
    unclaimed = LifeEvent.objects.filter(inn=inn, status=LifeEvent.Status.NO_CONSENT)
    return (mine | unclaimed) if inn else mine


def events_of(client: User) -> QuerySet[LifeEvent]:
    """The life events the account is tied to now: a person's of the confirmed СНИЛС, a
    business's of its organisation's ИНН (as ``offers_of``)."""
    if is_business(client):
        inn = _inn_of(client)
        return LifeEvent.objects.filter(client=client, inn=inn) if inn else LifeEvent.objects.none()
    profile = ClientProfile.objects.verified().filter(user=client).first()
    if profile is None:
        return LifeEvent.objects.none()
    return LifeEvent.objects.filter(client=client, snils=profile.snils)


def offers_withdrawn_by(consent: Consent) -> QuerySet[Offer]:
    """The offers revoking ``consent`` withdraws (R15): those still waiting for an answer
    that it covers and no other valid consent of the client covers — a consent to the
    whole life situation, or one to a single service of it. The confirmation page names
    them before the client revokes; ``consent_revoke`` withdraws exactly these."""
    others = Consent.objects.valid().filter(client_id=consent.client_id).exclude(pk=consent.pk)
    pending = Offer.objects.filter(
        client_id=consent.client_id, status__in=[Offer.Status.READY, Offer.Status.FORM]
    )
    if consent.life_situation_id:
        single = others.filter(service__isnull=False).values("service")
        return pending.filter(life_situation_id=consent.life_situation_id).exclude(
            service__in=single
        )
    assert consent.service_id is not None  # the check constraint: one or the other
    whole = others.filter(life_situation__isnull=False).values("life_situation")
    return pending.filter(service_id=consent.service_id).exclude(life_situation__in=whole)


def active_booking(offer: Offer) -> Booking | None:
    """The offer's one booking that is not cancelled, if any."""
    return Booking.objects.active().filter(offer=offer).select_related("touchpoint").first()


def bookings_of(client: User, *, now: dt.datetime | None = None) -> list[Booking]:
    """The client's visits still to come, of offers the client sees, soonest first."""
    now = now or timezone.now()
    return list(
        Booking.objects.active()
        .filter(client=client, offer__in=offers_of(client), starts_at__gte=now)
        .select_related("touchpoint", "offer", "booked_by")
        .order_by("starts_at")
    )


def overview_for(client: User, *, recent_days: int = 90) -> dict[str, Any]:
    """What a client sees first on signing in: offers waiting for an answer, decisions of
    the last ``recent_days`` (a refusal with its reason), and visits to come."""
    since = timezone.now() - dt.timedelta(days=recent_days)
    offers = (
        offers_of(client)
        .filter(event__first_report=True)
        .select_related("service", "life_situation")
        .order_by("-created_at")
    )
    return {
        "waiting": list(offers.filter(status__in=[Offer.Status.READY, Offer.Status.FORM])[:10]),
        "decided": list(
            offers.filter(
                status__in=[Offer.Status.CONFIRMED, Offer.Status.GRANTED, Offer.Status.REFUSED],
                created_at__gte=since,
            )[:10]
        ),
        "bookings": bookings_of(client),
    }


def is_business(client: User) -> bool:
    """A business's representative: the state knows the organisation by its ИНН and ОГРН
    (ОГРНИП), not by a person's СНИЛС, and its life situations are the business ones."""
    return Role(client.role) == Role.BUSINESS


def life_situations_for(client: User) -> QuerySet[LifeSituation]:
    """The published life situations a client may consent to: a business's for a
    business, a citizen's (or a staff member's acting as a citizen) for everyone else."""
    published = registry_selectors.published_life_situations()
    if is_business(client):
        return published.filter(for_business=True)
    return published.filter(for_citizens=True)


def cabinet_for(client: User) -> dict[str, Any]:
    consents = list(
        Consent.objects.filter(client=client).select_related("life_situation", "service")
    )
    events = list(
        events_of(client)
        .filter(first_report=True)  # a repeat stored before repeats were recognised: hidden
        .select_related("life_situation")
        .prefetch_related("offers__service__body")
        .order_by("-received_at")
    )
    versions = {
        v.life_situation_id: v
        for v in LifeSituationVersion.objects.public().filter(
            life_situation_id__in=[e.life_situation_id for e in events]
        )
    }
    journeys = []
    titles = kind_titles() if events else {}
    for event in events:
        version = versions.get(event.life_situation_id or 0)
        cannot = [
            n
            for n in (version.snapshot.get("needs", []) if version else [])
            if n.get("status") == "cannot"
        ]
        in_work = [
            n
            for n in (version.snapshot.get("needs", []) if version else [])
            if n.get("status") == "in_work" and not n.get("services")
        ]
        title = titles.get(event.kind, event.kind)
        journeys.append(Journey(event, list(event.offers.all()), cannot, title, in_work))
    covered = {c.life_situation_id for c in consents if c.is_valid and c.life_situation_id}
    return {
        "consents": consents,
        "journeys": journeys,
        "available": life_situations_for(client).exclude(pk__in=covered).order_by("title"),
        "business": is_business(client),
        "organisation": client.organisation if is_business(client) else None,
        "pending": sum(1 for j in journeys for o in j.offers if o.is_pending),
        "bookings": bookings_of(client),
    }


def rules_overview() -> list[dict[str, Any]]:
    return [
        {
            "rule": rule,
            "cases": [(case, case_passes(rule, case)) for case in rule.cases],
        }
        for rule in RULES.values()
    ]


@dataclass(frozen=True)
class Figures:
    events: int
    by_status: list[tuple[str, int]]
    offers_by_service: list[dict[str, Any]]
    refusals_by_reason: list[tuple[str, int]]
    median_minutes_to_offer: float | None
    by_life_situation: list[dict[str, Any]]
    by_segment: list[tuple[str, int]]


def figures_for_body(*, body_id: int, days: int = 90, now: dt.datetime) -> Figures:
    """Events, offers, confirmations, refusals by reason and time from event to offer, for
    the body's life situations and services — counts only, no client is identifiable."""
    since = now - dt.timedelta(days=days)
    events = LifeEvent.objects.filter(received_at__gte=since, first_report=True).filter(
        Q(body_id=body_id) | Q(life_situation__owner_body_id=body_id)
    )
    offers = Offer.objects.filter(created_at__gte=since, event__first_report=True).filter(
        Q(service__body_id=body_id) | Q(life_situation__owner_body_id=body_id)
    )
    by_service = list(
        offers.values("service__title")
        .annotate(
            total=Count("id"),
            confirmed=Count("id", filter=Q(status=Offer.Status.CONFIRMED)),
            granted=Count("id", filter=Q(status=Offer.Status.GRANTED)),
            refused=Count("id", filter=Q(status=Offer.Status.REFUSED)),
            pending=Count("id", filter=Q(status__in=[Offer.Status.READY, Offer.Status.FORM])),
            withdrawn=Count(
                "id", filter=Q(status__in=[Offer.Status.WITHDRAWN, Offer.Status.DECLINED])
            ),
            # no rule decides it yet: the clients were sent to apply in the ordinary way
            to_apply=Count("id", filter=Q(status=Offer.Status.APPLY)),
        )
        .order_by("service__title")
    )
    reasons: Counter[str] = Counter()
    for row in offers.filter(status=Offer.Status.REFUSED).values_list("reasons", flat=True):
        for reason in row:
            if not reason.get("passed"):
                reasons[reason["condition"]] += 1
    # Time from the event to its offer (issue 23): minutes from the moment the platform
    # learned of it (the platform's part), and days from the date it happened (what the
    # client waits, the registry's delay included) — medians, per service and situation.
    delays: list[float] = []
    minutes: dict[tuple[str, str], list[float]] = defaultdict(list)
    since_days: dict[tuple[str, str], list[float]] = defaultdict(list)
    decided = offers.exclude(status=Offer.Status.APPLY)  # an offer from data, not a pointer
    for service, situation, made, received, occurred in decided.values_list(
        "service__title", "life_situation__title", "created_at", "event__received_at",
        "event__occurred_on",
    ):  # fmt: skip
        waited = (made - received).total_seconds() / 60
        since_event = (timezone.localdate(made) - occurred).days
        delays.append(waited)
        for key in (("service", service), ("situation", situation)):
            minutes[key].append(waited)
            since_days[key].append(since_event)

    def medians(kind: str, row: dict[str, Any], title: str) -> dict[str, Any]:
        key = (kind, row[title])
        row["minutes"] = round(statistics.median(minutes[key]), 1) if minutes[key] else None
        row["days"] = round(statistics.median(since_days[key]), 1) if since_days[key] else None
        return row

    by_service = [medians("service", row, "service__title") for row in by_service]
    statuses = dict(LifeEvent.Status.choices)
    return Figures(
        events=events.count(),
        by_status=[
            (str(statuses[s]), n)
            for s, n in events.values_list("status").annotate(n=Count("id")).order_by("status")
        ],
        offers_by_service=by_service,
        refusals_by_reason=reasons.most_common(),
        median_minutes_to_offer=round(statistics.median(delays), 1) if delays else None,
        by_life_situation=[
            medians("situation", row, "life_situation__title")
            for row in decided.values("life_situation__title")
            .annotate(
                events=Count("event", distinct=True),
                total=Count("id"),
                confirmed=Count("id", filter=Q(status=Offer.Status.CONFIRMED)),
                granted=Count("id", filter=Q(status=Offer.Status.GRANTED)),
                refused=Count("id", filter=Q(status=Offer.Status.REFUSED)),
            )
            .order_by("life_situation__title")
        ],
        by_segment=[
            (f"{code} {name}" if code else "без сегмента", n)
            for code, name, n in events.filter(status=LifeEvent.Status.DONE)
            .values_list("segment__code", "segment__name")
            .annotate(n=Count("id"))
            .order_by("segment__code")
        ],
    )


def confirmed_snils(client: User) -> str:
    """The СНИЛС the account holds confirmed now, or ""."""
    profile = ClientProfile.objects.verified().filter(user=client).only("snils").first()
    return profile.snils if profile is not None else ""


def client_with_snils(digits: str) -> User | None:
    """The client whose СНИЛС this is, confirmed (``ClientProfile.snils_verified_at``);
    None for any other number, so a caller cannot tell a stranger from no one."""
    profile = ClientProfile.objects.verified().select_related("user").filter(snils=digits).first()
    return profile.user if profile is not None else None


def consenting_client(
    snils: str, *, service: Service | None = None, life_situation: LifeSituation | None = None
) -> User | None:
    """The client with this СНИЛС, if a valid consent covers the service (itself or a life
    situation it is a step of) or the whole life situation (R15); None otherwise."""
    try:
        digits = snils_lib.normalize(snils)
    except ValueError:
        return None
    profile = ClientProfile.objects.verified().select_related("user").filter(snils=digits).first()
    if profile is None:
        return None
    if service is not None:
        covers = Q(service=service) | Q(life_situation__steps__service=service)
    else:
        covers = Q(life_situation=life_situation)
    consents = Consent.objects.valid().filter(covers, client=profile.user)
    return profile.user if consents.exists() else None


def client_by_username(username: str) -> User | None:
    """A person's account (a citizen's, a business's, or a staff member's who receives
    services as a client), for the operator who confirms its СНИЛС: the exact login, or
    the one login that differs only in case (never a guess between two)."""
    clients = User.objects.exclude(role=Role.SYSTEM)
    typed = username.strip()
    exact = clients.filter(username=typed).first()
    if exact is not None:
        return exact
    alike = list(clients.filter(username__iexact=typed)[:2])
    return alike[0] if len(alike) == 1 else None


def same_last_name(client: User, typed: str) -> bool:
    """The passport's surname against the account's, ignoring case and ё/е."""

    def fold(name: str) -> str:
        return " ".join(name.casefold().replace("ё", "е").split())

    return bool(client.last_name.strip()) and fold(client.last_name) == fold(typed)


def triggers() -> QuerySet[Trigger]:
    """Every start event: the kinds of life event systems may report (issue 23), each with
    its life situation and that situation's body."""
    return Trigger.objects.select_related("life_situation", "life_situation__owner_body")


def triggers_visible_to(body: Body) -> QuerySet[Trigger]:
    """The start events a body's staff see: those of published life situations and of the
    body's own (another body's draft or archived situation is not theirs to read)."""
    return triggers().filter(
        Q(life_situation__status=LifeSituation.Status.PUBLISHED)
        | Q(life_situation__owner_body=body)
    )


def published_triggers() -> QuerySet[Trigger]:
    """The start events of published life situations: what the open API lists."""
    return triggers().filter(life_situation__status=LifeSituation.Status.PUBLISHED)


def kind_used(kind: str) -> bool:
    """Whether a system has reported an event of ``kind`` (its code then stays)."""
    return LifeEvent.objects.filter(kind=kind).exists()


def kind_titles() -> dict[str, str]:
    """Each kind's name, by code: «birth_registered» → «Зарегистрировано рождение ребёнка»."""
    return dict(Trigger.objects.values_list("kind", "title"))


def event_sources_of(body: Body) -> list[str]:
    return list(EventSource.objects.filter(body=body).values_list("kind", flat=True))


def events_backlog() -> Backlog:
    """Events waiting to be processed, for the operator page."""
    return Backlog.of(
        LifeEvent.objects.filter(
            status__in=[LifeEvent.Status.PENDING, LifeEvent.Status.PROCESSING]
        ),
        "received_at",
    )


@dataclass(frozen=True)
class Moment:
    """One step of a client's history (seed 000: experience «на протяжении всей истории
    отношений»): when, what happened, in the client's words, and where to see it."""

    at: dt.datetime
    kind: str  # event, offer, answer, consent, revoke, booking
    title: str
    detail: str = ""
    url: str = ""
    #: Where the client says «это не моё» about it (a POST), if they may.
    not_mine_url: str = ""


def history_of(client: User) -> list[Moment]:
    """The client's proactive history: events about them, the offers and decisions, their
    answers, consents given and revoked, visits booked — only what the client's own cabinet
    shows (``offers_of``, ``events_of``), never another number's."""
    from django.urls import reverse

    moments: list[Moment] = []
    titles = kind_titles()
    for event in events_of(client).filter(first_report=True).select_related("life_situation"):
        named = titles.get(event.kind, event.kind)
        title = event.life_situation.title if event.life_situation else named
        moments.append(
            Moment(event.received_at, "event", _("Мы узнали: {e}").format(e=named), title)
        )
    for offer in (
        offers_of(client).filter(event__first_report=True).select_related("service", "answered_by")
    ):
        url = reverse("proactive:offer", args=[offer.pk])
        # what the offer was when made: its status now, unless something happened to it
        # since (the client answered, or a revoked consent withdrew it)
        later = offer.status in (
            Offer.Status.CONFIRMED, Offer.Status.DECLINED, Offer.Status.WITHDRAWN,
        )  # fmt: skip
        made = _("Подготовлено по данным государства") if later else offer.get_status_display()
        moments.append(Moment(offer.created_at, "offer", offer.summary, str(made), url))
        if offer.answered_at and offer.status in (Offer.Status.CONFIRMED, Offer.Status.DECLINED):
            by = (
                _("{s} — за вас: {name}").format(
                    s=offer.get_status_display(), name=offer.answered_by.display_name
                )
                if offer.answered_by is not None
                else offer.get_status_display()
            )
            moments.append(Moment(offer.answered_at, "answer", by, offer.summary, url))
    for consent in Consent.objects.filter(client=client).select_related(
        "life_situation", "service"
    ):
        moments.append(Moment(consent.given_at, "consent", _("Согласие дано"), str(consent)))
        if consent.revoked_at:
            moments.append(
                Moment(consent.revoked_at, "revoke", _("Согласие отозвано"), str(consent))
            )
    for booking in Booking.objects.filter(
        client=client, offer__in=offers_of(client)
    ).select_related("touchpoint", "offer", "booked_by", "cancelled_by", "moved_by"):
        where = f"{booking.touchpoint.title} · {booking.offer.summary}"
        when = booking.when  # in the office's own time zone, named, as the cabinet says it
        booked = _("Запись на приём: {w}").format(w=when)
        if booking.booked_by is not None:
            booked = _("{s} — за вас: {name}").format(s=booked, name=booking.booked_by.display_name)
        if booking.moved_at is not None:
            # the booking row holds the visit as it stands: its first time is in the audit
            booked = _("Запись на приём")
            if booking.booked_by is not None:
                booked = _("{s} — за вас: {name}").format(
                    s=booked, name=booking.booked_by.display_name
                )
            moved = _("Запись перенесена: {w}").format(w=when)
            if booking.moved_by is not None:
                moved = _("{s} — за вас: {name}").format(
                    s=moved, name=booking.moved_by.display_name
                )
            moments.append(Moment(booking.moved_at, "booking", moved, where))
        moments.append(Moment(booking.created_at, "booking", booked, where))
        if booking.cancelled_at is not None:
            cancelled = _("Запись отменена: {w}").format(w=when)
            if booking.cancelled_by is not None:
                cancelled = _("{s} — за вас: {name}").format(
                    s=cancelled, name=booking.cancelled_by.display_name
                )
            moments.append(Moment(booking.cancelled_at, "booking", cancelled, where))
    return moments


def offered_services_of(client: User) -> set[tuple[int, int]]:
    """(event, service) of every offer the client sees (``offers_of``): what a delivery's
    rating invitation was made for (``feedback.intake.invitation_for_delivery``)."""
    return set(offers_of(client).values_list("event_id", "service_id"))


def representations_of(client: User) -> dict[str, Any]:
    """Whom the client invited to act for them (in force first), for whom they may act,
    and the invitations addressed to their confirmed СНИЛС that wait for an answer."""
    from proactive.models import Representation

    rows = Representation.objects.select_related("principal", "representative").prefetch_related(
        "life_situations"
    )
    digits = confirmed_snils(client)
    return {
        "given": list(rows.filter(principal=client).order_by("revoked_at", "-created_at")),
        "held": list(
            rows.active().filter(
                representative=client, accepted_at__isnull=False, representative_snils=digits
            )
        )
        if digits
        else [],
        "invitations": list(
            rows.active()
            .filter(representative__isnull=True, representative_snils=digits)
            .exclude(principal=client)
        )
        if digits
        else [],
    }


def cabinet_of_representative(representation: Any) -> dict[str, Any]:
    """The cabinet a representative sees while acting: the client's journeys in the
    situations the client chose: consents and visits there — no profile, no history, no
    other situations."""
    allowed = {ls.pk for ls in representation.life_situations.all()}
    data = cabinet_for(representation.principal)
    journeys = [j for j in data["journeys"] if j.event.life_situation_id in allowed]
    consents = [c for c in data["consents"] if c.life_situation_id in allowed]
    covered = {c.life_situation_id for c in consents if c.is_valid}
    return {
        "journeys": journeys,
        "pending": sum(1 for j in journeys for o in j.offers if o.is_pending),
        "consents": consents,
        "bookings": [b for b in data["bookings"] if b.offer.life_situation_id in allowed],
        # what the representative may consent to for the client: the chosen situations
        "available": data["available"].filter(pk__in=allowed - covered),
    }


def offers_by_quarter(
    *, body_id: int, since: dt.datetime, now: dt.datetime, waiting_days: int = 30
) -> dict[dt.date, tuple[int, int]]:
    """Per quarter of the offer (the current time zone): (decided, completed) of the
    offers the body's services made from the state's data — completed: confirmed, or
    granted without an application; decided: those, the declined and withdrawn, and any
    still waiting for the client longer than ``waiting_days``. One query."""
    from django.db.models.functions import TruncQuarter

    completed = Q(status__in=[Offer.Status.CONFIRMED, Offer.Status.GRANTED])
    decided = (
        completed
        | Q(status__in=[Offer.Status.DECLINED, Offer.Status.WITHDRAWN])
        | Q(
            status__in=[Offer.Status.READY, Offer.Status.FORM],
            created_at__lt=now - dt.timedelta(days=waiting_days),
        )
    )
    # the body's services first (a short list), so the (service, created_at) index reads
    # only the span's offers instead of joining every offer to its service
    services = list(Service.objects.filter(body_id=body_id).values_list("pk", flat=True))
    rows = (
        Offer.objects.filter(service_id__in=services, created_at__gte=since)
        .annotate(quarter=TruncQuarter("created_at"))
        .values("quarter")
        .annotate(decided=Count("id", filter=decided), completed=Count("id", filter=completed))
        .order_by()
    )
    return {
        (r["quarter"].date() if isinstance(r["quarter"], dt.datetime) else r["quarter"]): (
            r["decided"],
            r["completed"],
        )
        for r in rows
    }
