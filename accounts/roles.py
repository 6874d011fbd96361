"""Every role and what it may do: the one table the product's access rules read.

``can(user, capability, body_id)`` is the only check. Each app's ``access`` module names
the capability an action needs and loads objects through ``accounts.access.load``; views
pass the answers to templates as booleans (``may.<capability>``), never role names.

A capability held "in a body" applies to that body's data only; the platform
administrator holds the body capabilities in every body. Two capabilities belong to
no body: acting as a client (a citizen's or a business's cabinet, consents, offers,
ratings as an external client) and keeping the shared attribute catalogue.

A person has more than one capacity (seed 000): a civil servant is an internal client
only while acting within his powers; the same servant applying for his own passport is an
external client. A staff member switches to the client capacity without a second account
(``accounts.capacity``); while in it he holds the client's capabilities only, so what he
does is recorded as an external client's act.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser

from accounts.models import Role, User

AnyUser = User | AnonymousUser


class Cap(StrEnum):
    """What a user may do. The value is the name templates use: ``may.inbox_answer``."""

    #: Read the body's working material: drafts, segments, studies, maps, dashboards.
    READ = "read"
    #: Change the body's working material and registry data.
    EDIT = "edit"
    #: The body's API keys, audit trail, export log and event sources.
    ADMINISTER = "administer"
    #: Approve the body's yearly needs report (R10).
    APPROVE_REPORT = "approve_report"
    #: Enter a rating heard by phone or at a counter (R18).
    ENTER_RATINGS = "enter_ratings"
    #: Read the body's inbox: appeals and their authors (152-ФЗ).
    INBOX_READ = "inbox_read"
    #: Answer appeals, keep answer templates, assign items.
    INBOX_ANSWER = "inbox_answer"
    #: Approve answers over the body's thresholds (R23).
    INBOX_APPROVE = "inbox_approve"
    #: Set the inbox's time limits, categories and rules.
    INBOX_CONFIGURE = "inbox_configure"
    #: Post appeals for the body (its systems; its staff enter phone or paper items).
    INBOX_POST = "inbox_post"
    #: Confirm a client's СНИЛС after checking the passport at a reception (R16).
    VERIFY_IDENTITY = "verify_identity"
    #: Act as an integration system: post life events, ratings and volumes by key.
    INTEGRATE = "integrate"
    #: Keep the attribute catalogue shared by every body (R6).
    SHARED_CATALOGUE = "shared_catalogue"
    #: Make the mystery visits and calls assigned to one (R29): those checks only.
    MYSTERY_SHOP = "mystery_shop"
    #: Act as an external client: cabinet, consents, offers, bookings (R15).
    CLIENT = "client"


#: Capabilities that belong to no body.
BODYLESS = frozenset({Cap.SHARED_CATALOGUE, Cap.CLIENT})

#: The table. Read it as "a <role> of a body may <capabilities> in that body".
TABLE: dict[Role, frozenset[Cap]] = {
    Role.PLATFORM_ADMIN: frozenset(Cap) - {Cap.INTEGRATE, Cap.CLIENT, Cap.MYSTERY_SHOP},
    Role.BODY_ADMIN: frozenset(
        {
            Cap.READ,
            Cap.EDIT,
            Cap.ADMINISTER,
            Cap.APPROVE_REPORT,
            Cap.ENTER_RATINGS,
            Cap.INBOX_READ,
            Cap.INBOX_ANSWER,
            Cap.INBOX_CONFIGURE,
            Cap.INBOX_POST,
        }
    ),
    Role.ANALYST: frozenset(
        {
            Cap.READ,
            Cap.EDIT,
            Cap.APPROVE_REPORT,
            Cap.ENTER_RATINGS,
            Cap.INBOX_READ,
            Cap.INBOX_ANSWER,
            Cap.INBOX_POST,
        }
    ),
    Role.HEAD: frozenset(
        {Cap.READ, Cap.APPROVE_REPORT, Cap.INBOX_READ, Cap.INBOX_APPROVE, Cap.INBOX_CONFIGURE}
    ),
    Role.SYSTEM: frozenset({Cap.READ, Cap.EDIT, Cap.INBOX_READ, Cap.INBOX_POST, Cap.INTEGRATE}),
    Role.ANSWERER: frozenset({Cap.ENTER_RATINGS, Cap.INBOX_READ, Cap.INBOX_ANSWER, Cap.INBOX_POST}),
    Role.CIVIL_SERVANT: frozenset({Cap.ENTER_RATINGS, Cap.VERIFY_IDENTITY}),
    Role.SHOPPER: frozenset({Cap.MYSTERY_SHOP}),
    Role.CITIZEN: frozenset({Cap.CLIENT}),
    Role.BUSINESS: frozenset({Cap.CLIENT}),
}

#: Roles whose holder is a person who may also act as a client (not a system).
MAY_ACT_AS_CLIENT = frozenset(TABLE) - {Role.SYSTEM, Role.CITIZEN, Role.BUSINESS}


class Capacity(StrEnum):
    """In which capacity a person acts right now (seed 000)."""

    STAFF = "staff"
    CLIENT = "client"


def capabilities(user: AnyUser) -> frozenset[Cap]:
    """What ``user`` may do in the capacity they act in now."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    assert isinstance(user, User)
    role = Role(user.role)
    if role in MAY_ACT_AS_CLIENT and user.capacity == Capacity.CLIENT:
        return frozenset({Cap.CLIENT})
    return TABLE[role]


def can(user: AnyUser, cap: Cap, body_id: int | None = None) -> bool:
    """May ``user`` do ``cap`` in the body ``body_id`` (ignored for bodyless capabilities)?"""
    if cap not in capabilities(user):
        return False
    assert isinstance(user, User)
    if cap in BODYLESS or user.role == Role.PLATFORM_ADMIN:
        return True
    return body_id is not None and user.body_id == body_id


def may_be_client(user: User) -> bool:
    """Is the account a person's, who may receive services as a client (a citizen, a
    business, or a staff member in the client capacity) — not an integration system's?"""
    return Role(user.role) != Role.SYSTEM


def acts_as(user: AnyUser) -> Capacity:
    """The capacity ``user`` acts in now (staff, unless they chose the client one)."""
    if not user.is_authenticated:
        return Capacity.CLIENT
    assert isinstance(user, User)
    if Role(user.role) in MAY_ACT_AS_CLIENT:
        return Capacity(user.capacity)
    return Capacity.STAFF if Role(user.role) == Role.SYSTEM else Capacity.CLIENT


def is_internal_client(user: AnyUser) -> bool:
    """A civil servant acting within his powers is an internal client (seed 000, R2);
    the same servant in the client capacity is an external one."""
    return (
        isinstance(user, User)
        and Role(user.role) == Role.CIVIL_SERVANT
        and acts_as(user) == Capacity.STAFF
    )


def roles_with(cap: Cap) -> list[Role]:
    """The roles that hold ``cap`` (for querysets: "the body's answerers")."""
    return [role for role, caps in TABLE.items() if cap in caps]


class May:
    """``may.<capability>`` in templates: what the signed-in user may do in their own body."""

    def __init__(self, user: AnyUser) -> None:
        self._user = user

    def __getattr__(self, name: str) -> bool:
        try:
            cap = Cap(name)
        except ValueError:
            raise AttributeError(name) from None
        return can(self._user, cap, getattr(self._user, "body_id", None))

    @property
    def staff(self) -> bool:
        """Works for a body in the staff capacity (any body capability)."""
        return bool(capabilities(self._user) - BODYLESS)
