"""Reads of segments and research, with related rows loaded up front."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Body
from registry.models import LifeSituation
from segments import priority
from segments.models import (
    Attribute,
    CapacityDirection,
    Hypothesis,
    PriorityWeights,
    ReportCopy,
    ResearchPublication,
    Respondent,
    Segment,
    SegmentAttribute,
    Study,
    YearlyReport,
)
from segments.rules import profile_problems


def segments_for_body(*, body_id: int | None) -> QuerySet[Segment]:
    """A body's segments with their attribute and respondent counts (one query)."""
    qs = Segment.objects.select_related("body", "life_situation", "service").annotate(
        attribute_count=Count("attributes", distinct=True),
        respondent_count=Count("respondents", distinct=True),
        unchecked_count=Count("hypotheses", filter=Q(hypotheses__status="proposed"), distinct=True),
    )
    if body_id is not None:
        qs = qs.filter(body_id=body_id)
    return qs.order_by("code")


def segments_of_body(*, body_id: int) -> QuerySet[Segment]:
    """A body's segments by code, without the figures ``segments_for_body`` counts: what
    another app offers to choose from (a journey map's segment)."""
    return Segment.objects.filter(body_id=body_id).order_by("code")


def segment_of_body(slug: str, *, body_id: int, field: str = "segment") -> Segment:
    """One of the body's segments by its address, or a field error naming ``field``.
    Visibility: the body's own only — another body's segment is "not found", as a missing
    one (what another app's API links to a segment asks this)."""
    try:
        return segments_of_body(body_id=body_id).get(slug=slug)
    except Segment.DoesNotExist:
        raise ValidationError({field: _("У органа нет сегмента «%s».") % slug}) from None


def _with_profile(qs: QuerySet[Segment]) -> QuerySet[Segment]:
    """Everything a profile shows, loaded up front: attributes, hypotheses, touchpoints,
    respondents with their studies."""
    return qs.select_related("body", "life_situation", "service").prefetch_related(
        Prefetch(
            "attributes",
            queryset=SegmentAttribute.objects.select_related("attribute").order_by(
                "attribute__name"
            ),
        ),
        "hypotheses",
        "preferred_touchpoints",
        Prefetch("respondents", queryset=Respondent.objects.select_related("study")),
    )


def segment_detail(*, slug: str) -> Segment | None:
    return _with_profile(Segment.objects.filter(slug=slug)).first()


def attributes_for_body(*, body_id: int | None) -> QuerySet[Attribute]:
    """The shared catalogue and the body's own attributes (R5)."""
    return Attribute.objects.filter(Q(body__isnull=True) | Q(body_id=body_id)).order_by("name")


def weights_for_body(*, body_id: int) -> dict[str, int]:
    return priority.weights_for(PriorityWeights.objects.filter(body_id=body_id).first())


def capacity_direction_of_body(*, body_id: int) -> str:
    """Whether size raises or lowers priority for the body's segments (seed 000)."""
    row = PriorityWeights.objects.filter(body_id=body_id).first()
    return row.capacity_direction if row else CapacityDirection.LARGER


def priority_ranking(*, body_id: int) -> list[priority.Priority]:
    """The body's segments ranked "to study first" (R8): one read of the body's settings."""
    row = PriorityWeights.objects.filter(body_id=body_id).first()
    return priority.rank(
        segments_for_body(body_id=body_id),
        priority.weights_for(row),
        row.capacity_direction if row else CapacityDirection.LARGER,
    )


def segment_priority(*, segment: Segment) -> tuple[int, int, priority.Priority]:
    """The segment's place in its body's ranking, the number ranked, and its score (R8)."""
    ranking = priority_ranking(body_id=segment.body_id)
    place = next(i for i, p in enumerate(ranking, 1) if p.segment.pk == segment.pk)
    return place, len(ranking), ranking[place - 1]


def studies_for_body(*, body_id: int | None) -> QuerySet[Study]:
    qs = Study.objects.annotate(respondent_count=Count("respondents"))
    if body_id is not None:
        qs = qs.filter(body_id=body_id)
    return qs


def study_detail(*, pk: int) -> Study | None:
    return (
        Study.objects.select_related("body")
        .prefetch_related(
            Prefetch("respondents", queryset=Respondent.objects.select_related("segment")),
            "notes__respondent",
            "findings__hypothesis__segment",
        )
        .filter(pk=pk)
        .first()
    )


def hypotheses_for_body(*, body_id: int) -> QuerySet[Hypothesis]:
    return (
        Hypothesis.objects.filter(segment__body_id=body_id)
        .select_related("segment")
        .order_by("segment__code", "pk")
    )


# --- The yearly report (R10) -------------------------------------------------------------


def report_segments(*, body_id: int, year: int) -> QuerySet[Segment]:
    """Segments the report for ``year`` covers: those that existed by the end of the year."""
    end = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    return _with_profile(Segment.objects.filter(body_id=body_id, created_at__lt=end)).order_by(
        "code"
    )


