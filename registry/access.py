"""Loading registry objects for a user: the only way views and API handlers get them.

Another body's draft is a 404; an object the user may read but not change is a 403.
Published life situations and the reference data (services, touchpoints, digital
services, bodies) are open to everyone; only their owning body changes them.
"""

from __future__ import annotations

from accounts.access import AnyUser, body_for, load
from accounts.access import can_edit_for as can_edit_for  # the pages use these from here
from accounts.access import is_staff_of as is_staff_of
from accounts.access import refuse_forbidden as refuse_forbidden
from accounts.access import refuse_not_found as refuse_not_found
from accounts.models import Body
from accounts.roles import Cap
from registry import selectors
from registry.models import DigitalService, LifeSituation, SearchSynonym, Service, Touchpoint


def can_read_life_situation(user: AnyUser, life_situation: LifeSituation) -> bool:
    return life_situation.is_published or is_staff_of(user, life_situation.owner_body_id)


def get_life_situation_for_read(user: AnyUser, slug: str) -> LifeSituation:
    """A published life situation is open to everyone; a draft to its body's staff."""
    life_situation = selectors.life_situation_detail(slug=slug)
    published = life_situation is not None and life_situation.is_published
    owner = life_situation.owner_body_id if life_situation is not None else None
    read = None if published else Cap.READ
    return load(user, life_situation, f"life_situation:{slug}", read=read, body_id=owner)


def get_draft_for_read(user: AnyUser, slug: str) -> LifeSituation:
    """The working copy (the editor, versions, the API's ``draft``): its body's staff
    only, even once published; for anyone else it does not exist."""
    life_situation = selectors.life_situation_detail(slug=slug)
    owner = life_situation.owner_body_id if life_situation is not None else None
    return load(user, life_situation, f"draft:{slug}", body_id=owner)


def get_body_for_create(user: AnyUser, what: str, message: str = "") -> Body:
    """The body a new registry object will belong to: the editor's own; 403 otherwise."""
    return body_for(user, Cap.EDIT, f"{what}:create", message=message)


def can_create(user: AnyUser) -> bool:
    """May register new objects: an editor who belongs to a body (they belong to it)."""
    return getattr(user, "body_id", None) is not None and can_edit_for(user, user.body_id)  # type: ignore[union-attr]


def require_registrar(user: AnyUser, what: str, message: str) -> None:
    """Through the API the platform administrator, who names the body, registers objects
    too; a body's editors register them for their own body. 403 for anyone else."""
    if not can_edit_for(user, getattr(user, "body_id", None)):
        raise refuse_forbidden(user, f"{what}:create", message=message)


def get_life_situation_for_write(user: AnyUser, slug: str) -> LifeSituation:
    life_situation = get_life_situation_for_read(user, slug)
    return load(
        user,
        life_situation,
        f"life_situation:{slug}",
        read=None,
        write=Cap.EDIT,
        body_id=life_situation.owner_body_id,
    )


def get_service_for_read(user: AnyUser, slug: str) -> Service:
    """Services are reference data, open to everyone."""
    return load(user, selectors.service_detail(slug=slug), f"service:{slug}", read=None)


def get_service_for_write(user: AnyUser, slug: str) -> Service:
    """Only the service's body changes it; everyone else may read it, so a 403."""
    service = selectors.service_detail(slug=slug)
    return load(user, service, f"service:{slug}", read=None, write=Cap.EDIT)


def get_body_for_digital_services(user: AnyUser) -> Body:
    """The body whose digital services its staff read (and its editors keep)."""
    return body_for(user, Cap.READ, "registry:digital_services")


def get_body_for_synonyms(user: AnyUser) -> Body:
    """The body whose search synonyms its staff read (and its editors keep)."""
    return body_for(user, Cap.READ, "registry:synonyms")


def get_synonym_for_write(user: AnyUser, pk: int) -> SearchSynonym:
    """A body's own synonym, for its editors; a shared one is the platform's."""
    synonym = SearchSynonym.objects.filter(pk=pk).first()
    return load(user, synonym, f"synonym:{pk}", write=Cap.EDIT)


def get_digital_service_for_write(user: AnyUser, pk: int) -> DigitalService:
    """A digital service of the user's body, for its editors: anyone else may read it on
    the public service pages, so a 403; one that does not exist is a 404."""
    digital = selectors.digital_service_detail(pk=pk)
    return load(user, digital, f"digital-service:{pk}", read=None, write=Cap.EDIT)


def get_touchpoint_for_read(user: AnyUser, pk: int) -> Touchpoint:
    """Any touchpoint: a place is public reference data (its public page)."""
    touchpoint = selectors.touchpoint_detail(pk=pk)
    if touchpoint is None:
        raise refuse_not_found(user, f"touchpoint:{pk}")
    return touchpoint


def get_touchpoint_for_write(user: AnyUser, pk: int) -> Touchpoint:
    """A touchpoint of the user's body, for its editors: anyone else may read it on its
    public page, so a 403; one that does not exist is a 404."""
    touchpoint = selectors.touchpoint_detail(pk=pk)
    return load(user, touchpoint, f"touchpoint:{pk}", read=None, write=Cap.EDIT)
