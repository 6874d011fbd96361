"""Writes to segments and needs research. Each validates, saves, records a profile
version where the profile changed (R9) and an audit event, in one transaction."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from slugify import slugify

from accounts.access import require_editor
from accounts.models import Body, Role, User
from accounts.roles import Cap, can
from audit.services import audit_record, diff
from lib.claim import claim
from lib.personal_data import personal_data_in
from lib.slugs import unique_slug
from registry.models import LifeSituation, Service, Touchpoint
from segments import selectors
from segments.actions import Action
from segments.models import (
    Attribute,
    CapacityDirection,
    Finding,
    Hypothesis,
    PriorityWeights,
    ReportCopy,
    ResearchPublication,
    Respondent,
    Segment,
    SegmentAttribute,
    SegmentVersion,
    Study,
    StudyNote,
    YearlyReport,
)
from segments.rules import profile_problems
from segments.snapshots import build_snapshot

logger = logging.getLogger(__name__)

PROFILE_FIELDS = [
    "code",
    "name",
    "description",
    "target",
    "life_situation",
    "service",
    "direction",
    "is_potential",
    "journey_features",
    "typical_problems",
    "needs",
    "preferred_channels",
    "personalisation_plan",
    "capacity",
    "capacity_source",
    "capacity_as_of",
    "capacity_direction",
    "satisfaction",
    "satisfaction_source",
    "satisfaction_as_of",
    "uniqueness",
    "uniqueness_source",
    "uniqueness_as_of",
    "entitled_count",
    "applicants_count",
    "blind_zone_as_of",
    "expert_priority",
    "expert_note",
]


def _check_segment(segment: Segment) -> None:
    errors: dict[str, list[str]] = {}
    if segment.target == Segment.Target.LIFE_SITUATION and segment.life_situation is None:
        errors["life_situation"] = [_("Выберите жизненную ситуацию.")]
    elif (
        segment.life_situation is not None
        and not LifeSituation.objects.visible_to_body(segment.body_id)
        .filter(pk=segment.life_situation.pk)
        .exists()
    ):
        # another body's life situation may be studied only once it is published
        errors["life_situation"] = [_("Нет жизненной ситуации с таким адресом.")]
    if segment.target == Segment.Target.SERVICE and segment.service is None:
        errors["service"] = [_("Выберите услугу или функцию.")]
    if segment.target == Segment.Target.DIRECTION and not segment.direction:
        errors["direction"] = [_("Выберите направление деятельности.")]
    if (
        segment.entitled_count is not None
        and segment.applicants_count is not None
        and segment.applicants_count > segment.entitled_count
    ):
        errors["applicants_count"] = [_("Обратившихся не может быть больше, чем имеющих право.")]
    if segment.capacity is not None and not segment.capacity_source:
        errors["capacity_source"] = [_("Укажите источник ёмкости: статистика органа или Росстат.")]
    if segment.satisfaction is not None and not segment.satisfaction_source:
        errors["satisfaction_source"] = [_("Укажите, откуда взята удовлетворённость.")]
    if segment.uniqueness is not None and not segment.uniqueness_source:
        errors["uniqueness_source"] = [_("Укажите источник сведений об уникальности проблем.")]
    if Segment.objects.filter(body=segment.body, code=segment.code).exclude(pk=segment.pk).exists():
        errors["code"] = [_("Сегмент с таким кодом в вашем органе уже есть.")]
    if errors:
        raise ValidationError(errors)
    segment.full_clean(exclude=["slug", "body"], validate_unique=False)


def _record_version(segment: Segment, *, actor: User | None, reason: str) -> SegmentVersion | None:
    """Save a new version if the profile differs from the last one (R9).

    A final profile that no longer meets R6/R7 after the change goes back to draft.
    """
    # The pages load a segment with its attributes, hypotheses and respondents prefetched
    # (segments.selectors); those lists predate the change, and the version and the check
    # must read the rows as they are now. Forgetting them costs no query.
    prefetched = getattr(segment, "_prefetched_objects_cache", {})
    if prefetched:
        segment.refresh_from_db(fields=list(prefetched))
    if segment.status == Segment.Status.FINAL and profile_problems(segment):
        segment.status = Segment.Status.DRAFT
        segment.finalised_at = None
        segment.save(update_fields=["status", "finalised_at", "updated_at"])
    _publication_follow(segment, actor=actor)
    data = build_snapshot(segment)
    last = segment.versions.order_by("-number").first()
    if last is not None and last.snapshot == data:
        return None
    number = (last.number if last else 0) + 1
    version = SegmentVersion.objects.create(
        segment=segment,
        number=number,
        snapshot=data,
        author=actor,
        author_label=actor.display_name if actor else "система",
        reason=reason[:300],
    )
    Segment.objects.filter(pk=segment.pk).update(version=number)
    segment.version = number
    return version


def _publication_follow(segment: Segment, *, actor: User | None) -> None:
    """A profile's published results leave the page when the profile is no longer final
    or no longer about the life situation they were published on."""
    publication = ResearchPublication.objects.filter(
        segment_id=segment.pk, withdrawn_at__isnull=True
    ).first()
    if publication is None:
        return
    if (
        segment.status == Segment.Status.FINAL
        and segment.target == Segment.Target.LIFE_SITUATION
        and segment.life_situation_id == publication.life_situation_id
    ):
        return
    _withdraw(publication, actor=actor)


# --- Attributes (R5) ---------------------------------------------------------------------


@transaction.atomic
def attribute_create(
    *,
    actor: User,
    body: Body | None,
    name: str,
    source_kind: str,
    values: list[str],
    source_note: str = "",
    code: str = "",
    multiple: bool = False,
) -> Attribute:
    """Add an attribute to the body's catalogue (or to the shared one: ``body=None``)."""
    if body is None:
        if not can(actor, Cap.SHARED_CATALOGUE):
            raise ValidationError({"body": _("Общий каталог ведёт администратор платформы.")})
    else:
        require_editor(actor, body.pk)
    clean_values = [v.strip() for v in values if v.strip()]
    if not clean_values:
        raise ValidationError({"values": _("Укажите хотя бы одно допустимое значение.")})
    if len(set(clean_values)) != len(clean_values):
        raise ValidationError({"values": _("Значения не должны повторяться.")})
    code = code or slugify(name, max_length=60, word_boundary=True)
    if Attribute.objects.filter(code=code).filter(body=body).exists() or (
        body is not None and Attribute.objects.filter(code=code, body=None).exists()
    ):
        raise ValidationError({"name": _("Признак с таким названием уже есть в каталоге.")})
    attribute = Attribute(
        body=body,
        code=code,
        name=name,
        source_kind=source_kind,
        source_note=source_note,
        values=clean_values,
        multiple=multiple,
    )
    attribute.full_clean(validate_constraints=False)
    attribute.save()
    audit_record(actor=actor, action=Action.ATTRIBUTE_CREATE, obj=attribute, body=body)
    return attribute


