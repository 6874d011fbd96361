"""Writes of touchpoint standards (R29): checks of a touchpoint against its kind's list,
the actions they open and close, the lists' periodic review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import localize
from django.utils.translation import gettext as _

from accounts.access import require_editor
from accounts.models import Role, User
from accounts.roles import Cap, can
from audit.services import audit_record
from mailings.services import mail_send
from registry import selectors as registry
from standards.actions import Action
from standards.models import (
    Answer,
    Check,
    DueNotice,
    Evidence,
    Remedy,
    Requirement,
    RequirementList,
    Schedule,
)

#: Days an action for a failed requirement has by default; its owner may set another.
REMEDY_DAYS = 30
#: Days a mystery shopper has for an assigned visit or call by default.
MYSTERY_DAYS = 14
MAX_COMMENT = 500
MAX_SCENARIO = 2000
MAX_VALUE = 100_000


def current_list(kind: str) -> RequirementList | None:
    return RequirementList.objects.filter(kind=kind, is_current=True).first()


def _shopper_of(body_id: int, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    return User.objects.filter(
        pk=user_id, body_id=body_id, role=Role.SHOPPER, is_active=True
    ).first()


def may_fill(actor: User, check: Check) -> bool:
    """The mystery shopper the check is assigned to, or the body's editors."""
    if check.assigned_to_id is not None and check.assigned_to_id == actor.pk:
        return can(actor, Cap.MYSTERY_SHOP, check.body_id)
    return can(actor, Cap.EDIT, check.body_id)


def _require_filler(actor: User, check: Check) -> None:
    if not may_fill(actor, check):
        raise ValidationError({"check": _("Эту проверку заполняет другой сотрудник.")})


