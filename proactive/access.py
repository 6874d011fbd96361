"""Who sees what of proactive delivery (R15; 152-ФЗ).

- a client sees only their own consents, offers, visits and events;
- a representative the client named sees, while acting for them (``acting``), only the
  client's offers, consents and visits in the life situations the client chose;
- an integration system posts events for its body and reads only its body's events;
- the body's staff see the body's figures, depersonalised (no СНИЛС, no names).
"""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.access import (
    AnyUser,
    body_for,
    load,
    refuse_forbidden,
    refuse_not_found,
    require,
)
from accounts.middleware import ACTING_FOR as ACTING_FOR_KEY
from accounts.models import Body, User
from accounts.roles import Cap, can
from proactive import selectors
from proactive.models import Booking, Consent, LifeEvent, Offer, Representation, Trigger


def get_client(user: AnyUser) -> User:
    """The signed-in client: a citizen, a business, or a staff member in the client
    capacity. 403 for anyone else (a system, or staff acting for their body)."""
    if not isinstance(user, User) or not can(user, Cap.CLIENT):
        raise refuse_forbidden(
            user,
            "proactive:client",
            message=_(
                "Этот раздел — для клиента. Сотрудник органа переходит в него кнопкой "
                "«Действовать как гражданин»."
            ),
        )
    return user


def get_offer_for_client(user: AnyUser, pk: int) -> Offer:
    """The client's own offer; another client's is a 404."""
    client = get_client(user)
    offer = (
        selectors.offers_of(client)
        .select_related("service", "service__body", "life_situation", "event")
        .filter(pk=pk)
        .first()
    )
    if offer is None:
        raise refuse_not_found(user, f"offer:{pk}")
    return cast(Offer, offer)


def get_consent_for_client(user: AnyUser, pk: int) -> Consent:
    """The client's own consent; another client's is a 404."""
    client = get_client(user)
    consent = Consent.objects.filter(pk=pk, client=client).first()
    if consent is None:
        raise refuse_not_found(user, f"consent:{pk}")
    return consent


def get_event_for_read(user: AnyUser, pk: int) -> LifeEvent:
    """A life event, for the body that posted it (its systems and staff): depersonalised
    status, never the СНИЛС. Another body's is a 404 — the platform administrator's too,
    since events carry personal data and he has no need of them (152-ФЗ)."""
    event = LifeEvent.objects.filter(pk=pk).first()
    own = event is not None and getattr(user, "body_id", None) == event.body_id
    return load(user, event if own else None, f"life-event:{pk}")


def require_rules_reader(user: AnyUser) -> None:
    """The rules are the same for every body: any body's staff and the platform
    administrator read them; 403 for anyone else."""
    require(user, Cap.READ, "proactive:rules", getattr(user, "body_id", None))


def get_event_poster(user: AnyUser) -> User:
    """An integration system of a body, which reports life events by its key; 403 for
    anyone else, naming the header that should have carried the key."""
    if not isinstance(user, User) or not can(user, Cap.INTEGRATE, user.body_id):
        raise refuse_forbidden(
            user,
            "life-events",
            field="X-API-Key",
            message=_("О жизненных событиях сообщают информационные системы органов с ключом API."),
        )
    return user


def get_body_for_figures(user: AnyUser) -> Body:
    return body_for(user, Cap.READ, "proactive:figures")


def get_identity_operator(user: AnyUser) -> User:
    """Reception staff of a body — the МФЦ's and other receptions' civil servants, not
    the body's administrators, whose work is keys and settings, not identity — or a
    platform admin; 403 for anyone else."""
    if not isinstance(user, User) or not can(user, Cap.VERIFY_IDENTITY, user.body_id):
        raise refuse_forbidden(user, "proactive:verify")
    return user


def get_body_for_sources(user: AnyUser) -> Body:
    """The body whose event sources its administrator sets."""
    return body_for(user, Cap.ADMINISTER, "proactive:sources")


def get_body_for_start_events(user: AnyUser) -> Body:
    """A body's staff who edit the registry name the start events of its life situations;
    everyone with the body's reading sees the list of all."""
    return body_for(user, Cap.READ, "proactive:start_events")