# --- Segments and profiles ---------------------------------------------------------------


@transaction.atomic
def segment_create(
    *,
    actor: User,
    body: Body,
    code: str,
    name: str,
    target: str,
    life_situation: LifeSituation | None = None,
    service: Service | None = None,
    direction: str = "",
    **fields: Any,
) -> Segment:
    """Create a draft segment of the body's audience."""
    require_editor(actor, body.pk)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    segment = Segment(
        body=body,
        code=code.strip(),
        name=name.strip(),
        slug=unique_slug(Segment, f"{body.slug}-{code}-{name}", fallback="segment"),
        target=target,
        life_situation=life_situation if target == Segment.Target.LIFE_SITUATION else None,
        service=service if target == Segment.Target.SERVICE else None,
        direction=direction if target == Segment.Target.DIRECTION else "",
        **fields,
    )
    _check_segment(segment)
    segment.save()
    _record_version(segment, actor=actor, reason=_("Сегмент создан"))
    audit_record(actor=actor, action=Action.SEGMENT_CREATE, obj=segment, body=body)
    return segment


@transaction.atomic
def segment_update(
    *,
    actor: User,
    segment: Segment,
    reason: str,
    preferred_touchpoints: list[Touchpoint] | None = None,
    **fields: Any,
) -> Segment:
    """Change the profile; ``reason`` says why and is kept with the version (R9)."""
    require_editor(actor, segment.body_id)
    if not reason.strip():
        raise ValidationError({"reason": _("Напишите, почему меняете профиль.")})
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    segment = Segment.objects.select_for_update().get(pk=segment.pk)
    before = {name: getattr(segment, name) for name in fields}
    for name, value in fields.items():
        setattr(segment, name, value)
    if segment.target != Segment.Target.LIFE_SITUATION:
        segment.life_situation = None
    if segment.target != Segment.Target.SERVICE:
        segment.service = None
    if segment.target != Segment.Target.DIRECTION:
        segment.direction = ""
    _check_segment(segment)
    segment.save()
    changes = diff(before, {name: getattr(segment, name) for name in fields})
    if preferred_touchpoints is not None:
        segment.preferred_touchpoints.set(preferred_touchpoints)
    _record_version(segment, actor=actor, reason=reason.strip())
    audit_record(
        actor=actor,
        action=Action.SEGMENT_UPDATE,
        obj=segment,
        body=segment.body,
        changes={**changes, "reason": reason.strip()},
    )
    return segment


