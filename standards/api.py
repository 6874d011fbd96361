"""Touchpoint standards API (R29): the shared requirement lists (open to everyone), a
body's checks and the actions they opened (its staff and its systems with the «standards»
scope). Handlers call the same services and access helpers as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import AwareDatetime

from accounts.access import request_user
from accounts.api_auth import key_or_session
from accounts.models import Scope
from lib.schema_types import ShortText
from standards import access, selectors, services
from standards.evidence import MAX_BYTES
from standards.models import Check, Remedy

router = Router(tags=["standards"])
#: A key needs the «standards» scope; a signed-in person, the page rules.
api_auth = key_or_session(Scope.STANDARDS)


class RequirementOut(Schema):
    code: str
    text: str
    source: str
    method: str
    can_be_na: bool
    weight: int
    unit: str
    limit: Decimal | None
    driver: str


class ListOut(Schema):
    id: int
    kind: str
    version: int
    title: str
    review_by: dt.date
    overdue: bool
    requirements: list[RequirementOut]

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return bool(obj.is_overdue())


@router.get(
    "/standards/lists",
    response=list[ListOut],
    summary="Списки требований к точкам взаимодействия (R29)",
)
def list_lists(request: HttpRequest) -> Any:
    return list(selectors.current_lists())


class RequirementIn(Schema):
    code: str = Field(..., max_length=20)
    text: str = Field(..., max_length=500)
    method: Literal["observation", "document", "measurement", "test_contact", "product_data"]
    can_be_na: bool = False
    weight: int = Field(1, ge=1, le=5)
    unit: str = Field("", max_length=10)
    limit: Decimal | None = Field(None, ge=0, le=100000, max_digits=9, decimal_places=1)
    driver: str = Field("", max_length=20)
    source: str = Field("", max_length=200)


class VersionIn(Schema):
    title: str = Field("", max_length=200)
    source: str = Field("", max_length=300)
    requirements: list[RequirementIn] = Field(..., max_length=60)


@router.post(
    "/standards/lists/{list_id}/versions",
    response={201: ListOut},
    auth=api_auth,
    summary="Новая версия списка требований (администратор платформы)",
)
def revise_list(request: HttpRequest, list_id: int, payload: VersionIn) -> Status[Any]:
    """The list's next version, with every requirement; an error names the requirement by
    its place in ``requirements`` (``requirements.2.code``); nothing changes until all is
    right (R29)."""
    user = request_user(request)
    current = access.get_list_for_review(user, list_id)
    try:
        made = services.list_revise(
            actor=user,
            requirement_list=current,
            items=[r.dict() for r in payload.requirements],
            title=payload.title,
            source=payload.source,
        )
    except ValidationError as exc:
        raise ValidationError(
            {k.replace("items", "requirements", 1): m for k, m in exc.message_dict.items()}
        ) from None
    return Status(201, selectors.list_detail(made.pk))


class AnswerOut(Schema):
    code: str
    result: Literal["met", "not_met", "na"]
    comment: str
    value: Decimal | None
    auto: bool


class DraftOut(Schema):
    """An answer not final yet: filled from the product's data (``auto``) or saved."""

    code: str
    result: str
    comment: str
    value: Decimal | None
    auto: bool


class EvidenceOut(Schema):
    id: int
    requirement: str | None
    content_type: str
    size: int
    width: int
    height: int
    url: str
    uploaded_at: dt.datetime

    @staticmethod
    def resolve_requirement(obj: Any) -> str | None:
        return obj.requirement.code if obj.requirement else None

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return reverse("standards:evidence", kwargs={"pk": obj.pk})


