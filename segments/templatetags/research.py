"""What research found, where pages show it: on the public page of a life situation, and
the state of a study's or a profile's publication on its working page."""

from __future__ import annotations

from typing import Any

from django import template

from segments.models import Segment, Study

register = template.Library()


@register.inclusion_tag("segments/_public_research.html")
def public_research(life_situation_id: int) -> dict[str, Any]:
    """The published results about a life situation, newest first (001, needs research (2))."""
    from segments.selectors import published_research

    return {"publications": published_research(life_situation_id=life_situation_id)}


@register.inclusion_tag("segments/_publication_box.html")
def publication_box(
    study: Study | None = None, segment: Segment | None = None, can_edit: bool = False
) -> dict[str, Any]:
    """Whether and where a study's or a profile's results are published, with the links to
    publish, edit or withdraw them for the body's editors."""
    from segments.selectors import publication_of

    if study is not None:
        ready = study.status == Study.Status.FINISHED
    else:
        assert segment is not None
        ready = segment.status == Segment.Status.FINAL
    return {
        "publication": publication_of(study=study, segment=segment),
        "study": study,
        "segment": segment,
        "ready": ready,
        "can_edit": can_edit,
    }