def _attribute_allowed(segment: Segment, attribute: Attribute) -> bool:
    return attribute.body_id is None or attribute.body_id == segment.body_id


_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"})


def _fold(value: str) -> str:
    """A value as compared with the catalogue: case, ё/е, dashes and spaces aside."""
    return " ".join(value.translate(_DASHES).casefold().replace("ё", "е").split())


@transaction.atomic
def segment_attribute_set(
    *,
    actor: User,
    segment: Segment,
    attribute: Attribute,
    value: str | None = None,
    values: list[str] | None = None,
) -> SegmentAttribute:
    """Set an attribute of the profile to one of the values the catalogue allows, or to
    several where it allows several (``Attribute.multiple``) (R5). A value typed with
    another dash, case or ё is taken as the catalogue spells it («36-55 лет» is
    «36–55 лет»); the values are kept in the catalogue's order. The error names the field
    the caller used: ``value`` or ``values``."""
    require_editor(actor, segment.body_id)
    field = "value" if values is None else "values"
    typed = [value] if values is None and value is not None else list(values or [])
    if not _attribute_allowed(segment, attribute):
        raise ValidationError({"attribute": _("Такого признака нет в каталоге.")})
    allowed = {_fold(v): v for v in attribute.values}
    unknown = [v for v in typed if _fold(v) not in allowed]
    if unknown or not typed:
        raise ValidationError(
            {
                field: _("Для признака «%(a)s» допустимы значения: %(v)s.")
                % {"a": attribute.name, "v": ", ".join(attribute.values)}
            }
        )
    chosen = {allowed[_fold(v)] for v in typed}
    ordered = [v for v in attribute.values if v in chosen]
    if len(ordered) > 1 and not attribute.multiple:
        raise ValidationError(
            {field: _("У признака «%(a)s» одно значение: выберите одно.") % {"a": attribute.label}}
        )
    row, created = SegmentAttribute.objects.update_or_create(
        segment=segment, attribute=attribute, defaults={"values": ordered}
    )
    verb = _("Добавлен признак") if created else _("Изменён признак")
    _record_version(segment, actor=actor, reason=f"{verb} «{attribute.name}»")
    audit_record(
        actor=actor,
        action=Action.ATTRIBUTE_SET,
        obj=segment,
        body=segment.body,
        changes={"attribute": attribute.name, "values": ordered},
    )
    return row


@transaction.atomic
def segment_attribute_remove(*, actor: User, segment: Segment, attribute: Attribute) -> None:
    require_editor(actor, segment.body_id)
    deleted, _rows = SegmentAttribute.objects.filter(segment=segment, attribute=attribute).delete()
    if not deleted:
        return
    _record_version(segment, actor=actor, reason=_("Убран признак «%s»") % attribute.name)
    audit_record(
        actor=actor,
        action=Action.ATTRIBUTE_REMOVE,
        obj=segment,
        body=segment.body,
        changes={"attribute": attribute.name},
    )


@transaction.atomic
def hypothesis_add(*, actor: User, segment: Segment, kind: str, statement: str) -> Hypothesis:
    """Add a hypothesis to check (R7). A final profile goes back to draft until it is checked."""
    require_editor(actor, segment.body_id)
    hypothesis = Hypothesis(segment=segment, kind=kind, statement=statement.strip())
    hypothesis.full_clean()
    hypothesis.save()
    _record_version(segment, actor=actor, reason=_("Добавлена гипотеза"))
    audit_record(
        actor=actor,
        action=Action.HYPOTHESIS_ADD,
        obj=segment,
        body=segment.body,
        changes={"hypothesis": hypothesis.statement},
    )
    return hypothesis


@transaction.atomic
def hypothesis_check(
    *, actor: User, hypothesis: Hypothesis, status: str, evidence: str, reason: str = ""
) -> Hypothesis:
    """Confirm or reject a hypothesis with its evidence (R7)."""
    segment = hypothesis.segment
    require_editor(actor, segment.body_id)
    if status not in Hypothesis.Status.values:
        raise ValidationError({"status": _("Неизвестный статус гипотезы.")})
    if status != Hypothesis.Status.PROPOSED and not evidence.strip():
        raise ValidationError({"evidence": _("Опишите доказательства: что показало исследование.")})
    before = hypothesis.status
    hypothesis.status = status
    hypothesis.evidence = evidence.strip()
    hypothesis.checked_at = timezone.now() if status != Hypothesis.Status.PROPOSED else None
    hypothesis.save()
    _record_version(
        segment,
        actor=actor,
        reason=reason or _("Гипотеза: %s") % hypothesis.get_status_display().lower(),
    )
    audit_record(
        actor=actor,
        action=Action.HYPOTHESIS_CHECK,
        obj=segment,
        body=segment.body,
        changes={"hypothesis": hypothesis.statement, "status": [before, status]},
    )
    return hypothesis