def get_body_for_start_event_edit(user: AnyUser) -> Body:
    """The body whose start events ``user`` may add or change: its registry editors."""
    return body_for(user, Cap.EDIT, "proactive:start_event")


def may_edit_start_events(user: AnyUser, body: Body) -> bool:
    return isinstance(user, User) and can(user, Cap.EDIT, body.pk)


def get_trigger_for_edit(user: AnyUser, pk: int) -> Trigger:
    """A start event of a life situation of the user's body, for its editors (403 to its
    other staff); another body's is a 404 — its list is open, its editing is not."""
    trigger = selectors.triggers().filter(pk=pk).first()
    owner = trigger.life_situation.owner_body_id if trigger is not None else None
    return load(user, trigger, f"trigger:{pk}", read=Cap.READ, write=Cap.EDIT, body_id=owner)


#: The session key of the representation the representative acts under (kept with the
#: capacity's key, so that switching capacity ends it).
ACTING_FOR = ACTING_FOR_KEY


def acting(request: HttpRequest) -> tuple[User, Representation | None]:
    """Whose cabinet this is: the signed-in client's own, or — while they act for someone
    (``ACTING_FOR``) — the client who named them, with the representation that limits
    what they may do. A representation revoked meanwhile ends the acting at once."""
    user = get_client(request.user)
    pk = request.session.get(ACTING_FOR)
    if pk is None:
        return user, None
    representation = (
        Representation.objects.active()
        .select_related("principal")
        .prefetch_related("life_situations")
        .filter(pk=pk, representative=user, accepted_at__isnull=False, principal__is_active=True)
        .first()
    )
    if representation is None or selectors.confirmed_snils(user) != (
        representation.representative_snils
    ):
        request.session.pop(ACTING_FOR, None)
        return user, None
    return representation.principal, representation


def get_offer_for_acting(request: HttpRequest, pk: int) -> tuple[Offer, Representation | None]:
    """The offer of the client whose cabinet this is; while acting for someone, only in
    the situations they chose. Anything else is a 404."""
    client, representation = acting(request)
    offer = (
        selectors.offers_of(client)
        .select_related("service", "service__body", "life_situation", "event")
        .filter(pk=pk)
        .first()
    )
    if offer is None or (
        representation is not None and not representation.covers(offer.life_situation_id)
    ):
        raise refuse_not_found(request.user, f"offer:{pk}")
    return cast(Offer, offer), representation


def get_representation(user: AnyUser, pk: int) -> Representation:
    """A representation the client gave, holds, or is invited to (by their confirmed
    СНИЛС); anyone else's is a 404."""
    client = get_client(user)
    found = (
        Representation.objects.filter(pk=pk)
        .select_related("principal", "representative")
        .prefetch_related("life_situations")
        .first()
    )
    if found is None or not (
        client.pk in (found.principal_id, found.representative_id)
        or (
            found.representative_id is None
            and selectors.confirmed_snils(client) == found.representative_snils
        )
    ):
        raise refuse_not_found(user, f"representation:{pk}")
    return found


def get_booking_for_acting(request: HttpRequest, pk: int) -> tuple[Booking, Representation | None]:
    """The active booking of the client whose cabinet this is, of an offer they see; while
    acting for someone, only in the situations they chose. Anything else is a 404."""
    client, representation = acting(request)
    booking = (
        Booking.objects.active()
        .select_related("touchpoint", "offer__service", "offer__life_situation")
        .filter(pk=pk, client=client, offer__in=selectors.offers_of(client))
        .first()
    )
    if booking is None or (
        representation is not None and not representation.covers(booking.offer.life_situation_id)
    ):
        raise refuse_not_found(request.user, f"booking:{pk}")
    return booking, representation


def get_consent_for_acting(request: HttpRequest, pk: int) -> tuple[Consent, Representation | None]:
    """The consent of the client whose cabinet this is; while acting for someone, only one
    for a situation they chose. Anything else is a 404."""
    client, representation = acting(request)
    consent = Consent.objects.filter(pk=pk, client=client).select_related("life_situation").first()
    if consent is None or (
        representation is not None and not representation.covers(consent.life_situation_id)
    ):
        raise refuse_not_found(request.user, f"consent:{pk}")
    return consent, representation