class CheckOut(Schema):
    id: int
    touchpoint: int = Field(..., alias="touchpoint_id")
    kind: Literal["self", "mystery_visit", "mystery_call"]
    status: Literal["open", "done"]
    list_version: int
    started_at: dt.datetime
    done_at: dt.datetime | None
    score: Decimal | None
    assigned_to: int | None = Field(None, alias="assigned_to_id")
    scenario: str
    due_on: dt.date | None
    visited_at: dt.datetime | None
    answers: list[AnswerOut]
    draft: list[DraftOut]
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_list_version(obj: Check) -> int:
        return obj.requirement_list.version

    @staticmethod
    def resolve_answers(obj: Check) -> list[dict[str, Any]]:
        return [
            {
                "code": a.requirement.code,
                "result": a.result,
                "comment": a.comment,
                "value": a.value,
                "auto": a.auto,
            }
            for a in obj.answers.all()
        ]

    @staticmethod
    def resolve_draft(obj: Check) -> list[dict[str, Any]]:
        if obj.status == Check.Status.DONE:
            return []
        by_pk = {str(r.pk): r.code for r in obj.requirement_list.requirements.all()}
        return [
            {
                "code": by_pk[pk],
                "result": d.get("result", ""),
                "comment": d.get("comment", ""),
                "value": d.get("value"),
                "auto": bool(d.get("auto")),
            }
            for pk, d in obj.draft.items()
            if pk in by_pk and isinstance(d, dict)
        ]

    @staticmethod
    def resolve_evidence(obj: Check) -> list[Any]:
        return list(obj.evidence.all())


class CheckFilter(Schema):
    touchpoint: int | None = Field(None, ge=1)
    status: Literal["open", "done"] | None = None


@router.get("/standards/checks", response=list[CheckOut], auth=api_auth, summary="Проверки органа")
def list_checks(request: HttpRequest, filters: Query[CheckFilter]) -> Any:
    body = access.get_body_for_read(request_user(request))
    return list(
        selectors.checks_of(body, touchpoint_id=filters.touchpoint, status=filters.status or "")
    )


class CheckIn(Schema):
    touchpoint: int = Field(..., ge=1)
    kind: Literal["self", "mystery_visit", "mystery_call"] = "self"
    #: A mystery shopper of the body (a user id), for a mystery visit or call.
    assigned_to: int | None = Field(None, ge=1)
    scenario: str = Field("", max_length=2000)
    due_on: dt.date | None = None


@router.post(
    "/standards/checks",
    response={201: CheckOut},
    auth=api_auth,
    summary="Начать проверку точки по списку требований её вида",
)
def start_check(request: HttpRequest, payload: CheckIn) -> Status[Check]:
    user = request_user(request)
    access.get_touchpoint_for_check(user, payload.touchpoint)
    check = services.check_start(
        actor=user,
        touchpoint_id=payload.touchpoint,
        kind=payload.kind,
        assigned_to=payload.assigned_to,
        scenario=payload.scenario,
        due_on=payload.due_on,
    )
    return Status(201, access.get_check_for_read(user, check.pk))


@router.get(
    "/standards/checks/assigned",
    response=list[CheckOut],
    auth=api_auth,
    summary="Проверки, порученные мне как тайному покупателю",
)
def assigned_checks(request: HttpRequest) -> Any:
    user = request_user(request)
    access.get_shopper_body(user)
    return list(
        selectors.assigned_to(user)
        .select_related("requirement_list")
        .prefetch_related(
            "answers__requirement", "requirement_list__requirements", "evidence__requirement"
        )
    )


@router.get("/standards/checks/{check_id}", response=CheckOut, auth=api_auth, summary="Проверка")
def get_check(request: HttpRequest, check_id: int) -> Check:
    return access.get_check_for_read(request_user(request), check_id)


class AnswerIn(Schema):
    code: ShortText
    result: Literal["met", "not_met", "na"]
    comment: str = Field("", max_length=500)
    #: What was measured, in the requirement's unit (queue minutes, minutes to answer).
    value: Decimal | None = Field(None, ge=0, le=100000, max_digits=9, decimal_places=1)


class CompleteIn(Schema):
    answers: list[AnswerIn] = Field(..., max_length=200)
    #: When the mystery visit or call was made (required for those), with its offset.
    visited_at: AwareDatetime | None = None