@transaction.atomic
def segment_finalise(*, actor: User, segment: Segment) -> Segment:
    """Mark the profile final; refused with the reasons while R6 or R7 is not met."""
    require_editor(actor, segment.body_id)
    problems = profile_problems(segment)
    if problems:
        raise ValidationError({"status": problems})
    segment.status = Segment.Status.FINAL
    segment.review_reason = ""
    segment.finalised_at = timezone.now()
    segment.save(update_fields=["status", "review_reason", "finalised_at", "updated_at"])
    _record_version(segment, actor=actor, reason=_("Профиль отмечен итоговым"))
    audit_record(actor=actor, action=Action.SEGMENT_FINALISE, obj=segment, body=segment.body)
    return segment


@transaction.atomic
def segment_flag_for_review(*, segment: Segment, reason: str, actor: User | None = None) -> bool:
    """New data about the segment arrived (R9): a final profile needs review.

    Returns whether the status changed. Drafts stay drafts: they are still being made.
    """
    updated = Segment.objects.filter(pk=segment.pk, status=Segment.Status.FINAL).update(
        status=Segment.Status.NEEDS_REVIEW, review_reason=reason[:300], updated_at=timezone.now()
    )
    if updated:
        segment.refresh_from_db()
        _record_version(segment, actor=actor, reason=reason)
        audit_record(
            actor=actor,
            action=Action.NEEDS_REVIEW,
            obj=segment,
            body=segment.body,
            changes={"reason": reason},
        )
    return bool(updated)


#: How many ratings make the clients' figure worth a review of a final profile (R9)...
RATINGS_ENOUGH = 30
#: ...and how far (points of 1–5) it must stand from the research figure to call for one.
RATINGS_TOLERANCE = Decimal("0.5")


@transaction.atomic
def segment_satisfaction_from_ratings(*, segment_id: int, value: Decimal, n: int) -> bool:
    """The segment's clients rated its services (R21): their mean is kept as the
    ratings-based satisfaction, beside the research one (survey, interviews…), never over
    it — each with its source (R9), and the profile gets a version when the figure moves
    (a new count alone is kept without one). A final profile is marked "needs review"
    only when the ratings are enough (``RATINGS_ENOUGH``), stand beyond the interval
    around the research figure (``RATINGS_TOLERANCE``) — or there is none — and have
    moved on from the figure the profile was last sent to review for. Returns whether
    anything changed."""
    segment = Segment.objects.select_for_update().filter(pk=segment_id).first()
    if segment is None:
        return False
    enough_now = n >= RATINGS_ENOUGH and (segment.ratings_count or 0) < RATINGS_ENOUGH
    if segment.ratings_satisfaction == value and not enough_now:
        if segment.ratings_count != n:  # the count of the window moves; no new version
            Segment.objects.filter(pk=segment.pk).update(ratings_count=n)
        return False
    before = segment.ratings_satisfaction
    segment.ratings_satisfaction, segment.ratings_count = value, n
    segment.ratings_as_of = timezone.localdate()
    reason = _("Удовлетворённость по оценкам клиентов: %(value)s из 5 (n = %(n)s).") % {
        "value": value,
        "n": n,
    }
    research = segment.satisfaction
    beyond = research is None or abs(value - research) > RATINGS_TOLERANCE
    reviewed = segment.ratings_reviewed_at_value
    moved_on = reviewed is None or abs(value - reviewed) > RATINGS_TOLERANCE
    flag = n >= RATINGS_ENOUGH and beyond and moved_on
    if flag:
        segment.ratings_reviewed_at_value = value
        if research is not None:
            reason += " " + _(
                "Это дальше чем на %(tol)s от данных исследования (%(research)s)."
            ) % {"tol": RATINGS_TOLERANCE, "research": research}
    segment.save(
        update_fields=[
            "ratings_satisfaction", "ratings_count", "ratings_as_of",
            "ratings_reviewed_at_value", "updated_at",
        ]
    )  # fmt: skip
    flagged = flag and segment_flag_for_review(segment=segment, reason=reason)
    if not flagged:
        _record_version(segment, actor=None, reason=reason)
    audit_record(
        actor=None,
        action=Action.SATISFACTION_FROM_RATINGS,
        obj=segment,
        body=segment.body,
        changes={"ratings_satisfaction": [before, value], "n": n, "review": flagged},
    )
    return True


# --- Research (R7) -----------------------------------------------------------------------


