"""Touchpoint standards API (R29): the shared requirement lists (open to everyone), a
body's checks and the actions they opened (its staff and its systems with the «standards»
scope). Handlers call the same services and access helpers as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from accounts.access import request_user
from accounts.api_auth import key_or_session
from accounts.models import Scope
from lib.schema_types import ShortText
from standards import access, selectors, services
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


class AnswerOut(Schema):
    code: str
    result: Literal["met", "not_met", "na"]
    comment: str


class CheckOut(Schema):
    id: int
    touchpoint: int = Field(..., alias="touchpoint_id")
    kind: Literal["self", "mystery_visit", "mystery_call"]
    status: Literal["open", "done"]
    list_version: int
    started_at: dt.datetime
    done_at: dt.datetime | None
    score: Decimal | None
    answers: list[AnswerOut]

    @staticmethod
    def resolve_list_version(obj: Check) -> int:
        return obj.requirement_list.version

    @staticmethod
    def resolve_answers(obj: Check) -> list[dict[str, Any]]:
        return [
            {"code": a.requirement.code, "result": a.result, "comment": a.comment}
            for a in obj.answers.all()
        ]


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


@router.post(
    "/standards/checks",
    response={201: CheckOut},
    auth=api_auth,
    summary="Начать проверку точки по списку требований её вида",
)
def start_check(request: HttpRequest, payload: CheckIn) -> Status[Check]:
    user = request_user(request)
    access.get_touchpoint_for_check(user, payload.touchpoint)
    check = services.check_start(actor=user, touchpoint_id=payload.touchpoint, kind=payload.kind)
    return Status(201, access.get_check_for_read(user, check.pk))


@router.get("/standards/checks/{check_id}", response=CheckOut, auth=api_auth, summary="Проверка")
def get_check(request: HttpRequest, check_id: int) -> Check:
    return access.get_check_for_read(request_user(request), check_id)


class AnswerIn(Schema):
    code: ShortText
    result: Literal["met", "not_met", "na"]
    comment: str = Field("", max_length=500)


class CompleteIn(Schema):
    answers: list[AnswerIn] = Field(..., max_length=200)


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
    answers: dict[int, tuple[str, str]] = {
        by_code[a.code].pk: (str(a.result), a.comment) for a in payload.answers
    }
    try:
        services.check_complete(actor=user, check=check, answers=answers)
    except ValidationError as exc:
        codes = {f"{p}{r.pk}": r.code for r in by_code.values() for p in ("r", "c")}
        raise ValidationError(
            {
                f"answers.{codes.get(field, field)}": messages
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
