"""Loading touchpoint standards for a user: the only way views get them.

Checks and actions are a body's working material: its staff read them, its editors start
and finish checks and keep the actions; anyone else gets a 404. A mystery shopper sees and
fills the checks assigned to them and nothing else: every other check is a 404 to them.
The requirement lists are shared by every body: its staff read them; the platform's keeper
of shared lists marks them reviewed.
"""

from __future__ import annotations

from typing import Any

from accounts.access import AnyUser, body_for, load, refuse_forbidden, refuse_not_found
from accounts.models import Body
from accounts.roles import Cap, can
from standards import selectors
from standards.models import Check, Remedy, RequirementList


def get_body_for_read(user: AnyUser) -> Body:
    return body_for(user, Cap.READ, "standards")


def get_body_for_edit(user: AnyUser) -> Body:
    return body_for(user, Cap.EDIT, "standards")


def _assigned(user: AnyUser, check: Check | None) -> bool:
    return (
        check is not None
        and check.assigned_to_id is not None
        and check.assigned_to_id == getattr(user, "pk", None)
        and can(user, Cap.MYSTERY_SHOP, check.body_id)
    )


def get_check_for_read(user: AnyUser, pk: int) -> Check:
    check = selectors.check_detail(pk)
    if _assigned(user, check):
        assert check is not None
        return check
    return load(user, check, f"check:{pk}")


def get_check_for_write(user: AnyUser, pk: int) -> Check:
    """The assigned shopper fills the check (while it is theirs); the body's editors too."""
    check = selectors.check_detail(pk)
    if _assigned(user, check):
        assert check is not None
        return check
    return load(user, check, f"check:{pk}", write=Cap.EDIT)


def get_evidence_for_read(user: AnyUser, pk: int) -> Any:
    evidence = selectors.evidence_detail(pk)
    check = get_check_for_read(user, evidence.check_ref_id) if evidence else None
    return load(
        user, evidence, f"evidence:{pk}", read=None, body_id=getattr(check, "body_id", None)
    )


def get_evidence_for_write(user: AnyUser, check_pk: int, pk: int) -> Any:
    check = get_check_for_write(user, check_pk)
    evidence = selectors.evidence_detail(pk)
    if evidence is None or evidence.check_ref_id != check.pk:
        raise refuse_not_found(user, f"evidence:{pk}")
    return evidence


def get_shopper_body(user: AnyUser) -> Body:
    """A mystery shopper's own list of checks: 403 to anyone else."""
    return body_for(user, Cap.MYSTERY_SHOP, "standards-assigned")


def get_remedy_for_write(user: AnyUser, pk: int) -> Remedy:
    return load(user, selectors.remedy_detail(pk), f"remedy:{pk}", write=Cap.EDIT)


def get_list_for_review(user: AnyUser, pk: int) -> RequirementList:
    found = selectors.list_detail(pk)
    if found is None:
        raise refuse_not_found(user, f"requirement-list:{pk}")
    if not may_review_lists(user):
        raise refuse_forbidden(user, f"requirement-list:{pk}")
    return found


def may_review_lists(user: AnyUser) -> bool:
    """The platform's keeper of shared lists (the shared attribute catalogue's keeper)."""
    return can(user, Cap.SHARED_CATALOGUE, None)


def get_touchpoint_for_check(user: AnyUser, pk: int) -> Any:
    """A touchpoint of the user's body, for its editors to check (another body's is a 404
    here: its checks are that body's working material)."""
    from registry import selectors as registry

    return load(user, registry.touchpoint_detail(pk=pk), f"touchpoint:{pk}", write=Cap.EDIT)


def get_touchpoint_for_read(user: AnyUser, pk: int) -> Any:
    """A touchpoint of the user's body, for its staff to read beside its checks."""
    from registry import selectors as registry

    return load(user, registry.touchpoint_detail(pk=pk), f"touchpoint:{pk}")