@transaction.atomic
def study_create(*, actor: User, body: Body, title: str, method: str, held_on: Any = None) -> Study:
    require_editor(actor, body.pk)
    study = Study(body=body, title=title.strip(), method=method, held_on=held_on)
    study.full_clean()
    study.save()
    audit_record(actor=actor, action=Action.STUDY_CREATE, obj=study, body=body)
    return study


def _require_open(study: Study) -> None:
    if Study.objects.filter(pk=study.pk, status=Study.Status.FINISHED).exists():
        raise ValidationError({"study": _("Исследование завершено: его данные уже не меняются.")})


def _personal_data_problem(text: str, *, code: bool) -> str | None:
    """What to say when a code or a note looks like it names or reaches a person."""
    kind = personal_data_in(text, single_name=code)
    if kind is None:
        return None
    what = {
        "name": _("имя человека"),
        "phone": _("номер телефона"),
        "email": _("адрес электронной почты"),
        "snils": _("СНИЛС"),
    }[kind]
    if code:
        return _(
            "Похоже на %(what)s. Код респондента — псевдоним, например «Р-07»: имена и "
            "контакты здесь не хранятся."
        ) % {"what": what}
    return _(
        "Похоже на %(what)s. Уберите из текста имена, телефоны, адреса почты и СНИЛС: "
        "они здесь не хранятся."
    ) % {"what": what}


def personal_data_problems(**texts: tuple[str, bool]) -> list[tuple[str, str]]:
    """(field, message) for each text that holds personal data; a text is given with
    whether it is a code (where even one name is too many)."""
    return [
        (name, problem)
        for name, (text, code) in texts.items()
        if (problem := _personal_data_problem(text, code=code))
    ]


def _refuse_personal_data(**texts: tuple[str, bool]) -> None:
    """Refuse, next to each field, a text that holds personal data (152-ФЗ minimisation)."""
    errors = dict(personal_data_problems(**texts))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def respondent_add(
    *, actor: User, study: Study, code: str, segment: Segment, consent: bool, note: str = ""
) -> Respondent:
    """Add a respondent under a pseudonymous code; consent to take part is required. A code
    or a note that looks like a name, a phone, an e-mail or a СНИЛС is refused: names and
    contacts are not kept here (152-ФЗ minimisation)."""
    require_editor(actor, study.body_id)
    _require_open(study)
    if segment.body_id != study.body_id:
        raise ValidationError({"segment": _("Выберите сегмент своего органа.")})
    if not consent:
        raise ValidationError(
            {"consent": _("Без согласия на участие респондента добавить нельзя.")}
        )
    code = code.strip()
    _refuse_personal_data(code=(code, True), note=(note, False))
    if study.respondents.filter(code=code).exists():
        raise ValidationError({"code": _("Респондент с таким кодом в исследовании уже есть.")})
    respondent = Respondent(
        study=study, code=code, segment=segment, consent_at=timezone.now(), note=note.strip()
    )
    respondent.full_clean(validate_constraints=False)
    respondent.save()
    if study.status == Study.Status.PLANNED:
        study.status = Study.Status.IN_PROGRESS
        study.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=Action.RESPONDENT_ADD,
        obj=study,
        body=study.body,
        changes={"respondent": code, "segment": segment.code, "consent": True},
    )
    return respondent


@transaction.atomic
def respondent_remove(*, actor: User, respondent: Respondent) -> None:
    """Delete a respondent — one who withdrew consent, or one entered with a name or a
    contact by mistake — even from a finished study: their notes stay, without the link.
    The audit row names the study and the segment, never the code, which may be the very
    data being removed. The segment's profile gets a version (R9) and, if it no longer has
    a respondent, stops being final (R7)."""
    study = respondent.study
    require_editor(actor, study.body_id)
    segment = respondent.segment
    pk = respondent.pk
    respondent.delete()
    _record_version(
        segment, actor=actor, reason=_("Удалён респондент исследования «%s»") % study.title
    )
    audit_record(
        actor=actor,
        action=Action.RESPONDENT_REMOVE,
        obj=study,
        body=study.body,
        changes={"respondent_id": pk, "segment": segment.code},
    )


@transaction.atomic
def study_note_add(
    *, actor: User, study: Study, kind: str, text: str, respondent: Respondent | None = None
) -> StudyNote:
    require_editor(actor, study.body_id)
    _require_open(study)
    if respondent is not None and respondent.study_id != study.pk:
        raise ValidationError({"respondent": _("Этот респондент не участвует в исследовании.")})
    _refuse_personal_data(text=(text, False))
    note = StudyNote(study=study, kind=kind, text=text.strip(), respondent=respondent)
    note.full_clean()
    note.save()
    audit_record(actor=actor, action=Action.NOTE_ADD, obj=study, body=study.body)
    return note


