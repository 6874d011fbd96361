"""Writes of touchpoint standards (R29): checks of a touchpoint against its kind's list,
the actions they open and close, the lists' periodic review."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import require_editor
from accounts.models import User
from accounts.roles import Cap, can
from audit.services import audit_record
from registry import selectors as registry
from standards.actions import Action
from standards.models import Answer, Check, Remedy, Requirement, RequirementList

#: Days an action for a failed requirement has by default; its owner may set another.
REMEDY_DAYS = 30
MAX_COMMENT = 500


def current_list(kind: str) -> RequirementList | None:
    return RequirementList.objects.filter(kind=kind, is_current=True).first()


@transaction.atomic
def check_start(
    *,
    actor: User,
    touchpoint_id: int,
    kind: str = Check.Kind.SELF,
    now: dt.datetime | None = None,
) -> Check:
    """Start a check of the body's touchpoint against the current list of its kind; a
    check already open for the place is the one to finish, not a second."""
    touchpoint = registry.touchpoint_detail(pk=touchpoint_id)
    if touchpoint is None:
        raise ValidationError({"touchpoint": _("Нет такой точки взаимодействия.")})
    require_editor(actor, touchpoint.body_id, field="touchpoint")
    if kind not in Check.Kind.values:
        raise ValidationError({"kind": _("Выберите вид проверки из списка.")})
    requirement_list = current_list(touchpoint.kind)
    if requirement_list is None:
        raise ValidationError({"touchpoint": _("Для точек этого вида пока нет списка требований.")})
    busy = ValidationError({"touchpoint": _("Проверка этой точки уже идёт: закончите её.")})
    if Check.objects.filter(touchpoint_id=touchpoint.pk, status=Check.Status.OPEN).exists():
        raise busy
    try:
        with transaction.atomic():
            check = Check.objects.create(
                body_id=touchpoint.body_id,
                touchpoint_id=touchpoint.pk,
                requirement_list=requirement_list,
                kind=kind,
                started_by=actor,
                started_at=now or timezone.now(),
            )
    except IntegrityError:  # a second click at the same moment: one check is enough
        raise busy from None
    audit_record(
        actor=actor,
        action=Action.CHECK_START,
        obj=check,
        body=touchpoint.body,
        changes={"touchpoint": touchpoint.title, "list": str(requirement_list)},
    )
    return check


def score_of(requirements: list[Requirement], results: dict[int, str]) -> Decimal | None:
    """The weighted share of applicable requirements met, 0–100 (one decimal); None when
    nothing applies."""
    applicable = [r for r in requirements if results.get(r.pk) != Answer.Result.NA]
    total = sum(r.weight for r in applicable)
    if not total:
        return None
    met = sum(r.weight for r in applicable if results.get(r.pk) == Answer.Result.MET)
    return (Decimal(met * 100) / Decimal(total)).quantize(Decimal("0.1"))


@transaction.atomic
def check_complete(
    *,
    actor: User,
    check: Check,
    answers: dict[int, tuple[str, str]],
    now: dt.datetime | None = None,
) -> Check:
    """Finish a check: every requirement of its list answered — met, not met (with what is
    wrong: it becomes the action's task) or not applicable where the requirement allows it
    (R29). A requirement not met opens one action for the place (not a second while one is
    open); one met, or found not to apply, closes the open action for it — except that the
    body's own self-assessment does not close what an outside check (a mystery visit or
    call) found. Requirement codes stay the same across a list's versions, so an action
    follows its requirement. All or nothing."""
    check = (
        Check.objects.select_for_update(of=("self",))
        .select_related("touchpoint", "body")
        .get(pk=check.pk)
    )
    require_editor(actor, check.body_id, field="check")
    if check.status == Check.Status.DONE:
        raise ValidationError({"check": _("Эта проверка уже завершена.")})
    requirements = list(check.requirement_list.requirements.all())
    errors: dict[str, str] = {}
    results: dict[int, str] = {}
    for requirement in requirements:
        result, comment = answers.get(requirement.pk, ("", ""))
        field = f"r{requirement.pk}"
        if result not in Answer.Result.values:
            errors[field] = _("Отметьте: выполнено, не выполнено или неприменимо.")
        elif result == Answer.Result.NA and not requirement.can_be_na:
            errors[field] = _("Это требование применимо всегда: отметьте, выполнено ли оно.")
        elif result == Answer.Result.NOT_MET and not comment.strip():
            errors[f"c{requirement.pk}"] = _("Напишите, что не так: это станет задачей.")
        elif len(comment) > MAX_COMMENT:
            errors[f"c{requirement.pk}"] = _("Не больше {n} знаков.").format(n=MAX_COMMENT)
        results[requirement.pk] = result
    if errors:
        raise ValidationError(errors)
    Answer.objects.bulk_create(
        Answer(
            check_ref=check,
            requirement=r,
            result=results[r.pk],
            comment=answers[r.pk][1].strip(),
        )
        for r in requirements
    )
    now = now or timezone.now()
    today = timezone.localdate(now)
    opened, closed = [], []
    open_by_code = {
        r.code: r for r in Remedy.objects.open().select_for_update(of=("self",)).filter(
            touchpoint_id=check.touchpoint_id
        ).select_related("opened_by")
    }  # fmt: skip
    for requirement in requirements:
        result = results[requirement.pk]
        current = open_by_code.get(requirement.code)
        if result == Answer.Result.NOT_MET and current is None:
            try:
                with transaction.atomic():
                    Remedy.objects.create(
                        body_id=check.body_id,
                        touchpoint_id=check.touchpoint_id,
                        code=requirement.code,
                        requirement_text=requirement.text,
                        opened_by=check,
                        what=answers[requirement.pk][1].strip(),
                        due_on=today + dt.timedelta(days=REMEDY_DAYS),
                    )
            except IntegrityError:  # another check opened it just now: one is enough
                continue
            opened.append(requirement.code)
        elif (
            result in (Answer.Result.MET, Answer.Result.NA)
            and current is not None
            and (check.kind != Check.Kind.SELF or current.opened_by.kind == Check.Kind.SELF)
        ):
            current.closed_at, current.closed_by = now, check
            current.save(update_fields=["closed_at", "closed_by"])
            closed.append(requirement.code)
    check.status, check.done_at = Check.Status.DONE, now
    check.score = score_of(requirements, results)
    check.save(update_fields=["status", "done_at", "score"])
    audit_record(
        actor=actor,
        action=Action.CHECK_DONE,
        obj=check,
        body=check.body,
        changes={"score": str(check.score), "opened": opened, "closed": closed},
    )
    return check


@transaction.atomic
def remedy_update(
    *,
    actor: User,
    remedy: Remedy,
    what: str,
    owner: User | None,
    due_on: dt.date,
    today: dt.date | None = None,
) -> Remedy:
    """Who does what by when about a requirement not met. Closing it is a check's to do
    (a re-check that finds the requirement met), not a click."""
    require_editor(actor, remedy.body_id, field="remedy")
    locked = Remedy.objects.select_for_update().get(pk=remedy.pk)
    if locked.closed_at is not None:
        raise ValidationError({"remedy": _("Задача уже закрыта проверкой.")})
    errors: dict[str, Any] = {}
    if owner is not None and (owner.body_id != locked.body_id or not owner.is_active):
        errors["owner"] = _("Ответственный — сотрудник вашего органа.")
    if due_on < (today or timezone.localdate()) and due_on != locked.due_on:
        errors["due_on"] = _("Срок не может быть в прошлом.")
    if len(what.strip()) > MAX_COMMENT:
        errors["what"] = _("Не больше {n} знаков.").format(n=MAX_COMMENT)
    if errors:
        raise ValidationError(errors)
    before = {"what": locked.what, "owner": locked.owner_id, "due_on": str(locked.due_on)}
    locked.what, locked.owner, locked.due_on = what.strip(), owner, due_on
    locked.save(update_fields=["what", "owner", "due_on"])
    after = {"what": locked.what, "owner": locked.owner_id, "due_on": str(locked.due_on)}
    audit_record(
        actor=actor,
        action=Action.ACTION_UPDATE,
        obj=locked,
        body=locked.body,
        changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
    )
    return locked


@transaction.atomic
def list_reviewed(
    *, actor: User, requirement_list: RequirementList, today: dt.date | None = None
) -> RequirementList:
    """The platform's keeper of shared lists marks a list reviewed: its next review is a
    year on (seed 001: «требуют периодической актуализации»)."""
    if not can(actor, Cap.SHARED_CATALOGUE, None):
        raise ValidationError({"list": _("Пересматривает списки администратор платформы.")})
    from standards.seed import REVIEW_DAYS

    locked = RequirementList.objects.select_for_update().get(pk=requirement_list.pk)
    before = locked.review_by
    locked.review_by = (today or timezone.localdate()) + dt.timedelta(days=REVIEW_DAYS)
    locked.save(update_fields=["review_by"])
    audit_record(
        actor=actor,
        action=Action.LIST_REVIEWED,
        obj=locked,
        changes={"review_by": [str(before), str(locked.review_by)]},
    )
    return locked
