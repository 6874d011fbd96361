"""Loading segments and studies for a user: the only way views and API handlers get them.

Segments and research are a body's working material: its staff (analysts, the head,
body administrators, its systems) read them, analysts and systems change them;
anyone else gets a 404, as if they did not exist. A head reading is refused a write
with a 403.
"""

from __future__ import annotations

from accounts.access import AnyUser, body_for, load
from accounts.access import refuse_not_found as refuse_not_found  # the pages use it from here
from accounts.models import Body
from accounts.roles import Cap
from segments import selectors
from segments.models import Segment, Study


def get_body_for_read(user: AnyUser) -> Body:
    """The body whose segments and studies the user works with; 403 outside a body's staff."""
    return body_for(user, Cap.READ, "segments")


def get_body_for_write(user: AnyUser) -> Body:
    """The same body, for analysts and systems who change it; 403 for its head."""
    return body_for(user, Cap.EDIT, "segments:write")


def get_segment_for_read(user: AnyUser, slug: str) -> Segment:
    return load(user, selectors.segment_detail(slug=slug), f"segment:{slug}")


def get_segment_for_write(user: AnyUser, slug: str) -> Segment:
    return load(user, selectors.segment_detail(slug=slug), f"segment:{slug}", write=Cap.EDIT)


def get_study_for_read(user: AnyUser, pk: int) -> Study:
    return load(user, selectors.study_detail(pk=pk), f"study:{pk}")


def get_study_for_write(user: AnyUser, pk: int) -> Study:
    return load(user, selectors.study_detail(pk=pk), f"study:{pk}", write=Cap.EDIT)