@transaction.atomic
def finding_add(
    *, actor: User, study: Study, hypothesis: Hypothesis, verdict: str, text: str
) -> Finding:
    """Record a finding; it confirms or rejects the hypothesis it is linked to (R7)."""
    require_editor(actor, study.body_id)
    _require_open(study)
    if hypothesis.segment.body_id != study.body_id:
        raise ValidationError({"hypothesis": _("Выберите гипотезу сегмента своего органа.")})
    finding = Finding(study=study, hypothesis=hypothesis, verdict=verdict, text=text.strip())
    finding.full_clean()
    finding.save()
    status = (
        Hypothesis.Status.CONFIRMED
        if verdict == Finding.Verdict.CONFIRMS
        else Hypothesis.Status.REJECTED
    )
    hypothesis_check(
        actor=actor,
        hypothesis=hypothesis,
        status=status,
        evidence=f"{study.get_method_display()} «{study.title}»: {finding.text}",
        reason=_("Вывод исследования «%s»") % study.title,
    )
    return finding


@transaction.atomic
def study_finish(*, actor: User, study: Study, summary: str = "") -> list[Segment]:
    """Close a study. Final profiles of the segments it covered need review (R9)."""
    require_editor(actor, study.body_id)
    _require_open(study)
    study = Study.objects.select_for_update().get(pk=study.pk)
    study.status = Study.Status.FINISHED
    study.finished_at = timezone.now()
    study.summary = summary.strip()
    study.save()
    audit_record(actor=actor, action=Action.STUDY_FINISH, obj=study, body=study.body)
    covered = Segment.objects.filter(respondents__study=study).distinct()
    flagged = []
    for segment in covered:
        if segment_flag_for_review(
            segment=segment,
            reason=_("Завершено исследование «%s»: учтите новые данные.") % study.title,
            actor=actor,
        ):
            flagged.append(segment)
    return flagged


# --- Research results published (001, the system of needs research (2)) ----------------

#: The longest text of a publication: a paragraph or two a citizen reads on the page.
PUBLIC_TEXT_CHARS = 2000


def public_text_problems(*, body_id: int, **texts: str) -> dict[str, list[str]]:
    """Each public text's problems: empty, too long, personal data (152-ФЗ), or over the
    body's readability thresholds (R23), as the checker says them."""
    from inbox.services import policy_for
    from readability.checker import check

    errors: dict[str, list[str]] = {}
    for name, text in texts.items():
        if not text:
            errors[name] = [_("Напишите этот текст: его прочтут люди на странице ситуации.")]
            continue
        if len(text) > PUBLIC_TEXT_CHARS:
            errors[name] = [
                _("Не длиннее %(n)s знаков: сейчас %(m)s.")
                % {"n": PUBLIC_TEXT_CHARS, "m": len(text)}
            ]
            continue
        problem = _personal_data_problem(text, code=False)
        if problem:
            errors[name] = [problem]
            continue
        # the body's thresholds, with the checker's allowance for short texts
        report = check(text, policy_for(body_id).thresholds(), short_ok=True)
        if not report.passes:
            errors[name] = [_("Текст сложен для жителей (R23): %s") % " ".join(report.problems)]
    return errors


def public_title_problems(title: str) -> dict[str, list[str]]:
    """The heading of a publication: short, and without a person in it (152-ФЗ). A heading
    is too short for the readability indices; the texts under it are checked."""
    if not title:
        return {"title": [_("Напишите, что изучали.")]}
    if len(title) > 200:
        return {"title": [_("Не длиннее 200 знаков.")]}
    problem = _personal_data_problem(title, code=False)
    return {"title": [problem]} if problem else {}