def yearly_report_missing(*, body: Body, year: int) -> list[str]:
    """What keeps the report from being complete, one plain sentence each."""
    segments = list(report_segments(body_id=body.pk, year=year))
    if not segments:
        return [_("Нет ни одного профиля клиентского сегмента.")]
    missing = []
    for segment in segments:
        if segment.status != Segment.Status.FINAL:
            reasons = profile_problems(segment) or [segment.review_reason or _("не отмечен")]
            missing.append(
                _("Профиль «%(s)s» не итоговый. %(r)s")
                % {"s": str(segment), "r": " ".join(reasons)}
            )
        elif not segment.personalisation_plan.strip():
            missing.append(_("Нет плана персонализации пути для «%s».") % str(segment))
    return missing


@dataclass
class ReportStatus:
    body: Body
    year: int
    deadline: dt.date
    submitted: YearlyReport | None
    missing: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return self.submitted is None and timezone.localdate() > self.deadline

    @property
    def days_left(self) -> int:
        return (self.deadline - timezone.localdate()).days


def yearly_report_status(*, body: Body, year: int) -> ReportStatus:
    submitted = YearlyReport.objects.filter(
        body=body, year=year, submitted_at__isnull=False
    ).first()
    return ReportStatus(
        body=body,
        year=year,
        deadline=YearlyReport.deadline_for(year),
        submitted=submitted,
        missing=yearly_report_missing(body=body, year=year),
    )


def research_life_situations(
    *, study: Study | None = None, segment: Segment | None = None
) -> list[LifeSituation]:
    """The published life situations a study or a profile is about: those of the segments
    its respondents represent (a study), or its own (a profile of a life situation's
    audience), where the body owns the situation or one of its steps' services."""
    from registry.selectors import published_life_situations

    if study is not None:
        segments = Segment.objects.filter(respondents__study=study)
        body_id = study.body_id
    else:
        assert segment is not None
        segments = Segment.objects.filter(pk=segment.pk)
        body_id = segment.body_id
    ids = segments.filter(target=Segment.Target.LIFE_SITUATION).values("life_situation_id")
    # Only where the body takes part (R1): its page is not another body's to write on.
    return list(
        published_life_situations()
        .filter(pk__in=ids)
        .filter(Q(owner_body_id=body_id) | Q(steps__service__body_id=body_id))
        .distinct()
        .order_by("title")
    )


def published_research(*, life_situation_id: int) -> list[ResearchPublication]:
    """What research found about a life situation, as its public page shows it."""
    return list(
        ResearchPublication.objects.filter(
            life_situation_id=life_situation_id, withdrawn_at__isnull=True
        ).select_related("study", "body")
    )


def publication_of(
    *, study: Study | None = None, segment: Segment | None = None
) -> ResearchPublication | None:
    """The publication of a study or a profile, withdrawn or not."""
    found = ResearchPublication.objects.select_related("life_situation")
    if study is not None:
        return found.filter(study=study).first()
    return found.filter(segment=segment).first()


def report_copies(*, body: Body, year: int) -> dict[str, ReportCopy]:
    """The kept copies of a year's report by kind, without their files."""
    rows = ReportCopy.objects.filter(report__body=body, report__year=year).defer("pdf", "xlsx")
    return {copy.kind: copy for copy in rows}


def report_copy(*, body: Body, year: int, kind: str) -> ReportCopy | None:
    """One kept copy with its files."""
    return (
        ReportCopy.objects.filter(report__body=body, report__year=year, kind=kind)
        .select_related("report")
        .first()
    )


def first_report_year(*, body: Body) -> int | None:
    """The first year a report has something for: the year the body's first segment was
    made (R10). Everything the report reads (profiles, hypotheses, respondents, plans)
    belongs to a segment; the year is counted as ``report_segments`` counts it (UTC)."""
    first = Segment.objects.filter(body=body).aggregate(first=Min("created_at"))["first"]
    return None if first is None else first.astimezone(dt.UTC).year


def report_years(*, body: Body) -> list[int]:
    """The years whose report there is something to show, newest first: from the year of the
    body's first segment to this year (R10); none while the body has no segment."""
    first = first_report_year(body=body)
    if first is None:
        return []
    return list(range(timezone.localdate().year, first - 1, -1))


def overdue_report_years(*, body: Body) -> list[int]:
    """Years whose report is past its deadline and not approved, for the head's attention."""
    today = timezone.localdate()
    first = first_report_year(body=body)
    if first is None:
        return []
    submitted = set(
        YearlyReport.objects.filter(body=body, submitted_at__isnull=False).values_list(
            "year", flat=True
        )
    )
    return [
        year
        for year in range(first, today.year)
        if year not in submitted and today > YearlyReport.deadline_for(year)
    ]


@dataclass(frozen=True)
class Coverage:
    """How far a body's segments are researched today: segments, final profiles, and the
    respondents of each segment (R6, R7)."""

    segments: int
    final: int
    respondents: list[int]


def coverage(*, body_id: int) -> Coverage:
    """One query: each of the body's segments with its status and respondents."""
    rows = list(
        Segment.objects.filter(body_id=body_id)
        .annotate(heard=Count("respondents"))
        .values_list("status", "heard")
    )
    return Coverage(
        len(rows),
        sum(1 for status, _heard in rows if status == Segment.Status.FINAL),
        [heard for _status, heard in rows],
    )
