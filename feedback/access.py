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
from django.utils.translation import gettext as _

from accounts.access import AnyUser, body_for, can_edit_for, load, require
from accounts.models import Body
from accounts.roles import Cap, can
from feedback.models import Case, Rating, RatingPoint
from registry.models import Service


def can_enter_for(user: AnyUser, body_id: int | None) -> bool:
    return can(user, Cap.ENTER_RATINGS, body_id)


def get_body_for_read(user: AnyUser) -> Body:
    """The body whose dashboards and comments the user reads; 403 outside its staff."""
    return body_for(user, Cap.READ, "feedback")


def get_body_for_write(user: AnyUser) -> Body:
    """The body whose points, volumes, changes and webhooks the user manages."""
    return body_for(user, Cap.EDIT, "feedback:settings")


def get_body_for_entry(user: AnyUser) -> Body:
    """The body for which the user enters ratings heard by phone or at a counter."""
    return body_for(user, Cap.ENTER_RATINGS, "feedback:operator")


def require_settings_writer(user: AnyUser, body_id: int, field: str) -> None:
    """Invitations and monthly volumes are the body's editors' (and its systems') work:
    403 for anyone else, naming the field whose body refused."""
    require(
        user,
        Cap.EDIT,
        f"feedback:{field}",
        body_id,
        _("Это делают аналитики и администраторы органа, которому принадлежит объект."),
        field=field,
    )


def get_point_for_rating(code: str) -> RatingPoint:
    """An active rating point, open to everyone; an unknown or switched-off one is a 404."""
    point = (
        RatingPoint.objects.select_related("service", "life_situation", "touchpoint", "body")
        .filter(code=code, is_active=True)
        .first()
    )
    if point is None:
        raise Http404(code)
    return point


def get_rating_for_write(user: AnyUser, pk: int) -> Rating:
    """A rating to exclude: another body's is a 404, a reader without the right a 403."""
    return load(user, Rating.objects.filter(pk=pk).first(), f"rating:{pk}", write=Cap.EDIT)


def get_case_for_read(user: AnyUser, pk: int) -> Case:
    case = Case.objects.select_related("rating", "rating__service").filter(pk=pk).first()
    return load(user, case, f"case:{pk}")


def get_point_for_read(user: AnyUser, pk: int) -> RatingPoint:
    point = (
        RatingPoint.objects.select_related("service", "life_situation", "touchpoint")
        .filter(pk=pk)
        .first()
    )
    return load(user, point, f"rating-point:{pk}")


def get_service_for_read(user: AnyUser, pk: int) -> Service:
    """One of the body's services, for its ratings page: another body's is a 404."""
    service = Service.objects.select_related("body").filter(pk=pk).first()
    return load(user, service, f"feedback:service:{pk}")


def sees_contacts(user: AnyUser, body_id: int) -> bool:
    """The client's address is personal data: only editors who answer cases see it."""
    return can_edit_for(user, body_id)