@transaction.atomic
def research_publish(
    *,
    actor: User,
    life_situation: LifeSituation,
    title: str,
    found: str,
    changes: str,
    study: Study | None = None,
    segment: Segment | None = None,
) -> ResearchPublication:
    """Publish what a finished study or a final profile found, without a person in it, on
    the public page of a life situation it is about; publishing again replaces the texts.
    Refused, field by field, when the study is not finished or has no finding, the profile
    is not final, the situation is not one the research is about or is not published, or a
    text holds personal data or is over the body's readability thresholds (R23). The title
    is the study's or the profile's, or the analyst's own, and must hold no person either."""
    from lib.public_cache import bump

    assert (study is None) != (segment is None)
    body_id = study.body_id if study is not None else segment.body_id  # type: ignore[union-attr]
    require_editor(actor, body_id)
    # Locked, so that two first publications at once make one row, not an error.
    if study is not None:
        study = Study.objects.select_for_update().get(pk=study.pk)
    else:
        assert segment is not None
        segment = Segment.objects.select_for_update().get(pk=segment.pk)
    errors: dict[str, list[str]] = {}
    if study is not None:
        if not Study.objects.filter(pk=study.pk, status=Study.Status.FINISHED).exists():
            errors["study"] = [_("Опубликовать можно итоги завершённого исследования.")]
        elif not study.findings.exists():
            errors["study"] = [_("В исследовании нет ни одного вывода: публиковать нечего.")]
        participants = study.respondents.count()
    else:
        assert segment is not None
        if not Segment.objects.filter(pk=segment.pk, status=Segment.Status.FINAL).exists():
            errors["segment"] = [_("Опубликовать можно только итоговый профиль.")]
        participants = Respondent.objects.filter(segment=segment).count()
    allowed = selectors.research_life_situations(study=study, segment=segment)
    if life_situation.pk not in {ls.pk for ls in allowed}:
        errors["life_situation"] = [
            _(
                "Выберите опубликованную жизненную ситуацию, которой касается исследование: "
                "ту, к которой относятся сегменты его участников."
            )
        ]
    title, found, changes = title.strip(), found.strip(), changes.strip()
    errors.update(public_title_problems(title))
    errors.update(public_text_problems(body_id=body_id, found=found, changes=changes))
    if errors:
        raise ValidationError(errors)
    publication = selectors.publication_of(study=study, segment=segment) or ResearchPublication(
        body_id=body_id, study=study, segment=segment
    )
    publication.life_situation = life_situation
    publication.title = title[:200]
    publication.participants = participants
    publication.found = found
    publication.changes = changes
    publication.published_at = timezone.now()
    publication.published_by = actor
    publication.withdrawn_at = None
    publication.save()
    audit_record(
        actor=actor,
        action=Action.RESEARCH_PUBLISH,
        obj=publication,
        body=publication.body,
        changes={"life_situation": life_situation.slug, "participants": participants},
    )
    bump("research")
    return publication


@transaction.atomic
def research_withdraw(*, actor: User, publication: ResearchPublication) -> None:
    """Take the results off the public page; the row stays, as the audit trail does."""
    require_editor(actor, publication.body_id)
    _withdraw(publication, actor=actor)


def _withdraw(publication: ResearchPublication, *, actor: User | None) -> None:
    """Once, even when two ask at the same time: audited and the page renewed once."""
    from lib.public_cache import bump

    now = timezone.now()
    if ResearchPublication.objects.filter(pk=publication.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    ):
        publication.withdrawn_at = now
        audit_record(
            actor=actor, action=Action.RESEARCH_WITHDRAW, obj=publication, body=publication.body
        )
        bump("research")


# --- Priority weights (R8) and the yearly report (R10) ----------------------------------


@transaction.atomic
def weights_update(
    *, actor: User, body: Body, capacity_direction: str | None = None, **weights: int
) -> PriorityWeights:
    """The body's weights of the priority inputs (R8) and whether size raises or lowers
    priority for its segments that do not choose for themselves (seed 000). Audited."""
    require_editor(actor, body.pk)
    if capacity_direction is not None and capacity_direction not in CapacityDirection.values:
        raise ValidationError(
            {"capacity_direction": _("Выберите, как ёмкость влияет на приоритет.")}
        )
    unknown = set(weights) - set(PriorityWeights.DEFAULTS)
    if unknown:
        raise TypeError(f"unknown weights: {sorted(unknown)}")
    if any(w < 0 or w > 100 for w in weights.values()):
        raise ValidationError({"capacity": _("Вес — целое число от 0 до 100.")})
    row, _created = PriorityWeights.objects.get_or_create(body=body)
    before: dict[str, Any] = {**row.as_dict(), "capacity_direction": row.capacity_direction}
    for name, value in weights.items():
        setattr(row, name, value)
    if capacity_direction is not None:
        row.capacity_direction = capacity_direction
    if sum(row.as_dict().values()) == 0:
        raise ValidationError({"capacity": _("Хотя бы один вес должен быть больше нуля.")})
    row.save()
    audit_record(
        actor=actor,
        action=Action.WEIGHTS_UPDATE,
        obj=row,
        body=body,
        changes=diff(before, {**row.as_dict(), "capacity_direction": row.capacity_direction}),
    )
    return row


