"""Who sees and changes what in the feedback loop.

- Anyone rates through an active rating point or an invitation, and reads published
  aggregates (groups under 10 suppressed).
- Staff of the body (administrators, analysts, heads, systems) read its dashboards and
  comments; the client's contact address only editors who answer cases see.
- Editors (analysts, administrators) exclude ratings, close cases, manage points,
  volumes, changes and webhooks; operators (civil servants, answerers, analysts) enter
  ratings heard by phone.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.access import AnyUser, body_of, can_edit_for, is_staff_of, refuse_not_found
from accounts.models import Body, Role, User
from feedback.models import Case, Rating, RatingPoint

OPERATOR_ROLES = {Role.ANALYST, Role.BODY_ADMIN, Role.CIVIL_SERVANT, Role.ANSWERER}


def can_enter_for(user: AnyUser, body_id: int | None) -> bool:
    if not isinstance(user, User):
        return False
    if user.is_platform_admin:
        return True
    return body_id is not None and user.body_id == body_id and user.role in OPERATOR_ROLES


def body_for_dashboard(user: AnyUser) -> Body:
    return body_of(user, is_staff_of, "feedback dashboard")


def body_for_editing(user: AnyUser) -> Body:
    return body_of(user, can_edit_for, "feedback settings")


def body_for_operator(user: AnyUser) -> Body:
    return body_of(user, can_enter_for, "operator entry")


def active_point(code: str) -> RatingPoint:
    point = (
        RatingPoint.objects.select_related("service", "life_situation", "touchpoint", "body")
        .filter(code=code, is_active=True)
        .first()
    )
    if point is None:
        raise Http404(code)
    return point


def rating_for_editor(user: AnyUser, pk: int) -> Rating:
    rating = get_object_or_404(Rating, pk=pk)
    if not can_edit_for(user, rating.body_id):
        raise refuse_not_found(user, f"rating {pk}")
    return rating


def case_for_staff(user: AnyUser, pk: int) -> Case:
    case = get_object_or_404(Case.objects.select_related("rating", "rating__service"), pk=pk)
    if not is_staff_of(user, case.body_id):
        raise refuse_not_found(user, f"case {pk}")
    return case


def point_for_staff(user: AnyUser, pk: int) -> RatingPoint:
    point = get_object_or_404(
        RatingPoint.objects.select_related("service", "life_situation", "touchpoint"), pk=pk
    )
    if not is_staff_of(user, point.body_id):
        raise refuse_not_found(user, f"rating point {pk}")
    return point


def sees_contacts(user: AnyUser, body_id: int) -> bool:
    """The client's address is personal data: only editors who answer cases see it."""
    return can_edit_for(user, body_id)
