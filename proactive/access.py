"""Who sees what of proactive delivery (R15; 152-ФЗ).

- a client sees only their own consents, offers and events;
- an integration system posts events for its body and reads only its body's events;
- the body's staff see the body's figures, depersonalised (no СНИЛС, no names).
"""

from __future__ import annotations

from typing import cast

from accounts.access import (
    AnyUser,
    body_of,
    can_administer,
    is_staff_of,
    refuse_forbidden,
    refuse_not_found,
)
from accounts.models import Body, Role, User
from proactive import selectors
from proactive.models import Consent, LifeEvent, Offer
from proactive.services import CLIENT_ROLES


def get_client(user: AnyUser) -> User:
    if not isinstance(user, User) or user.role not in CLIENT_ROLES:
        raise refuse_forbidden(user, "proactive:client")
    return user


def get_offer_for_client(user: AnyUser, pk: int) -> Offer:
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
    client = get_client(user)
    consent = Consent.objects.filter(pk=pk, client=client).first()
    if consent is None:
        raise refuse_not_found(user, f"consent:{pk}")
    return consent


def get_event_for_system(user: AnyUser, pk: int) -> LifeEvent:
    event = LifeEvent.objects.filter(pk=pk).first()
    if event is None or not (
        isinstance(user, User)
        and user.body_id == event.body_id
        and is_staff_of(user, event.body_id)
    ):
        raise refuse_not_found(user, f"life-event:{pk}")
    return event


def get_body_for_figures(user: AnyUser) -> Body:
    return body_of(user, is_staff_of, "proactive:figures")


#: Who may confirm a client's СНИЛС after checking the passport at a reception: civil
#: servants of a body (the МФЦ's and other receptions' staff) — not the body's
#: administrators, whose work is keys and settings, not identity.
IDENTITY_OPERATOR_ROLES = {Role.CIVIL_SERVANT, Role.PLATFORM_ADMIN}


def get_identity_operator(user: AnyUser) -> User:
    """Reception staff of a body (or a platform admin); 403 for anyone else."""
    if not isinstance(user, User) or user.role not in IDENTITY_OPERATOR_ROLES:
        raise refuse_forbidden(user, "proactive:verify")
    if user.role != Role.PLATFORM_ADMIN and user.body_id is None:
        raise refuse_forbidden(user, "proactive:verify")
    return user


def get_body_for_sources(user: AnyUser) -> Body:
    """The body whose event sources its administrator sets."""
    return body_of(user, can_administer, "proactive:sources")