@transaction.atomic
def yearly_report_submit(*, actor: User, body: Body, year: int) -> YearlyReport:
    """Approve the yearly report (R10); refused while something is missing."""
    if not can(actor, Cap.APPROVE_REPORT, body.pk):
        raise ValidationError(
            {"body": _("Утвердить отчёт может руководитель или аналитик органа.")}
        )
    missing = selectors.yearly_report_missing(body=body, year=year)
    if missing:
        raise ValidationError({"year": missing})
    YearlyReport.objects.get_or_create(body=body, year=year)
    # Locked, so that two heads approving at once approve, audit and freeze it once.
    report = YearlyReport.objects.select_for_update().get(body=body, year=year)
    if report.submitted_at is None:
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        report.save()
        audit_record(
            actor=actor,
            action=Action.REPORT_SUBMIT,
            obj=report,
            body=body,
            changes={"year": year},
        )
        report_copy_make(report=report, kind=ReportCopy.Kind.APPROVED)
    return report


def report_copy_make(*, report: YearlyReport, kind: str) -> ReportCopy:
    """Keep the report as it stands now (003 §9): its PDF and XLSX, in Russian, the
    language of the official document, and which version of each profile it holds.
    A copy once made is never replaced."""
    from django.utils import translation

    from segments import report_files

    existing = ReportCopy.objects.filter(report=report, kind=kind).first()
    if existing is not None:
        return existing
    with translation.override("ru"):
        data = report_files.report_data(body=report.body, year=report.year)
        pdf = report_files.pdf_of(data)
        xlsx = report_files.xlsx_of(data)
    profiles = [
        {
            "code": p["segment"].code,
            "name": p["segment"].name,
            "slug": p["segment"].slug,
            "version": p["segment"].version,
        }
        for p in data["profiles"]
    ]
    return ReportCopy.objects.create(
        report=report, kind=kind, profiles=profiles, pdf=pdf, xlsx=xlsx
    )


#: The first days of January in which the year just ended may still be kept (a runner
#: that was down on the 1st catches up; the copy shows the day it was made).
YEAR_END_DAYS = 7


def report_year_end_copies() -> int:
    """When a year ends, keep each body's profiles as they stood (003 §9: a past year's
    report shows the profiles of that year), unless the report is already approved and
    so frozen. Only the year just ended: an older year's profiles are gone. A second run,
    or two at once, make nothing new. Returns the number of copies made."""
    from django.db import IntegrityError

    today = timezone.localdate()
    if today.month != 1 or today.day > YEAR_END_DAYS:
        return 0  # later, the profiles are no longer those of the year just ended
    year = today.year - 1
    made = 0
    failed: Exception | None = None
    for body in Body.objects.filter(segments__isnull=False).distinct():
        if not selectors.report_segments(body_id=body.pk, year=year).exists():
            continue
        report, _created = YearlyReport.objects.get_or_create(body=body, year=year)
        if report.copies.exists():
            continue
        try:
            with transaction.atomic():
                report_copy_make(report=report, kind=ReportCopy.Kind.YEAR_END)
        except IntegrityError:  # another run made it in the meantime
            continue
        except Exception as exc:  # one body's failure must not cost the others their copy
            logger.exception("year-end copy of %s's report failed", body.slug)
            failed = failed or exc
            continue
        made += 1
    if failed is not None:
        raise failed  # the run is marked failed; the next day's run retries that body
    return made


def reports_overdue_notify() -> int:
    """Mail the heads of bodies whose yearly segment report is overdue (R10), once per
    report: the report row is claimed with a conditional update, so two runs at the same
    time never send twice. Returns the number of mails sent."""
    from django.conf import settings
    from django.urls import reverse

    from mailings.services import mail_send
    from segments import selectors
    from segments.models import YearlyReport

    sent = 0
    for body in Body.objects.filter(segments__isnull=False).distinct():
        for year in selectors.overdue_report_years(body=body):
            report, _created = YearlyReport.objects.get_or_create(body=body, year=year)
            if not claim(
                YearlyReport.objects.filter(
                    pk=report.pk, overdue_notified_at__isnull=True, submitted_at__isnull=True
                ),
                overdue_notified_at=timezone.now(),
            ):
                continue
            heads = User.objects.filter(body=body, role=Role.HEAD, is_active=True).exclude(email="")
            url = settings.SITE_URL + reverse("segments:report", args=[year])
            for head in heads:
                mail_send(
                    email=head.email,
                    topic="segments_report",
                    subject=_(
                        "Просрочен отчёт о профилях клиентских сегментов за {year} год"
                    ).format(year=year),
                    body=_(
                        "Здравствуйте!\n\nОтчёт {body} о профилях клиентских сегментов за {year} "
                        "год нужно было утвердить до {due:%d.%m.%Y}.\nЧто не готово и как "
                        "утвердить: {url}\n"
                    ).format(
                        body=body.short_name,
                        year=year,
                        due=YearlyReport.deadline_for(year),
                        url=url,
                    ),
                )
                sent += 1
    return sent
