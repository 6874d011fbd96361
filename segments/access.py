"""Loading segments and studies for a user: the only way views and API handlers get them.

Segments and research are a body's working material: its staff (analysts, the head,
body administrators, its systems) read them, analysts and systems change them;
anyone else gets a 404, as if they did not exist. A head reading is refused a write
with a 403.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.access import AnyUser, body_for, load, refuse_forbidden
from accounts.access import refuse_not_found as refuse_not_found  # the pages use it from here
from accounts.models import Body
from accounts.roles import Cap, can
from segments import selectors
from segments.models import ResearchPublication, Respondent, Segment, SegmentImport, Study


def get_body_for_read(user: AnyUser) -> Body:
    """The body whose segments and studies the user works with; 403 outside a body's staff."""
    return body_for(user, Cap.READ, "segments")


def get_body_for_write(user: AnyUser, *, message: str = "") -> Body:
    """The same body, for analysts and systems who change it; 403 for its head."""
    return body_for(user, Cap.EDIT, "segments:write", message=message)


def get_import_for_write(user: AnyUser, pk: int) -> SegmentImport:
    """A checked file waiting for its preview and loading: its body's editors'."""
    batch = SegmentImport.objects.filter(pk=pk).first()
    return load(user, batch, f"segment_import:{pk}", write=Cap.EDIT)


def get_named_body_for_read(user: AnyUser, slug: str | None) -> Body:
    """For the API: the body named by ``slug`` (the platform administrator names one), or
    the user's own. Anyone who reads no body's segments is refused before the name is
    looked at; another body's staff are refused too."""
    message = _("Сегменты органа видят только его сотрудники и системы.")
    if not can(user, Cap.READ, getattr(user, "body_id", None)):
        raise refuse_forbidden(user, "segments", field="body", message=message)
    body = Body.objects.filter(slug=slug).first() if slug else getattr(user, "body", None)
    if slug and body is None:
        raise ValidationError({"body": _("Нет органа с таким кодом.")})
    if body is None:
        raise ValidationError({"body": _("Укажите код органа.")})
    if not can(user, Cap.READ, body.pk):
        raise refuse_forbidden(user, f"segments:{body.slug}", field="body", message=message)
    return body


def get_segment_for_read(user: AnyUser, slug: str) -> Segment:
    return load(user, selectors.segment_detail(slug=slug), f"segment:{slug}")


def get_segment_for_write(user: AnyUser, slug: str) -> Segment:
    return load(user, selectors.segment_detail(slug=slug), f"segment:{slug}", write=Cap.EDIT)


def get_study_for_read(user: AnyUser, pk: int) -> Study:
    return load(user, selectors.study_detail(pk=pk), f"study:{pk}")


def get_study_for_write(user: AnyUser, pk: int) -> Study:
    return load(user, selectors.study_detail(pk=pk), f"study:{pk}", write=Cap.EDIT)


def get_respondent_for_write(user: AnyUser, study_pk: int, pk: int) -> Respondent:
    """A respondent of a study the user may change (even a finished one: a respondent who
    withdrew consent must go); one of another study is a 404."""
    study = load(user, selectors.study_detail(pk=study_pk), f"study:{study_pk}", write=Cap.EDIT)
    respondent = study.respondents.select_related("segment", "study").filter(pk=pk).first()
    if respondent is None:
        raise refuse_not_found(user, f"respondent:{pk}")
    return respondent


def get_publication_for_write(user: AnyUser, pk: int) -> ResearchPublication:
    """A publication of research, for its body's editors (to withdraw it)."""
    publication = (
        ResearchPublication.objects.filter(pk=pk).select_related("segment", "study").first()
    )
    return load(user, publication, f"research_publication:{pk}", write=Cap.EDIT)