@transaction.atomic
def check_start(
    *,
    actor: User,
    touchpoint_id: int,
    kind: str = Check.Kind.SELF,
    assigned_to: int | None = None,
    scenario: str = "",
    due_on: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Check:
    """Start a check of the body's touchpoint against the current list of its kind; a
    check already open for the place is the one to finish, not a second. A mystery visit
    or call may be assigned to one of the body's mystery shoppers, with a scenario (the
    kind's own by default) and a date to make it by. What the product can check itself
    is filled in at once from its own data (``product_data``)."""
    from standards import product_data
    from standards.scenarios import scenario_for

    touchpoint = registry.touchpoint_detail(pk=touchpoint_id)
    if touchpoint is None:
        raise ValidationError({"touchpoint": _("Нет такой точки взаимодействия.")})
    require_editor(actor, touchpoint.body_id, field="touchpoint")
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if kind not in Check.Kind.values:
        errors["kind"] = _("Выберите вид проверки из списка.")
    shopper = _shopper_of(touchpoint.body_id, assigned_to)
    if assigned_to is not None and kind == Check.Kind.SELF:
        errors["assigned_to"] = _("Самооценку проводит сам орган: тайный покупатель не нужен.")
    elif assigned_to is not None and shopper is None:
        errors["assigned_to"] = _("Выберите тайного покупателя вашего органа из списка.")
    if due_on is not None and due_on < timezone.localdate(now):
        errors["due_on"] = _("Срок не может быть в прошлом.")
    elif due_on is not None and due_on > timezone.localdate(now) + dt.timedelta(days=365):
        errors["due_on"] = _("Срок — не дальше чем через год.")
    if len(scenario) > MAX_SCENARIO:
        errors["scenario"] = _("Не больше {n} знаков.").format(n=MAX_SCENARIO)
    if errors:
        raise ValidationError(errors)
    requirement_list = current_list(touchpoint.kind)
    if requirement_list is None:
        raise ValidationError({"touchpoint": _("Для точек этого вида пока нет списка требований.")})
    busy = ValidationError({"touchpoint": _("Проверка этой точки уже идёт: закончите её.")})
    if Check.objects.filter(touchpoint_id=touchpoint.pk, status=Check.Status.OPEN).exists():
        raise busy
    mystery = kind != Check.Kind.SELF
    requirements = list(requirement_list.requirements.all())
    try:
        with transaction.atomic():
            check = Check.objects.create(
                body_id=touchpoint.body_id,
                touchpoint_id=touchpoint.pk,
                requirement_list=requirement_list,
                kind=kind,
                started_by=actor,
                started_at=now,
                assigned_to=shopper,
                scenario=scenario.strip()
                or (scenario_for(touchpoint.kind, kind) if mystery else ""),
                due_on=due_on
                or (timezone.localdate(now) + dt.timedelta(days=MYSTERY_DAYS) if mystery else None),
                draft=product_data.fill(touchpoint, requirements, now=now),
            )
    except IntegrityError:  # a second click at the same moment: one check is enough
        raise busy from None
    audit_record(
        actor=actor,
        action=Action.CHECK_START,
        obj=check,
        body=touchpoint.body,
        changes={
            "touchpoint": touchpoint.title,
            "list": str(requirement_list),
            "kind": kind,
            "assigned_to": shopper.pk if shopper else None,
            "filled_from_data": sorted(check.draft),
        },
    )
    if shopper is not None and shopper.email:
        transaction.on_commit(partial(_tell_shopper, check.pk), robust=True)
    return check


def _tell_shopper(check_pk: int) -> None:
    check = Check.objects.select_related("touchpoint", "assigned_to").get(pk=check_pk)
    assert check.assigned_to is not None
    from django.urls import reverse

    mail_send(
        email=check.assigned_to.email,
        topic="standards_checks",
        subject=_("Вам назначена проверка: {place}").format(place=check.touchpoint.title),
        body=_("{kind}: {place}, {address}.\nПровести до {due}.\n\n{scenario}\n\n{url}").format(
            kind=check.get_kind_display(),
            place=check.touchpoint.title,
            address=check.touchpoint.address or "—",
            due=check.due_on.strftime("%d.%m.%Y") if check.due_on else "—",
            scenario=check.scenario,
            url=settings.SITE_URL + (reverse("standards:check", kwargs={"pk": check.pk})),
        ),
    )


def score_of(requirements: list[Requirement], results: dict[int, str]) -> Decimal | None:
    """The weighted share of applicable requirements met, 0–100 (one decimal); None when
    nothing applies."""
    applicable = [r for r in requirements if results.get(r.pk) != Answer.Result.NA]
    total = sum(r.weight for r in applicable)
    if not total:
        return None
    met = sum(r.weight for r in applicable if results.get(r.pk) == Answer.Result.MET)
    return (Decimal(met * 100) / Decimal(total)).quantize(Decimal("0.1"))


#: What a checker sends per requirement: the result, a comment, a measured value.
AnswerIn = tuple[str, str] | tuple[str, str, Decimal | None]


def _value(answer: AnswerIn) -> Decimal | None:
    _result, _comment, *rest = answer
    return rest[0] if rest else None


def _answer_errors(
    check: Check, requirement: Requirement, answer: AnswerIn, *, final: bool
) -> dict[str, str]:
    result, comment = answer[0], answer[1]
    value = _value(answer)
    pk = requirement.pk
    errors: dict[str, str] = {}
    if (final or result) and result not in Answer.Result.values:
        errors[f"r{pk}"] = (
            _("{code}: отметьте — выполнено, не выполнено или неприменимо.")
            if requirement.can_be_na
            else _("{code}: отметьте — выполнено или не выполнено.")
        ).format(code=requirement.code)
    elif result == Answer.Result.NA and not requirement.can_be_na:
        errors[f"r{pk}"] = _("Это требование применимо всегда: отметьте, выполнено ли оно.")
    elif final and result == Answer.Result.NOT_MET and not comment.strip():
        errors[f"c{pk}"] = _("{code}: напишите, что не так, — это станет задачей.").format(
            code=requirement.code
        )
    if len(comment) > MAX_COMMENT:
        errors[f"c{pk}"] = _("Не больше {n} знаков.").format(n=MAX_COMMENT)
    if value is not None and not requirement.unit:
        errors[f"v{pk}"] = _("Для этого требования ничего не измеряют.")
    elif value is not None and (value < 0 or value > MAX_VALUE):
        errors[f"v{pk}"] = _("Впишите число от 0 до {n}.").format(n=MAX_VALUE)
    elif (
        final
        and value is None
        and requirement.unit
        and result in (Answer.Result.MET, Answer.Result.NOT_MET)
        and check.kind != Check.Kind.SELF
    ):
        errors[f"v{pk}"] = _("{code}: впишите, сколько намерили, в {unit}.").format(
            code=requirement.code, unit=requirement.unit
        )
    elif (
        value is not None
        and requirement.limit is not None
        and result == Answer.Result.MET
        and value > requirement.limit
    ):
        errors[f"v{pk}"] = _(
            "Намерили {v} {unit}, а норма — не больше {limit} {unit}: требование не выполнено."
        ).format(
            v=localize(value.normalize()),
            unit=requirement.unit,
            limit=localize(requirement.limit.normalize()),
        )
    return errors


def _locked(check: Check) -> Check:
    return (
        Check.objects.select_for_update(of=("self",))
        .select_related("touchpoint", "body")
        .get(pk=check.pk)
    )


@transaction.atomic
def check_save_draft(
    *,
    actor: User,
    check: Check,
    answers: Mapping[int, AnswerIn],
    visited_at: dt.datetime | None = None,
) -> Check:
    """Keep what the checker has answered so far — on a phone, between rooms of an office —
    without finishing: nothing is required yet, but what is there must make sense. An
    answer left as the product filled it stays marked as the product's."""
    check = _locked(check)
    _require_filler(actor, check)
    if check.status == Check.Status.DONE:
        raise ValidationError({"check": _("Эта проверка уже завершена.")})
    errors: dict[str, str] = {}
    draft = dict(check.draft)
    for requirement in check.requirement_list.requirements.all():
        answer = answers.get(requirement.pk)
        if answer is None:
            continue
        errors |= _answer_errors(check, requirement, answer, final=False)
        value = _value(answer)
        key = str(requirement.pk)
        before = draft.get(key, {})
        if answer[0] or answer[1].strip() or value is not None:
            draft[key] = {
                "result": answer[0],
                "comment": answer[1].strip(),
                "value": None if value is None else str(value),
                "auto": bool(before.get("auto"))
                and (before.get("result"), before.get("comment")) == (answer[0], answer[1].strip()),
            }
        else:
            draft.pop(key, None)
    if visited_at is not None and visited_at > timezone.now():
        errors["visited_at"] = _("Визит или звонок не может быть в будущем.")
    elif visited_at is not None:
        draft["visited_at"] = visited_at.isoformat()
    if errors:
        raise ValidationError(errors)
    check.draft = draft
    check.save(update_fields=["draft"])
    return check


@transaction.atomic
def check_complete(
    *,
    actor: User,
    check: Check,
    answers: Mapping[int, AnswerIn],
    visited_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Check:
    """Finish a check: every requirement of its list answered — met, not met (with what is
    wrong: it becomes the action's task) or not applicable where the requirement allows it
    (R29); a measured requirement with what was measured on a mystery visit or call, and
    never «met» beyond its limit; a mystery visit or call with when it was made. A
    requirement not met opens one action for the place (not a second while one is
    open); one met, or found not to apply, closes the open action for it — except that the
    body's own self-assessment does not close what an outside check (a mystery visit or
    call) found. Requirement codes stay the same across a list's versions, so an action
    follows its requirement. The assigned mystery shopper or the body's editors finish
    it. All or nothing."""
    check = _locked(check)
    _require_filler(actor, check)
    if check.status == Check.Status.DONE:
        raise ValidationError({"check": _("Эта проверка уже завершена.")})
    now = now or timezone.now()
    requirements = list(check.requirement_list.requirements.all())
    errors: dict[str, str] = {}
    results: dict[int, str] = {}
    for requirement in requirements:
        answer = answers.get(requirement.pk, ("", ""))
        errors |= _answer_errors(check, requirement, answer, final=True)
        results[requirement.pk] = answer[0]
    if check.kind != Check.Kind.SELF:
        if visited_at is None:
            errors["visited_at"] = _("Укажите, когда был визит или звонок.")
        elif visited_at > now:
            errors["visited_at"] = _("Визит или звонок не может быть в будущем.")
        elif visited_at < check.started_at - dt.timedelta(days=1):
            errors["visited_at"] = _("Визит или звонок — после того, как проверку назначили.")
    if errors:
        raise ValidationError(errors)
    auto = {int(k) for k, v in check.draft.items() if isinstance(v, dict) and v.get("auto")}
    Answer.objects.bulk_create(
        Answer(
            check_ref=check,
            requirement=r,
            result=results[r.pk],
            comment=answers[r.pk][1].strip(),
            value=_value(answers[r.pk]),
            auto=r.pk in auto
            and check.draft[str(r.pk)]["result"] == results[r.pk]
            and check.draft[str(r.pk)]["comment"] == answers[r.pk][1].strip(),
        )
        for r in requirements
    )
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
    check.status, check.done_at, check.visited_at = Check.Status.DONE, now, visited_at
    check.score = score_of(requirements, results)
    check.save(update_fields=["status", "done_at", "score", "visited_at"])
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
    if due_on != locked.due_on:
        locked.escalated_at = None  # a new date missed again is the head's to hear again
    locked.what, locked.owner, locked.due_on = what.strip(), owner, due_on
    locked.save(update_fields=["what", "owner", "due_on", "escalated_at"])
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


# --- evidence ---------------------------------------------------------------------------


def evidence_add(
    *,
    actor: User,
    check: Check,
    data: bytes,
    requirement_id: int | None = None,
    now: dt.datetime | None = None,
) -> Evidence:
    """A photo for an open check, stored through Django's storage API with its EXIF
    (location, time, device) removed; the file's size and real type are checked first.
    The photo is decoded and stored before the check is locked, so that nothing else waits
    on it; a row that then cannot be written takes its file with it."""
    from django.core.files.base import ContentFile

    from standards.evidence import MAX_PER_CHECK, clean_photo

    _require_filler(actor, check)
    finished = ValidationError({"photos": _("Проверка завершена: фото к ней не добавить.")})
    if check.status == Check.Status.DONE:
        raise finished
    requirement = None
    if requirement_id is not None:
        requirement = check.requirement_list.requirements.filter(pk=requirement_id).first()
        if requirement is None:
            raise ValidationError({"requirement": _("Выберите требование этой проверки.")})
    photo = clean_photo(data)
    evidence = Evidence(
        check_ref_id=check.pk,
        requirement=requirement,
        content_type=photo.content_type,
        size=len(photo.content),
        width=photo.width,
        height=photo.height,
        uploaded_by=actor,
        uploaded_at=now or timezone.now(),
    )
    evidence.file.save(f"photo.{photo.extension}", ContentFile(photo.content), save=False)
    try:
        with transaction.atomic():
            locked = _locked(check)
            if locked.status == Check.Status.DONE:
                raise finished
            if locked.evidence.count() >= MAX_PER_CHECK:
                raise ValidationError(
                    {"photos": _("К одной проверке — не больше {n} фото.").format(n=MAX_PER_CHECK)}
                )
            evidence.save()
            audit_record(
                actor=actor,
                action=Action.EVIDENCE_ADD,
                obj=locked,
                body=locked.body,
                changes={
                    "evidence": evidence.pk,
                    "requirement": requirement.code if requirement else "",
                },
            )
    except BaseException:
        evidence.file.storage.delete(evidence.file.name)
        raise
    return evidence


@transaction.atomic
def evidence_remove(*, actor: User, evidence: Evidence) -> None:
    """Take back a photo from a check still open (a wrong shot); the file goes once the
    row is gone."""
    check = _locked(evidence.check_ref)
    _require_filler(actor, check)
    if check.status == Check.Status.DONE:
        raise ValidationError({"photos": _("Проверка завершена: её фото не удалить.")})
    storage, name = evidence.file.storage, evidence.file.name
    pk = evidence.pk
    evidence.delete()
    transaction.on_commit(partial(storage.delete, name))
    audit_record(
        actor=actor,
        action=Action.EVIDENCE_REMOVE,
        obj=check,
        body=check.body,
        changes={"evidence": pk},
    )


# --- the schedule and its reminders ------------------------------------------------------


def schedule_of(body_id: int) -> Schedule:
    return Schedule.objects.filter(body_id=body_id).first() or Schedule(body_id=body_id)


@transaction.atomic
def schedule_set(*, actor: User, body_id: int, every_days: int) -> Schedule:
    """How often each of the body's touchpoints is re-checked (R29)."""
    require_editor(actor, body_id, field="every_days")
    if not Schedule.MIN_DAYS <= every_days <= Schedule.MAX_DAYS:
        raise ValidationError(
            {
                "every_days": _("От {a} до {b} дней.").format(
                    a=Schedule.MIN_DAYS, b=Schedule.MAX_DAYS
                )
            }
        )
    schedule, _created = Schedule.objects.select_for_update().get_or_create(body_id=body_id)
    before = schedule.every_days if not _created else None
    schedule.every_days = every_days
    schedule.save(update_fields=["every_days"])
    audit_record(
        actor=actor,
        action=Action.SCHEDULE_SET,
        obj=schedule,
        body=schedule.body,
        changes={"every_days": [before, every_days]},
    )
    return schedule


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """The runner's daily round (R29): the body's editors hear of each place whose re-check
    is due, once per due date (a place never checked, once per the body's interval); the
    body's heads hear of each action past its date, once. Every reminder is claimed (a
    unique row, a conditional update) before it is mailed, so a round run twice never
    mails twice; a mail server's failure loses that one letter, not the round."""
    from lib.claim import claim
    from standards import selectors

    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    intervals: dict[int, int] = {}
    for due in selectors.checks_due(today=today):
        place = due.touchpoint
        if due.last_done is None:  # never checked: due «today» every day, so told once a term
            every = intervals.setdefault(place.body_id, schedule_of(place.body_id).every_days)
            told = (
                DueNotice.objects.filter(touchpoint_id=place.pk)
                .order_by("-due_on")
                .values_list("due_on", flat=True)
                .first()
            )
            if told is not None and told + dt.timedelta(days=every) > today:
                continue
        try:
            with transaction.atomic():
                DueNotice.objects.create(touchpoint_id=place.pk, due_on=due.due_on)
                for email in _emails(place.body_id, EDITOR_ROLES):
                    _mail_later(
                        email,
                        _("Пора проверить: {place}").format(place=place.title),
                        _(
                            "Срок проверки точки «{place}» — {due}.\nНазначьте проверку: {url}"
                        ).format(
                            place=place.title,
                            due=due.due_on.strftime("%d.%m.%Y"),
                            url=settings.SITE_URL + _board_url(),
                        ),
                    )
        except IntegrityError:  # told already about this due date
            continue
        sent += 1
    overdue = Remedy.objects.open().filter(due_on__lt=today, escalated_at__isnull=True)
    for pk in list(overdue.values_list("pk", flat=True)):
        with transaction.atomic():
            if not claim(Remedy.objects.filter(pk=pk, escalated_at__isnull=True), escalated_at=now):
                continue
            remedy = Remedy.objects.select_related("touchpoint", "owner").get(pk=pk)
            for email in _emails(remedy.body_id, (Role.HEAD,)):
                _mail_later(
                    email,
                    _("Просрочена задача по стандарту: {place}").format(
                        place=remedy.touchpoint.title
                    ),
                    _("{code}. {text}\nСрок был {due}. Ответственный: {who}.\n{url}").format(
                        code=remedy.code,
                        text=remedy.requirement_text,
                        due=remedy.due_on.strftime("%d.%m.%Y"),
                        who=remedy.owner.display_name if remedy.owner else _("не назначен"),
                        url=settings.SITE_URL + _board_url(),
                    ),
                )
            sent += 1
    return sent


def _mail_later(email: str, subject: str, body: str) -> None:
    """Mail once the claim is committed; a failure is logged, and the round goes on."""
    transaction.on_commit(
        partial(mail_send, email=email, topic="standards_checks", subject=subject, body=body),
        robust=True,
    )


#: Who hears that a re-check is due: those who start checks.
EDITOR_ROLES = (Role.ANALYST, Role.BODY_ADMIN)


def _emails(body_id: int, roles: tuple[str, ...]) -> list[str]:
    return list(
        User.objects.filter(body_id=body_id, role__in=roles, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _board_url() -> str:
    from django.urls import reverse

    return reverse("standards:board")


# --- a list's new version ----------------------------------------------------------------

#: What a requirement of a new version is made of.
REQUIREMENT_FIELDS = (
    "code",
    "text",
    "method",
    "can_be_na",
    "weight",
    "unit",
    "limit",
    "driver",
    "source",
)
MAX_REQUIREMENTS = 60


def _requirement_errors(i: int, item: dict[str, Any], seen: set[str]) -> dict[str, str]:
    from feedback.selectors import DRIVER_CODES

    errors: dict[str, str] = {}
    code = str(item.get("code") or "").strip()
    key = f"items.{i}"
    if not code:
        errors[f"{key}.code"] = _("Впишите код требования, например «ПР-12».")
    elif len(code) > 20:
        errors[f"{key}.code"] = _("Код — не больше 20 знаков.")
    elif code.upper() in seen:
        errors[f"{key}.code"] = _("Код «{code}» в списке уже есть.").format(code=code)
    seen.add(code.upper())
    text = str(item.get("text") or "").strip()
    if not text:
        errors[f"{key}.text"] = _("Напишите, что требуется.")
    elif len(text) > 500:
        errors[f"{key}.text"] = _("Не больше 500 знаков.")
    if item.get("method") not in Requirement.Method.values:
        errors[f"{key}.method"] = _("Выберите, как проверяют, из списка.")
    weight = item.get("weight")
    if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= 5:
        errors[f"{key}.weight"] = _("Вес — целое число от 1 до 5.")
    unit = str(item.get("unit") or "").strip()
    limit = item.get("limit")
    if len(unit) > 10:
        errors[f"{key}.unit"] = _("Не больше 10 знаков.")
    if limit is not None and not unit:
        errors[f"{key}.unit"] = _("У нормы нужна единица измерения, например «мин».")
    if limit is not None and (limit < 0 or limit > MAX_VALUE):
        errors[f"{key}.limit"] = _("Впишите число от 0 до {n}.").format(n=MAX_VALUE)
    if (item.get("driver") or "") not in ("", *DRIVER_CODES):
        errors[f"{key}.driver"] = _("Выберите причину оценки из списка.")
    if len(str(item.get("source") or "")) > 200:
        errors[f"{key}.source"] = _("Не больше 200 знаков.")
    return errors


@transaction.atomic
def list_revise(
    *,
    actor: User,
    requirement_list: RequirementList,
    items: list[dict[str, Any]],
    title: str = "",
    source: str = "",
    today: dt.date | None = None,
) -> RequirementList:
    """A new version of a kind's list (R29): the requirements as the keeper of shared lists
    wrote them, due for review a year on. Checks already made or under way keep the
    version they were made against; an open action for a requirement the new version no
    longer has is closed (nothing will ever check it again), and the audit says so. Codes
    carry an action across versions, so a requirement kept keeps its code."""
    from standards.seed import REVIEW_DAYS

    if not can(actor, Cap.SHARED_CATALOGUE, None):
        raise ValidationError({"list": _("Списки меняет администратор платформы.")})
    current = RequirementList.objects.select_for_update().get(pk=requirement_list.pk)
    if not current.is_current:
        raise ValidationError({"list": _("Это не текущая версия списка: откройте текущую.")})
    errors: dict[str, str] = {}
    if not items:
        errors["items"] = _("В списке должно быть хотя бы одно требование.")
    elif len(items) > MAX_REQUIREMENTS:
        errors["items"] = _("Не больше {n} требований.").format(n=MAX_REQUIREMENTS)
    seen: set[str] = set()
    for i, item in enumerate(items[:MAX_REQUIREMENTS]):
        errors |= _requirement_errors(i, item, seen)
    title, source = title.strip() or current.title, source.strip() or current.source
    if len(title) > 200:
        errors["title"] = _("Не больше 200 знаков.")
    if len(source) > 300:
        errors["source"] = _("Не больше 300 знаков.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    current.is_current = False
    current.save(update_fields=["is_current"])
    made = RequirementList.objects.create(
        kind=current.kind,
        version=current.version + 1,
        title=title,
        source=source,
        review_by=(today or timezone.localdate()) + dt.timedelta(days=REVIEW_DAYS),
        created_at=now,
    )
    Requirement.objects.bulk_create(
        Requirement(
            requirement_list=made,
            code=str(item["code"]).strip(),
            text=str(item["text"]).strip(),
            source=str(item.get("source") or "").strip() or source,
            method=item["method"],
            can_be_na=bool(item.get("can_be_na")),
            weight=item["weight"],
            position=i,
            unit=str(item.get("unit") or "").strip(),
            limit=item.get("limit"),
            driver=item.get("driver") or "",
        )
        for i, item in enumerate(items, start=1)
    )
    before = {r.code: r for r in current.requirements.all()}
    after = {str(item["code"]).strip() for item in items}
    removed = sorted(set(before) - after)
    withdrawn = list(
        Remedy.objects.open().filter(
            touchpoint__kind=current.kind, code__in=removed
        ).values_list("pk", flat=True)
    )  # fmt: skip
    Remedy.objects.filter(pk__in=withdrawn).update(closed_at=now)
    changed = sorted(
        str(item["code"]).strip()
        for item in items
        if (old := before.get(str(item["code"]).strip())) is not None
        and (old.text, old.method, old.can_be_na, old.weight)
        != (str(item["text"]).strip(), item["method"], bool(item.get("can_be_na")), item["weight"])
    )
    audit_record(
        actor=actor,
        action=Action.LIST_REVISED,
        obj=made,
        changes={
            "version": [current.version, made.version],
            "added": sorted(after - set(before)),
            "removed": removed,
            "changed": changed,
            "actions_closed": withdrawn,
        },
    )
    return made
