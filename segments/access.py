"""Loading segments and studies for a user: the only way views and API handlers get them.

Segments and research are a body's working material: its staff (analysts, the head,
body administrators, its systems) read them, analysts and systems change them;
anyone else gets a 404, as if they did not exist. A head reading is refused a write
with a 403.
"""

from __future__ import annotations

from accounts.access import (
    AnyUser,
    body_of,
    can_edit_for,
    is_staff_of,
    refuse_forbidden,
)
from accounts.access import refuse_not_found as refuse_not_found  # the pages use it from here
from accounts.models import Body
from segments import selectors
from segments.models import Segment, Study


def get_body_for_read(user: AnyUser) -> Body:
    """The body whose segments and studies the user works with; 403 outside a body's staff."""
    return body_of(user, is_staff_of, "segments")


def get_body_for_write(user: AnyUser) -> Body:
    """The same body, for analysts and systems who change it; 403 for its head."""
    return body_of(user, can_edit_for, "segments:write")


def get_segment_for_read(user: AnyUser, slug: str) -> Segment:
    segment = selectors.segment_detail(slug=slug)
    if segment is None or not is_staff_of(user, segment.body_id):
        raise refuse_not_found(user, f"segment:{slug}")
    return segment


def get_segment_for_write(user: AnyUser, slug: str) -> Segment:
    segment = get_segment_for_read(user, slug)
    if not can_edit_for(user, segment.body_id):
        raise refuse_forbidden(user, f"segment:{slug}")
    return segment


def get_study_for_read(user: AnyUser, pk: int) -> Study:
    study = selectors.study_detail(pk=pk)
    if study is None or not is_staff_of(user, study.body_id):
        raise refuse_not_found(user, f"study:{pk}")
    return study


def get_study_for_write(user: AnyUser, pk: int) -> Study:
    study = get_study_for_read(user, pk)
    if not can_edit_for(user, study.body_id):
        raise refuse_forbidden(user, f"study:{pk}")
    return study