@router.post(
    "/standards/checks/{check_id}/complete",
    response=CheckOut,
    auth=api_auth,
    summary="Завершить проверку: ответ по каждому требованию",
)
def complete_check(request: HttpRequest, check_id: int, payload: CompleteIn) -> Check:
    """Every requirement of the check's list answered by its code; an error names the
    requirement (``answers.КЦ-1``); nothing is saved until all are right (R29)."""
    user = request_user(request)
    check = access.get_check_for_write(user, check_id)
    by_code = {r.code: r for r in check.requirement_list.requirements.all()}
    unknown = sorted({a.code for a in payload.answers} - set(by_code))
    if unknown:
        raise ValidationError({"answers": f"Нет требований с кодами: {', '.join(unknown)}."})
    answers: dict[int, services.AnswerIn] = {
        by_code[a.code].pk: (str(a.result), a.comment, a.value) for a in payload.answers
    }
    try:
        services.check_complete(
            actor=user, check=check, answers=answers, visited_at=payload.visited_at
        )
    except ValidationError as exc:
        codes = {f"{p}{r.pk}": r.code for r in by_code.values() for p in ("r", "c", "v")}
        raise ValidationError(
            {
                (f"answers.{codes[field]}" if field in codes else field): messages
                for field, messages in exc.message_dict.items()
            }
        ) from None
    return access.get_check_for_read(user, check_id)


class RemedyOut(Schema):
    id: int
    touchpoint: int = Field(..., alias="touchpoint_id")
    code: str
    requirement: str = Field(..., alias="requirement_text")
    what: str
    owner: str | None
    due_on: dt.date
    overdue: bool
    opened_by: int = Field(..., alias="opened_by_id")

    @staticmethod
    def resolve_owner(obj: Remedy) -> str | None:
        return obj.owner.display_name if obj.owner else None

    @staticmethod
    def resolve_overdue(obj: Remedy) -> bool:
        return obj.is_overdue()


@router.get(
    "/standards/actions",
    response=list[RemedyOut],
    auth=api_auth,
    summary="Открытые задачи по невыполненным требованиям",
)
def list_actions(request: HttpRequest) -> Any:
    return list(selectors.open_remedies(access.get_body_for_read(request_user(request))))


@router.post(
    "/standards/checks/{check_id}/evidence",
    response={201: EvidenceOut},
    auth=api_auth,
    summary="Добавить фото к проверке (JPEG, PNG или WebP до 10 МБ; EXIF удаляется)",
)
def add_evidence(
    request: HttpRequest,
    check_id: int,
    file: File[UploadedFile | None] = None,
    requirement: Form[str] = "",
) -> Status[Any]:
    """The photo's real type and size are checked; its EXIF (the place it was taken) is
    removed before it is stored. ``requirement`` is a requirement's code, or empty."""
    user = request_user(request)
    check = access.get_check_for_write(user, check_id)
    if file is None:
        raise ValidationError({"file": "Приложите фото в поле file (multipart/form-data)."})
    requirement_id = None
    if requirement:
        found = check.requirement_list.requirements.filter(code=requirement).first()
        if found is None:
            raise ValidationError({"requirement": "Нет требования с таким кодом в этой проверке."})
        requirement_id = found.pk
    if file.size is not None and file.size > MAX_BYTES:
        raise ValidationError({"file": f"Фото больше {MAX_BYTES // (1024 * 1024)} МБ."})
    try:
        evidence = services.evidence_add(
            actor=user, check=check, data=file.read(), requirement_id=requirement_id
        )
    except ValidationError as exc:
        raise ValidationError(
            {("file" if f == "photos" else f): m for f, m in exc.message_dict.items()}
        ) from None
    return Status(201, evidence)


class ScheduleIO(Schema):
    every_days: int = Field(..., ge=30, le=730)


@router.get(
    "/standards/schedule",
    response=ScheduleIO,
    auth=api_auth,
    summary="Как часто орган проверяет каждую точку",
)
def get_schedule(request: HttpRequest) -> Any:
    body = access.get_body_for_read(request_user(request))
    return services.schedule_of(body.pk)


@router.put(
    "/standards/schedule",
    response=ScheduleIO,
    auth=api_auth,
    summary="Задать периодичность проверок точек",
)
def put_schedule(request: HttpRequest, payload: ScheduleIO) -> Any:
    user = request_user(request)
    body = access.get_body_for_edit(user)
    return services.schedule_set(actor=user, body_id=body.pk, every_days=payload.every_days)
